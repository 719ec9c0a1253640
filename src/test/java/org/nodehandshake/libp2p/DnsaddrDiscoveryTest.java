package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.testing.FakeDns;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * dnsaddr records read through a fake DNS on 127.0.0.1, one rule a test: recursion, the depth and record
 * caps, loops and duplicates, the peer-id filter, unsupported transports counted, addresses without an id,
 * /dns4 entries, the address cap, the deadline, and multiaddr seeds. Nothing is dialled. The discovery is
 * protocol-neutral below the seed, so a Bitcoin preset stands in for the network. FakeDns answers in 512
 * bytes, so each name holds only a few records.
 */
class DnsaddrDiscoveryTest {

    private static final Duration LOOKUP = Duration.ofSeconds(2);
    private static final DnsaddrDiscovery.Limits D = DnsaddrDiscovery.Limits.DEFAULTS;
    static final PeerId A = peer(1);
    static final PeerId B = peer(2);
    static final PeerId C = peer(3);

    private FakeDns dns;

    /** A made-up Ed25519 peer id (the key protobuf of 32 fixed bytes). */
    static PeerId peer(int n) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        for (int i = 4; i < 36; i++) {
            key[i] = (byte) (n * 31 + i);
        }
        return PeerId.ofEncodedKey(key);
    }

    @BeforeEach
    void startDns() throws Exception {
        dns = new FakeDns();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private SeedResolver resolver(int maxAddresses, boolean allowPrivate, Duration lookup) throws Exception {
        return new SeedResolver(SeedResolver.resolverFor(Optional.of(new HostAndPort("127.0.0.1", dns.port())), lookup),
                lookup, maxAddresses, allowPrivate);
    }

    private Resolution discover(String name, DnsaddrDiscovery.Limits limits, int maxAddresses, boolean allowPrivate)
            throws Exception {
        Seed seed = new Seed(name, 4001, BitcoinNetwork.BITCOIN);
        return new DnsaddrDiscovery(limits).discover(seed, resolver(maxAddresses, allowPrivate, LOOKUP))
                .get(30, TimeUnit.SECONDS);
    }

    private Resolution discover(String name) throws Exception {
        return discover(name, D, 64, false);
    }

    private void txt(String name, String... entries) {
        dns.txt("_dnsaddr." + name, entries);
    }

    private static String ip4(String ip, int port, PeerId id) {
        return "dnsaddr=/ip4/" + ip + "/tcp/" + port + "/p2p/" + id;
    }

    private static String link(String name, PeerId id) {
        return "dnsaddr=/dnsaddr/" + name + "/p2p/" + id;
    }

    private static Set<String> endpoints(Resolution r) {
        return r.targets().stream().map(t -> t.endpoint() + "=" + t.identity().orElseThrow()).collect(Collectors.toSet());
    }

    private static DnsaddrDiscovery.Limits limits(int depth, int records, int lookups, int perName, Duration deadline) {
        return new DnsaddrDiscovery.Limits(depth, records, lookups, perName, D.maxTxtChars(), deadline, D.parallelLookups());
    }

    @Test
    void theBootstrapShapeRecursesOnceAndCountsWhatItDoesNotDial() throws Exception {
        txt("boot.test", link("a.boot.test", A), link("b.boot.test", B));
        txt("a.boot.test", ip4("10.0.0.1", 4001, A), "dnsaddr=/ip6/fd00::1/tcp/4001/p2p/" + A,
                "dnsaddr=/ip4/10.0.0.1/udp/4001/quic-v1/p2p/" + A,
                "dnsaddr=/dns4/a.boot.test/tcp/443/wss/p2p/" + A);
        txt("b.boot.test", ip4("10.0.0.2", 4001, B));
        Resolution r = discover("boot.test");
        assertEquals(Optional.empty(), r.error());
        assertEquals(Set.of("10.0.0.1:4001=" + A, "[fd00:0:0:0:0:0:0:1]:4001=" + A, "10.0.0.2:4001=" + B), endpoints(r));
        assertTrue(r.targets().stream().noneMatch(HandshakeTarget::contact), "private addresses, allow-private off");
        Map<String, Object> f = r.discovery();
        assertEquals("dnsaddr", f.get("list"));
        assertEquals(7, f.get("recordsFetched"));
        assertEquals(3, f.get("lookups"));
        assertEquals(3, f.get("addressesFound"));
        assertEquals(3, f.get("notRoutable"));
        assertEquals(Map.of("quic-v1", 1, "wss", 1), f.get("notSupported"));
        assertEquals(Map.of(), f.get("skipped"));
        assertFalse(f.containsKey("truncated"));
        assertEquals(List.of("list", "recordsFetched", "lookups", "addressesFound", "notRoutable", "duplicates", "loops",
                "skipped", "notSupported"), List.copyOf(f.keySet()), "the report's keys, in order");
    }

    @Test
    void privateAddressesAreContactedOnlyWhenAllowed() throws Exception {
        txt("p.test", ip4("10.0.0.1", 4001, A));
        assertTrue(discover("p.test", D, 64, true).targets().get(0).contact());
        assertFalse(discover("p.test", D, 64, false).targets().get(0).contact());
    }

    @Test
    void anEntryWhoseIdDiffersFromItsParentsIsDropped() throws Exception {
        txt("m.test", link("sub.m.test", A));
        txt("sub.m.test", ip4("10.0.0.1", 1, A), ip4("10.0.0.2", 2, C), "dnsaddr=/ip4/10.0.0.3/tcp/3",
                link("deeper.m.test", C));
        Resolution r = discover("m.test");
        assertEquals(Set.of("10.0.0.1:1=" + A), endpoints(r));
        assertEquals(Map.of("peer-id-mismatch", 3), r.discovery().get("skipped"));
        assertFalse(dns.asked("_dnsaddr.deeper.m.test", Type.TXT), "a link naming another peer is not followed");
    }

    @Test
    void aNameAskedForTwoPeersIsLookedUpOnceAndFilteredForEach() throws Exception {
        txt("two.test", link("shared.two.test", A), link("shared.two.test", B));
        txt("shared.two.test", ip4("10.0.0.1", 1, A), ip4("10.0.0.2", 2, B));
        Resolution r = discover("two.test");
        assertEquals(Set.of("10.0.0.1:1=" + A, "10.0.0.2:2=" + B), endpoints(r));
        assertEquals(Map.of("peer-id-mismatch", 2), r.discovery().get("skipped"));
        assertEquals(1, dns.queries().stream().filter(q -> q.name().equals("_dnsaddr.shared.two.test.")).count());
        assertEquals(2, r.discovery().get("lookups"));
    }

    @Test
    void entriesWithoutAPeerIdAreCountedAsMissingIdentity() throws Exception {
        txt("anon.test", "dnsaddr=/ip4/10.0.0.1/tcp/4001", "dnsaddr=/dns4/x.anon.test/tcp/4001",
                "dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + A + "/p2p-circuit");
        Resolution r = discover("anon.test");
        assertTrue(r.targets().isEmpty());
        assertEquals(Map.of("missing-identity", 3), r.discovery().get("skipped"));
        assertTrue(r.error().orElseThrow().contains("no TCP address with a peer id"), r.error().orElseThrow());
        assertTrue(r.error().orElseThrow().contains("missing-identity 3"), r.error().orElseThrow());
    }

    @Test
    void nonTcpTransportsAreCountedByTransportAndReported() throws Exception {
        txt("q.test", "dnsaddr=/ip4/10.0.0.1/udp/4001/quic-v1/p2p/" + A, "dnsaddr=/ip4/10.0.0.1/udp/4001/quic/p2p/" + A,
                "dnsaddr=/ip4/10.0.0.1/udp/4001/quic-v1/p2p/" + B);
        txt("q2.test", "dnsaddr=/ip4/10.0.0.1/udp/4001/quic-v1/webtransport/p2p/" + A,
                "dnsaddr=/ip4/10.0.0.1/tcp/80/ws/p2p/" + A,
                "dnsaddr=/ip4/10.0.0.1/udp/1/webrtc-direct/p2p/" + A);
        Resolution r = discover("q.test");
        assertEquals(Map.of("quic-v1", 2, "quic", 1), r.discovery().get("notSupported"));
        assertTrue(r.error().orElseThrow().contains("not supported: quic 1, quic-v1 2"), r.error().orElseThrow());
        assertEquals(Map.of("webtransport", 1, "ws", 1, "webrtc", 1), discover("q2.test").discovery().get("notSupported"));
    }

    @Test
    void recursionStopsAtTheDepthCap() throws Exception {
        // chain: d0 -> d1 -> d2 -> d3, each holding one address of its own
        for (int i = 0; i < 4; i++) {
            PeerId id = peer(10 + i);
            if (i < 3) {
                txt("d" + i + ".test", ip4("10.0.1." + i, 1, id), "dnsaddr=/dnsaddr/d" + (i + 1) + ".test");
            } else {
                txt("d" + i + ".test", ip4("10.0.1." + i, 1, id));
            }
        }
        Resolution r = discover("d0.test", limits(2, 256, 64, 64, D.deadline()), 64, false);
        assertEquals(3, r.targets().size(), "d0, d1 and d2 read");
        assertEquals(Map.of("too-deep", 1), r.discovery().get("skipped"));
        assertFalse(dns.asked("_dnsaddr.d3.test", Type.TXT));
        assertEquals(4, discover("d0.test", limits(4, 256, 64, 64, D.deadline()), 64, false).targets().size());
    }

    @Test
    void theRecordCapStopsTheWalk() throws Exception {
        String[] entries = new String[10];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = "dnsaddr=/ip4/10.0.0." + i + "/tcp/1";
        }
        txt("many.test", entries);
        Resolution r = discover("many.test", limits(4, 4, 64, 64, D.deadline()), 64, false);
        assertEquals(4, r.discovery().get("recordsFetched"));
        assertEquals("record limit (4)", r.discovery().get("truncated"));
        assertEquals(Map.of("missing-identity", 4), r.discovery().get("skipped"));

        Resolution perName = discover("many.test", limits(4, 256, 64, 3, D.deadline()), 64, false);
        assertEquals(3, perName.discovery().get("recordsFetched"));
        assertEquals(Map.of("missing-identity", 3, "beyond-name-cap", 7), perName.discovery().get("skipped"));
    }

    @Test
    void theLookupCapStopsTheWalk() throws Exception {
        for (int i = 0; i < 10; i++) {
            txt("l" + i + ".test", ip4("10.0.2." + i, 1, peer(20 + i)), "dnsaddr=/dnsaddr/l" + (i + 1) + ".test");
        }
        Resolution r = discover("l0.test", limits(20, 256, 3, 64, D.deadline()), 64, false);
        assertEquals(3, r.discovery().get("lookups"));
        assertEquals(3, r.targets().size());
        assertEquals("lookup limit (3)", r.discovery().get("truncated"));
    }

    @Test
    void loopsAndDuplicatesAreReadOnce() throws Exception {
        // identical records are one record in DNS: the duplicate link differs in case and the final dot
        txt("loop.test", "dnsaddr=/dnsaddr/x.loop.test", "dnsaddr=/dnsaddr/X.Loop.test.", "dnsaddr=/dnsaddr/LOOP.test.");
        txt("x.loop.test", "dnsaddr=/dnsaddr/loop.test", "dnsaddr=/dnsaddr/x.loop.test", ip4("10.0.0.1", 1, A));
        Resolution r = discover("loop.test");
        assertEquals(Set.of("10.0.0.1:1=" + A), endpoints(r));
        assertEquals(3, r.discovery().get("loops"), "root to itself, x to root, x to itself");
        assertEquals(1, r.discovery().get("duplicates"));
        assertEquals(1, dns.queries().stream().filter(q -> q.name().equals("_dnsaddr.x.loop.test.")).count());
        assertEquals(1, dns.queries().stream().filter(q -> q.name().equals("_dnsaddr.loop.test.")).count());
    }

    @Test
    void duplicateAddressesAreTakenOnce() throws Exception {
        // identical records are one record in DNS: the same address comes twice through two names
        txt("dup.test", ip4("10.0.0.1", 1, A), ip4("10.0.0.1", 1, B), "dnsaddr=/dnsaddr/sub.dup.test");
        txt("sub.dup.test", ip4("10.0.0.1", 1, A));
        Resolution r = discover("dup.test");
        assertEquals(2, r.targets().size(), "one endpoint claimed by two ids: both kept, the handshake decides");
        assertEquals(1, r.discovery().get("duplicates"));
    }

    @Test
    void dnsEntriesAreResolvedByFamily() throws Exception {
        txt("names.test", "dnsaddr=/dns4/h.names.test/tcp/4001/p2p/" + A, "dnsaddr=/dns6/h.names.test/tcp/4002/p2p/" + A,
                "dnsaddr=/dns/gone.names.test/tcp/1/p2p/" + B);
        dns.answer("h.names.test", Type.A, new ARecord(FakeDns.name("h.names.test"), DClass.IN, 0,
                InetAddress.getByName("10.0.0.7")));
        dns.answer("h.names.test", Type.AAAA, new AAAARecord(FakeDns.name("h.names.test"), DClass.IN, 0,
                InetAddress.getByName("fd00::7")));
        dns.nxdomain("gone.names.test", Type.A);
        dns.nxdomain("gone.names.test", Type.AAAA);
        Resolution r = discover("names.test");
        assertEquals(Set.of("10.0.0.7:4001=" + A, "[fd00:0:0:0:0:0:0:7]:4002=" + A), endpoints(r));
        assertEquals(Map.of("unresolved-host", 1), r.discovery().get("skipped"));
        assertEquals(4, r.discovery().get("lookups"), "one TXT, three names");
    }

    @Test
    void aLocalhostNameFromDnsFollowsThePolicy() throws Exception {
        txt("lh.test", "dnsaddr=/dns4/localhost/tcp/4001/p2p/" + A);
        Resolution r = discover("lh.test");
        assertEquals(1, r.targets().size());
        assertFalse(r.targets().get(0).contact(), "DNS said localhost: not the user");
    }

    @Test
    void theAddressCapTakesTheFirstOnes() throws Exception {
        txt("cap.test", ip4("10.0.0.1", 1, A), ip4("10.0.0.2", 1, A), ip4("10.0.0.3", 1, A), ip4("10.0.0.4", 1, A));
        Resolution r = discover("cap.test", D, 2, false);
        assertEquals(2, r.targets().size());
        assertEquals(2, r.dropped());
        assertEquals(4, r.discovery().get("addressesFound"));
    }

    @Test
    void theDeadlineEndsTheWalkWithWhatWasFound() throws Exception {
        txt("slow.test", ip4("10.0.0.1", 1, A), "dnsaddr=/dnsaddr/silent.slow.test");
        dns.silence("_dnsaddr.silent.slow.test", Type.TXT);
        Seed seed = new Seed("slow.test", 4001, BitcoinNetwork.BITCOIN);
        long start = System.nanoTime();
        Resolution r = new DnsaddrDiscovery(D.withDeadline(Duration.ofMillis(400)))
                .discover(seed, resolver(64, false, Duration.ofSeconds(10))).get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3000, millis + " ms");
        assertEquals("deadline (400 ms)", r.discovery().get("truncated"));
        assertEquals(Set.of("10.0.0.1:1=" + A), endpoints(r));
        assertEquals(Optional.empty(), r.error());
    }

    @Test
    void aRootThatDoesNotResolveIsTheSeedsError() throws Exception {
        dns.nxdomain("_dnsaddr.none.test", Type.TXT);
        Resolution r = discover("none.test");
        assertEquals(Optional.of("_dnsaddr.none.test did not resolve (NXDOMAIN)"), r.error());
        assertTrue(discover("empty.test").error().orElseThrow().contains("no TXT record"));
        assertEquals(1, discover("_dnsaddr.none.test").discovery().get("lookups"), "the record's own name is taken too");
    }

    @Test
    void junkRecordsAreCountedNotThrown() throws Exception {
        txt("junk.test", "v=spf1 -all", "dnsaddr=", "dnsaddr=/ip4/999.0.0.1/tcp/1/p2p/" + A, "dnsaddr=/garlic32/x",
                "dnsaddr=/ip4/10.0.0.1/tcp/0/p2p/" + A, "dnsaddr=" + "/tcp/1".repeat(20));
        Resolution r = discover("junk.test");
        assertTrue(r.targets().isEmpty());
        assertEquals(Map.of("not-dnsaddr", 1, "malformed", 4, "no-port", 1), r.discovery().get("skipped"));
        Random random = new Random(5);
        for (int n = 0; n < 30; n++) {
            StringBuilder junk = new StringBuilder("dnsaddr=/");
            for (int i = 0; i < 40; i++) {
                junk.append((char) (33 + random.nextInt(94)));
            }
            String text = junk.toString().replace("\"", "").replace("\\", "");
            txt("r" + n + ".test", text);
            Resolution any = discover("r" + n + ".test");
            assertTrue(any.error().isPresent(), text);
        }
    }

    @Test
    void aTypedMultiaddrIsOneTargetWithItsId() throws Exception {
        Resolution r = discover("/ip4/127.0.0.1/tcp/4001/p2p/" + A);
        assertEquals(1, r.targets().size());
        HandshakeTarget t = r.targets().get(0);
        assertEquals("127.0.0.1:4001", t.endpoint());
        assertEquals(Optional.of(A.toString()), t.identity());
        assertTrue(t.contact(), "the user typed it");
        assertEquals(0, dns.queryCount());

        Resolution v6 = discover("/ip6/::1/tcp/4002/p2p/" + A.toCid());
        assertEquals(Optional.of(A.toString()), v6.targets().get(0).identity(), "a CID id becomes the base58 form");

        assertTrue(discover("/ip4/127.0.0.1/tcp/4001").error().orElseThrow().contains("no /p2p/"));
        assertTrue(discover("/ip4/127.0.0.1/udp/4001/quic-v1/p2p/" + A).error().orElseThrow().contains("quic-v1"));
        assertTrue(discover("/ip4/127.0.0.1/tcp/99999/p2p/" + A).error().orElseThrow().contains("not a valid multiaddr"));
        assertTrue(discover("127.0.0.1").error().orElseThrow().contains("not a dnsaddr name"));
    }

    @Test
    void aTypedDnsMultiaddrIsResolved() throws Exception {
        dns.answer("node.test", Type.A, new ARecord(FakeDns.name("node.test"), DClass.IN, 0, InetAddress.getByName("10.0.0.9")));
        dns.answer("node.test", Type.AAAA, new AAAARecord(FakeDns.name("node.test"), DClass.IN, 0,
                InetAddress.getByName("fd00::9")));
        Resolution r = discover("/dns4/node.test/tcp/4001/p2p/" + A);
        assertEquals(Set.of("10.0.0.9:4001=" + A), endpoints(r));
        assertTrue(discover("/dns6/nothing.test/tcp/4001/p2p/" + A).error().isPresent());
    }

    @Test
    void aTypedDnsaddrMultiaddrFiltersByItsId() throws Exception {
        txt("t.test", ip4("10.0.0.1", 1, A), ip4("10.0.0.2", 2, B));
        Resolution r = discover("/dnsaddr/t.test/p2p/" + B);
        assertEquals(Set.of("10.0.0.2:2=" + B), endpoints(r));
        assertEquals(Map.of("peer-id-mismatch", 1), r.discovery().get("skipped"));
        assertEquals(2, discover("/dnsaddr/t.test").targets().size());
    }

    @Test
    void ownsTheMultiaddrNotation() {
        for (String yes : new String[] {"/ip4/1.2.3.4/tcp/1/p2p/x", "/ip6/::1/tcp/1", "/dns/x/tcp/1", "/dns4/x", "/dns6/x",
                "/dnsaddr/bootstrap.libp2p.io", " /ip4/1.2.3.4"}) {
            assertTrue(DnsaddrDiscovery.ownsNotation(yes), yes);
        }
        for (String no : new String[] {"bootstrap.libp2p.io", "1.2.3.4", "/udp/1", "/p2p/" + A, "enode://x@y:1", "/ip4"}) {
            assertFalse(DnsaddrDiscovery.ownsNotation(no), no);
        }
    }
}
