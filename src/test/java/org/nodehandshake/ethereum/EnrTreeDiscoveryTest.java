package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.testing.EnrTreeZone;
import org.nodehandshake.testing.FakeDns;
import org.xbill.DNS.Type;

/**
 * EIP-1459 lists read through a fake DNS on 127.0.0.1: the EIP's example zone, lists this test builds
 * and signs, and each way a list can be hostile. The discovery is protocol-neutral below the seed, so
 * a Bitcoin preset stands in for the network.
 */
class EnrTreeDiscoveryTest {

    /** go-ethereum's dnsdisc test key, which signed the EIP's example zone (INTEROP-FACTS). */
    static final String SPEC_ZONE_KEY = "AKPYQIUQIL7PSIACI32J7FGZW56E5FKHEFCCOFHILBIMW3M6LWXS2";
    /** The key in the EIP's example URL (the example's link target): not the zone's signer. */
    static final String SPEC_URL_KEY = "AM5FCQLWIZX2QFPNJAP7VUERCCRNGRHWZG3YYHIUV7BVDQ5FDPRT2";
    static final Map<String, String> SPEC_ZONE = Map.of(
            "", "enrtree-root:v1 e=JWXYDBPXYWG6FX3GMDIBFA6CJ4 l=C7HRFPF3BLGF3YR4DY5KX3SMBE seq=1 sig=o908WmNp7LibOfPsr4btQwatZJ5URBr2ZAuxvK4UWHlsB9sUOTJQaGAlLPVAhM__XJesCHxLISo94z5Z2a463gA",
            "C7HRFPF3BLGF3YR4DY5KX3SMBE", "enrtree://AM5FCQLWIZX2QFPNJAP7VUERCCRNGRHWZG3YYHIUV7BVDQ5FDPRT2@morenodes.example.org",
            "JWXYDBPXYWG6FX3GMDIBFA6CJ4", "enrtree-branch:2XS2367YHAXJFGLZHVAWLQD4ZY,H4FHT4B454P6UXFD7JCYQ5PWDY,MHTDO6TMUBRIA2XWG5LUDACK24",
            "2XS2367YHAXJFGLZHVAWLQD4ZY", "enr:-HW4QOFzoVLaFJnNhbgMoDXPnOvcdVuj7pDpqRvh6BRDO68aVi5ZcjB3vzQRZH2IcLBGHzo8uUN3snqmgTiE56CH3AMBgmlkgnY0iXNlY3AyNTZrMaECC2_24YYkYHEgdzxlSNKQEnHhuNAbNlMlWJxrJxbAFvA",
            "H4FHT4B454P6UXFD7JCYQ5PWDY", "enr:-HW4QAggRauloj2SDLtIHN1XBkvhFZ1vtf1raYQp9TBW2RD5EEawDzbtSmlXUfnaHcvwOizhVYLtr7e6vw7NAf6mTuoCgmlkgnY0iXNlY3AyNTZrMaECjrXI8TLNXU0f8cthpAMxEshUyQlK-AM0PW2wfrnacNI",
            "MHTDO6TMUBRIA2XWG5LUDACK24", "enr:-HW4QLAYqmrwllBEnzWWs7I5Ev2IAs7x_dZlbYdRdMUx5EyKHDXp7AV5CkuPGUPdvbv1_Ms1CPfhcGCvSElSosZmyoqAgmlkgnY0iXNlY3AyNTZrMaECriawHKWdDRk2xeZkrOXBQ0dfMFLHY4eENZwdufn1S1o");

    private static final Duration LOOKUP = Duration.ofSeconds(2);

    private FakeDns dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = new FakeDns();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    // ---- helpers ----

    private SeedResolver resolver(int maxAddresses, boolean allowPrivate) throws Exception {
        return new SeedResolver(SeedResolver.resolverFor(Optional.of(new HostAndPort("127.0.0.1", dns.port())), LOOKUP),
                LOOKUP, maxAddresses, allowPrivate);
    }

    private Resolution discover(String name, EnrTreeDiscovery.Limits limits, int maxAddresses, boolean allowPrivate)
            throws Exception {
        Seed seed = new Seed(name, 30303, BitcoinNetwork.BITCOIN);
        return new EnrTreeDiscovery(limits).discover(seed, resolver(maxAddresses, allowPrivate)).get(30, TimeUnit.SECONDS);
    }

    private Resolution discover(String name) throws Exception {
        return discover(name, EnrTreeDiscovery.Limits.DEFAULTS, 512, true);
    }

    private static final EnrTreeDiscovery.Limits D = EnrTreeDiscovery.Limits.DEFAULTS;

    private static EnrTreeDiscovery.Limits limits(int maxRecords, int maxTxt, int width, int depth, int links) {
        return new EnrTreeDiscovery.Limits(maxRecords, maxTxt, width, depth, links, D.deadline(), D.parallelLookups());
    }

    /** A node record for a fresh key on 127.0.0.{host}:{port}. */
    private static Enr node(BigInteger key, int host, int port) throws Exception {
        return Enr.builder(1).ip(InetAddress.getByName("127.0.0." + host)).tcp(port).udp(port).sign(key);
    }

    private static List<Enr> nodes(int count) throws Exception {
        List<Enr> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(node(EthCrypto.newPrivateKey(), 100 + (i % 100), 30303 + i));
        }
        return out;
    }

    private static List<String> texts(List<Enr> enrs) {
        return enrs.stream().map(Enr::text).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> invalid(Resolution r) {
        return (Map<String, Integer>) r.discovery().get("invalid");
    }

    private static int fact(Resolution r, String name) {
        return ((Number) r.discovery().get(name)).intValue();
    }

    // ---- the EIP's example ----

    @Test
    void theEipExampleZoneVerifiesUnderGoEthereumsTestKeyAndItsNodesHaveNoTcpEndpoint() throws Exception {
        SPEC_ZONE.forEach((label, text) -> dns.txt(label.isEmpty() ? "nodes.example.org" : label + ".nodes.example.org", text));
        Resolution r = discover("enrtree://" + SPEC_ZONE_KEY + "@nodes.example.org");
        assertEquals(1L, ((Number) r.discovery().get("seq")).longValue());
        // every record hashed to its name (no hash-mismatch); the three leaves are valid v4 records
        // without ip/tcp; the link's list (morenodes.example.org) is not served here
        assertEquals(Map.of("no-tcp-endpoint", 3, "unresolved", 1), invalid(r));
        assertEquals(7, fact(r, "recordsFetched"), "root, branch, 3 leaves, link, linked root");
        assertEquals(1, fact(r, "linksFollowed"));
        assertEquals(0, fact(r, "nodesFound"));
        assertTrue(r.targets().isEmpty());
        assertTrue(r.error().orElseThrow().contains("no usable node record"), r.error().orElseThrow());
        assertTrue(dns.asked("morenodes.example.org", Type.TXT), "the link was followed");
    }

    @Test
    void theEipExampleZoneIsRefusedUnderTheKeyOfTheEipsUrl() throws Exception {
        SPEC_ZONE.forEach((label, text) -> dns.txt(label.isEmpty() ? "nodes.example.org" : label + ".nodes.example.org", text));
        Resolution r = discover("enrtree://" + SPEC_URL_KEY + "@nodes.example.org");
        assertEquals(Map.of("bad-root-signature", 1), invalid(r));
        assertEquals(1, fact(r, "recordsFetched"), "nothing under a root that does not verify is read");
        assertFalse(r.discovery().containsKey("seq"));
        assertTrue(r.error().orElseThrow().contains("not signed by the URL's key"), r.error().orElseThrow());
    }

    // ---- lists we sign ----

    @Test
    void aSignedListGivesOneTargetPerNodeWithItsKeyAndTcpPort() throws Exception {
        BigInteger listKey = EthCrypto.newPrivateKey();
        List<Enr> enrs = nodes(20); // two levels of branches (13 + 7), the top one longer than 255 bytes
        EnrTreeZone zone = EnrTreeZone.build("nodes.test", listKey, 42, texts(enrs), List.of());
        zone.serve(dns);
        Resolution r = discover(zone.url());
        assertEquals(Optional.empty(), r.error());
        assertEquals(42L, ((Number) r.discovery().get("seq")).longValue());
        assertEquals(20, r.targets().size());
        assertEquals(20, fact(r, "nodesFound"));
        assertEquals(Map.of(), invalid(r));
        assertEquals(1 + 1 + 2 + 20 + 1, fact(r, "recordsFetched"), "root, top branch, 2 branches, 20 leaves, link root");
        for (Enr enr : enrs) {
            HandshakeTarget t = r.targets().stream().filter(x -> x.identity().equals(Optional.of(enr.publicKeyHex())))
                    .findFirst().orElseThrow();
            assertEquals(enr.tcp().getAsInt(), t.port());
            assertEquals(enr.ip().orElseThrow(), t.address());
            assertEquals(zone.url(), t.seed());
            assertTrue(t.contact(), "private addresses allowed");
            assertEquals(128, t.identity().orElseThrow().length());
        }
    }

    @Test
    void nodesOnNonRoutableAddressesAreListedButNotContactedUnlessAllowed() throws Exception {
        List<Enr> enrs = nodes(3);
        EnrTreeZone zone = EnrTreeZone.build("nodes.test", EthCrypto.newPrivateKey(), 1, texts(enrs), List.of());
        zone.serve(dns);
        Resolution r = discover(zone.url(), D, 512, false);
        assertEquals(3, r.targets().size());
        assertTrue(r.targets().stream().noneMatch(HandshakeTarget::contact));
        assertEquals(3, fact(r, "notRoutable"));
    }

    @Test
    void aForgedRootSignatureIsRefusedAndNothingUnderItIsRead() throws Exception {
        EnrTreeZone zone = EnrTreeZone.build("nodes.test", EthCrypto.newPrivateKey(), 5, texts(nodes(3)), List.of());
        EnrTreeZone forged = EnrTreeZone.build("nodes.test", EthCrypto.newPrivateKey(), 5, texts(nodes(3)), List.of());
        forged.serve(dns); // the attacker's list, under the genuine list's URL
        Resolution r = discover(zone.url());
        assertTrue(r.targets().isEmpty());
        assertEquals(Map.of("bad-root-signature", 1), invalid(r));
        assertEquals(1, fact(r, "recordsFetched"));
        assertEquals(1, dns.queryCount(), "only the root was asked");
        assertTrue(r.error().orElseThrow().contains("not signed"));
    }

    @Test
    void aTamperedLeafIsRefusedForItsHashAndTheRestIsUsed() throws Exception {
        List<Enr> enrs = nodes(3);
        EnrTreeZone zone = EnrTreeZone.build("nodes.test", EthCrypto.newPrivateKey(), 1, texts(enrs), List.of());
        // a valid, signed record of another node where the first leaf belongs
        zone.records().put(zone.nameOf(enrs.get(0).text()), node(EthCrypto.newPrivateKey(), 9, 30303).text());
        zone.serve(dns);
        Resolution r = discover(zone.url());
        assertEquals(Map.of("hash-mismatch", 1), invalid(r));
        assertEquals(2, r.targets().size());
        assertTrue(r.targets().stream().noneMatch(t -> t.address().getHostAddress().equals("127.0.0.9")));
    }

    @Test
    void aLeafWithABadSignatureIsCountedByReason() throws Exception {
        List<Enr> enrs = nodes(2);
        byte[] rlp = enrs.get(0).encoded();
        rlp[5] ^= 1; // inside the signature
        String broken = "enr:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(rlp);
        EnrTreeZone zone = EnrTreeZone.build("nodes.test", EthCrypto.newPrivateKey(), 1,
                List.of(broken, enrs.get(1).text()), List.of());
        zone.serve(dns);
        Resolution r = discover(zone.url());
        assertEquals(Map.of("bad-signature", 1), invalid(r));
        assertEquals(1, r.targets().size());
    }

    @Test
    void aLoopOfLinksIsDetectedAndEachListReadOnce() throws Exception {
        BigInteger keyA = EthCrypto.newPrivateKey();
        BigInteger keyB = EthCrypto.newPrivateKey();
        String urlA = new EnrTree.Url(EthCrypto.publicKey(keyA), "a.test").toString();
        String urlB = new EnrTree.Url(EthCrypto.publicKey(keyB), "b.test").toString();
        EnrTreeZone a = EnrTreeZone.build("a.test", keyA, 1, texts(nodes(1)), List.of(urlB));
        EnrTreeZone b = EnrTreeZone.build("b.test", keyB, 1, texts(nodes(1)), List.of(urlA));
        a.serve(dns);
        b.serve(dns);
        Resolution r = discover(urlA);
        assertEquals(1, fact(r, "loops"));
        assertEquals(1, fact(r, "linksFollowed"));
        assertEquals(2, r.targets().size());
        assertEquals(1, dns.queries().stream().filter(q -> q.name().equals("a.test.")).count(), "a's root asked once");
    }

    @Test
    void aSubtreeListedTwiceIsFetchedOnce() throws Exception {
        List<Enr> enrs = nodes(2);
        BigInteger key = EthCrypto.newPrivateKey();
        String leaf = enrs.get(0).text();
        String inner = EnrTree.BRANCH_PREFIX + EnrTree.hashOf(leaf) + "," + EnrTree.hashOf(enrs.get(1).text());
        String top = EnrTree.BRANCH_PREFIX + EnrTree.hashOf(inner) + "," + EnrTree.hashOf(inner);
        String empty = EnrTree.BRANCH_PREFIX;
        dns.txt("dup.test", EnrTree.signRoot(EnrTree.hashOf(top), EnrTree.hashOf(empty), 3, key));
        for (String text : List.of(top, inner, leaf, enrs.get(1).text(), empty)) {
            dns.txt(EnrTree.hashOf(text) + ".dup.test", text);
        }
        Resolution r = discover(new EnrTree.Url(EthCrypto.publicKey(key), "dup.test").toString());
        assertEquals(1, fact(r, "duplicates"));
        assertEquals(2, r.targets().size());
        assertEquals(1, dns.queries().stream().filter(q -> q.name().startsWith(EnrTree.hashOf(inner).toLowerCase())).count());
    }

    @Test
    void aBranchListingItselfCannotHashToItsNameAndIsRefused() throws Exception {
        // a loop of entries needs a record that names its own hash: the hash check refuses it first
        BigInteger key = EthCrypto.newPrivateKey();
        String fake = "AAAAAAAAAAAAAAAAAAAAAAAAAA";
        dns.txt("self.test", EnrTree.signRoot(fake, EnrTree.hashOf(EnrTree.BRANCH_PREFIX), 1, key));
        dns.txt(fake + ".self.test", EnrTree.BRANCH_PREFIX + fake);
        dns.txt(EnrTree.hashOf(EnrTree.BRANCH_PREFIX) + ".self.test", EnrTree.BRANCH_PREFIX);
        Resolution r = discover(new EnrTree.Url(EthCrypto.publicKey(key), "self.test").toString());
        assertEquals(Map.of("hash-mismatch", 1), invalid(r));
        assertEquals(3, fact(r, "recordsFetched"));
    }

    @Test
    void aBranchWiderThanTheLimitIsRefusedBeforeItsChildrenAreRead() throws Exception {
        EnrTreeZone zone = EnrTreeZone.build("wide.test", EthCrypto.newPrivateKey(), 1, texts(nodes(5)), List.of());
        zone.serve(dns);
        Resolution r = discover(zone.url(), limits(2000, 1000, 4, 10, 3), 512, true);
        assertEquals(Map.of("branch-too-wide", 1), invalid(r));
        assertEquals(3, fact(r, "recordsFetched"), "root, the wide branch, the empty link branch");
        assertTrue(r.targets().isEmpty());
    }

    @Test
    void linksAreFollowedToTheirDepthLimit() throws Exception {
        // a -> b -> c -> d -> e: with three links followed, e is not read
        String[] domains = {"a.test", "b.test", "c.test", "d.test", "e.test"};
        BigInteger[] keys = new BigInteger[domains.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = EthCrypto.newPrivateKey();
        }
        for (int i = 0; i < domains.length; i++) {
            List<String> links = i + 1 < domains.length
                    ? List.of(new EnrTree.Url(EthCrypto.publicKey(keys[i + 1]), domains[i + 1]).toString()) : List.of();
            EnrTreeZone.build(domains[i], keys[i], 1, texts(nodes(1)), links).serve(dns);
        }
        Resolution r = discover(new EnrTree.Url(EthCrypto.publicKey(keys[0]), domains[0]).toString(),
                limits(2000, 1000, 64, 10, 3), 512, true);
        assertEquals(3, fact(r, "linksFollowed"));
        assertEquals(Map.of("link-too-deep", 1), invalid(r));
        assertEquals(4, r.targets().size());
        assertFalse(dns.asked("e.test", Type.TXT));
    }

    @Test
    void entriesBelowTheDepthLimitAreNotRead() throws Exception {
        EnrTreeZone zone = EnrTreeZone.build("deep.test", EthCrypto.newPrivateKey(), 1, texts(nodes(3)), List.of(), 2);
        zone.serve(dns); // 3 leaves, width 2: root -> branch -> 2 branches -> leaves (depth 3)
        Resolution r = discover(zone.url(), limits(2000, 1000, 64, 2, 3), 512, true);
        assertEquals(3, invalid(r).get("too-deep"));
        assertTrue(r.targets().isEmpty());
    }

    @Test
    void theRecordLimitStopsTheWalk() throws Exception {
        EnrTreeZone zone = EnrTreeZone.build("many.test", EthCrypto.newPrivateKey(), 1, texts(nodes(10)), List.of());
        zone.serve(dns);
        Resolution r = discover(zone.url(), limits(5, 1000, 64, 10, 3), 512, true);
        assertEquals(5, fact(r, "recordsFetched"));
        assertTrue(((String) r.discovery().get("truncated")).startsWith("record limit"));
        assertTrue(r.targets().size() <= 3, r.targets().toString());
    }

    @Test
    void theAddressCapLimitsTheNodesTaken() throws Exception {
        EnrTreeZone zone = EnrTreeZone.build("cap.test", EthCrypto.newPrivateKey(), 1, texts(nodes(10)), List.of());
        zone.serve(dns);
        // eight lookups at once: leaves already asked for when the cap is reached are counted as dropped
        Resolution r = discover(zone.url(), EnrTreeDiscovery.Limits.DEFAULTS, 3, true);
        assertEquals(3, r.targets().size());
        assertEquals(r.dropped(), fact(r, "nodesFound") - 3);
        assertTrue(r.dropped() > 0 || r.discovery().containsKey("truncated"), r.discovery().toString());
        // one at a time: the walk stops at the third node
        EnrTreeDiscovery.Limits serial = new EnrTreeDiscovery.Limits(D.maxRecords(), D.maxTxtChars(),
                D.maxBranchWidth(), D.maxDepth(), D.maxLinkDepth(), D.deadline(), 1);
        Resolution one = discover(zone.url(), serial, 3, true);
        assertEquals(3, one.targets().size());
        assertEquals(0, one.dropped());
        assertTrue(((String) one.discovery().get("truncated")).startsWith("address limit"), one.discovery().toString());
        assertEquals(1 + 2 + 3, fact(one, "recordsFetched"), "root, its two branches (nodes, links), three leaves");
    }

    @Test
    void aRecordLongerThanTheTxtLimitIsNotTaken() throws Exception {
        EnrTreeZone zone = EnrTreeZone.build("long.test", EthCrypto.newPrivateKey(), 1, texts(nodes(13)), List.of());
        zone.serve(dns); // the 13-child branch is about 365 characters
        Resolution r = discover(zone.url(), limits(2000, 300, 64, 10, 3), 512, true);
        assertEquals(Map.of("oversized", 1), invalid(r));
        assertTrue(r.targets().isEmpty());
    }

    @Test
    void oneDeadlineBoundsTheWholeWalkAndKeepsWhatWasFound() throws Exception {
        List<Enr> enrs = nodes(3);
        EnrTreeZone zone = EnrTreeZone.build("slow.test", EthCrypto.newPrivateKey(), 1, texts(enrs), List.of());
        zone.serve(dns);
        dns.silence(zone.nameOf(enrs.get(2).text()), Type.TXT); // never answers
        EnrTreeDiscovery.Limits limits = D.withDeadline(Duration.ofMillis(700));
        SeedResolver slowResolver = new SeedResolver(
                SeedResolver.resolverFor(Optional.of(new HostAndPort("127.0.0.1", dns.port())), Duration.ofSeconds(30)),
                Duration.ofSeconds(30), 512, true);
        long start = System.nanoTime();
        Resolution r = new EnrTreeDiscovery(limits).discover(new Seed(zone.url(), 30303, BitcoinNetwork.BITCOIN),
                slowResolver).get(10, TimeUnit.SECONDS);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsed < 3000, "completed after " + elapsed + " ms");
        assertTrue(((String) r.discovery().get("truncated")).startsWith("deadline"), r.discovery().toString());
        assertEquals(2, r.targets().size(), "the nodes found before the deadline are used");
    }

    @Test
    void aMissingRootFailsTheSeed() throws Exception {
        dns.nxdomain("gone.test", Type.TXT);
        Resolution r = discover(new EnrTree.Url(EthCrypto.publicKey(EthCrypto.newPrivateKey()), "gone.test").toString());
        assertTrue(r.error().orElseThrow().contains("NXDOMAIN"), r.error().orElseThrow());
        assertEquals(Map.of("unresolved", 1), invalid(r));
    }

    // ---- other seed forms ----

    @Test
    void aNodeUrlIsOneTargetWithoutDns() throws Exception {
        String id = EnodeUrlTest.ID;
        Resolution r = discover("enode://" + id + "@127.0.0.7:30311");
        assertEquals(1, r.targets().size());
        HandshakeTarget t = r.targets().get(0);
        assertEquals(InetAddress.getByName("127.0.0.7"), t.address());
        assertEquals(30311, t.port());
        assertEquals(Optional.of(id), t.identity());
        assertTrue(t.contact(), "a node URL the user gave is contacted, like an IP literal");
        assertEquals(0, dns.queryCount());
        assertTrue(r.discovery().isEmpty());
    }

    @Test
    void malformedUrlsFailWithoutDns() throws Exception {
        assertTrue(discover("enode://1234@127.0.0.1:30303").error().isPresent());
        assertTrue(discover("enrtree://NOTBASE32!@nodes.test").error().isPresent());
        assertTrue(discover("enrtree://" + SPEC_ZONE_KEY.substring(1) + "@nodes.test").error().isPresent());
        assertEquals(0, dns.queryCount());
    }

    @Test
    void aPlainNameIsAskedForAddressRecordsAndHasNoIdentity() throws Exception {
        dns.answer("plain.test", Type.A, new org.xbill.DNS.ARecord(FakeDns.name("plain.test"), org.xbill.DNS.DClass.IN,
                60, InetAddress.getByName("1.1.1.1")));
        Resolution r = discover("plain.test");
        assertEquals(1, r.targets().size());
        assertEquals(Optional.empty(), r.targets().get(0).identity());
    }

    @Test
    void theNotationIsRecognized() {
        assertTrue(EnrTreeDiscovery.ownsNotation("enrtree://" + SPEC_ZONE_KEY + "@all.mainnet.ethdisco.net"));
        assertTrue(EnrTreeDiscovery.ownsNotation("enode://" + EnodeUrlTest.ID + "@1.2.3.4:30303"));
        assertFalse(EnrTreeDiscovery.ownsNotation("seed.example.org"));
    }
}
