package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.DnsQuality;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.libp2p.DnsaddrDiscovery;
import org.nodehandshake.libp2p.PeerId;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.FakeDns;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * DNS answer quality against a real dnsmasq on 127.0.0.180 (issue 14, item 3):
 * <ul>
 * <li>{@code many.test}: 300 A records from its hosts file; its UDP answer (within our EDNS size) is
 *     truncated, the TCP retry brings all 300, the report says 300 though the cap takes 100;</li>
 * <li>{@code v4.test}: one A record, AAAA answered NOERROR and empty: IPv4 only;</li>
 * <li>{@code refused6.test}: A from dnsmasq ({@code address=}), AAAA forwarded ({@code server=}) to a
 *     second dnsmasq on 127.0.0.181 that has no upstream and answers REFUSED, which the first passes on;</li>
 * <li>{@code servfail6.test}: the same, AAAA forwarded to a scripted upstream ({@link FakeDns} on
 *     127.0.0.182) answering SERVFAIL: dnsmasq alone has no way to answer SERVFAIL for one type (it
 *     answers SERVFAIL for a DNSSEC-bogus answer, which needs a signed zone), so the code is scripted,
 *     and dnsmasq passes it on as a resolver does;</li>
 * <li>{@code timeout6.test}: AAAA forwarded to 127.0.0.183 where nothing listens: dnsmasq never answers;</li>
 * <li>{@code _dnsaddr.list.test}: a node list in 40 TXT records, read by the dnsaddr discovery through
 *     {@link SeedResolver#resolve}: {@code dns.TXT} for the seed, truncated over UDP and whole over TCP.</li>
 * </ul>
 * The last three resolve (their A answers) and still show the AAAA failure. No traffic leaves 127/8, and
 * no address is contacted (loopback answers without {@code --allow-private} are not).
 */
class DnsAnswerQualityDnsmasqIT {

    static final String DNS_IP = "127.0.0.180";
    static final String REFUSING_IP = "127.0.0.181";
    static final String SERVFAIL_IP = "127.0.0.182";
    static final String DEAD_IP = "127.0.0.183";
    static final int RECORDS = 300;
    static final int CAP = 100;

    private static DnsmasqServer refusing;
    private static FakeDns servfail;
    private static DnsmasqServer dns;

    @BeforeAll
    static void startServers() throws Exception {
        refusing = DnsmasqServer.start(REFUSING_IP, Map.of(), Map.of(), Map.of(), List.of());
        servfail = new FakeDns(InetAddress.getByName(SERVFAIL_IP));
        servfail.rcode("servfail6.test", Type.AAAA, Rcode.SERVFAIL);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            many.add("127.1." + (i / 250) + "." + (i % 250 + 1));
        }
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        hosts.put("v4.test", List.of("127.0.0.184"));
        hosts.put("many.test", many);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < TXT_RECORDS; i++) {
            list.add("dnsaddr=/ip4/127.2.0." + (i + 1) + "/tcp/4001/p2p/" + peer(i));
        }
        dns = DnsmasqServer.start(DNS_IP, hosts, Map.of(), Map.of("_dnsaddr.list.test", list), List.of(
                "local-ttl=300",
                "address=/refused6.test/127.0.0.185",
                "server=/refused6.test/" + REFUSING_IP + "#" + port(refusing),
                "address=/servfail6.test/127.0.0.186",
                "server=/servfail6.test/" + SERVFAIL_IP + "#" + servfail.port(),
                "address=/timeout6.test/127.0.0.187",
                "server=/timeout6.test/" + DEAD_IP + "#9"));
    }

    static final int TXT_RECORDS = 40;

    private static PeerId peer(int n) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        for (int i = 4; i < key.length; i++) {
            key[i] = (byte) (n * 37 + i);
        }
        return PeerId.ofEncodedKey(key);
    }

    private static int port(DnsmasqServer server) {
        return HostAndPort.parse(server.address(), 53).orElseThrow().port();
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable c : new AutoCloseable[] {dns, servfail, refusing}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    private static Resolution resolve(String name, Duration deadline) throws Exception {
        SeedResolver resolver = new SeedResolver(SeedResolver.resolverFor(
                HostAndPort.parse(dns.address(), 53), deadline), deadline, CAP, false);
        return resolver.resolve(new Seed(name, 8333, BitcoinNetwork.BITCOIN)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void threeHundredRecordsAreTruncatedOverUdpAndAllObtainedOverTcp() throws Exception {
        Resolution r = resolve("many.test", Duration.ofSeconds(3));
        DnsQuality a = r.dns().get("A");
        assertEquals("NOERROR", a.rcode(), dns.log());
        assertEquals(1, a.truncated(), "dnsmasq's UDP answer did not fit our EDNS size: " + a);
        assertEquals(1, a.tcpRetries());
        assertEquals(Optional.empty(), a.tcpError());
        assertEquals(RECORDS, a.records(), "all 300 over TCP, counted before the cap");
        assertEquals(OptionalLong.of(300), a.ttlMin());
        assertEquals(OptionalLong.of(300), a.ttlMax());
        assertEquals(Optional.of("unsigned"), a.dnssec(), "dnsmasq does not validate here");
        assertEquals(CAP, r.targets().size());
        assertEquals(RECORDS - CAP, r.dropped());
        assertEquals(Optional.of(true), r.ipv4Only());
    }

    @Test
    void aSeedAnsweringIpv4OnlyIsNoted() throws Exception {
        Resolution r = resolve("v4.test", Duration.ofSeconds(3));
        assertEquals(Optional.of(true), r.ipv4Only());
        assertEquals("NOERROR", r.dns().get("AAAA").rcode());
        assertEquals(0, r.dns().get("AAAA").records());
        assertEquals(1, r.dns().get("A").records());
        assertEquals(0, r.dns().get("A").truncated());
    }

    @Test
    void aaaaRefusedBesideAGoodA() throws Exception {
        Resolution r = resolve("refused6.test", Duration.ofSeconds(3));
        assertTrue(r.resolved());
        assertEquals("NOERROR", r.dns().get("A").rcode());
        assertEquals("REFUSED", r.dns().get("AAAA").rcode(), dns.log());
        assertEquals(Optional.empty(), r.ipv4Only());
    }

    @Test
    void aaaaServfailBesideAGoodA() throws Exception {
        Resolution r = resolve("servfail6.test", Duration.ofSeconds(3));
        assertTrue(r.resolved());
        assertEquals(1, r.dns().get("A").records());
        assertEquals("SERVFAIL", r.dns().get("AAAA").rcode(), dns.log());
        assertTrue(servfail.asked("servfail6.test", Type.AAAA), "dnsmasq forwarded the AAAA question");
        assertFalse(servfail.asked("servfail6.test", Type.A), "and answered A itself");
    }

    @Test
    void aaaaTimeoutBesideAGoodA() throws Exception {
        Resolution r = resolve("timeout6.test", Duration.ofMillis(1500));
        assertTrue(r.resolved());
        assertEquals("NOERROR", r.dns().get("A").rcode());
        assertEquals("timeout", r.dns().get("AAAA").rcode());
    }

    @Test
    void aNodeListsTxtAnswerIsReportedForItsSeed() throws Exception {
        Duration deadline = Duration.ofSeconds(3);
        SeedResolver resolver = new SeedResolver(SeedResolver.resolverFor(HostAndPort.parse(dns.address(), 53), deadline),
                deadline, CAP, false, network -> new DnsaddrDiscovery());
        Resolution r = resolver.resolve(new Seed("list.test", 4001, BitcoinNetwork.BITCOIN)).get(30, TimeUnit.SECONDS);
        assertEquals(Optional.empty(), r.error(), dns.log());
        DnsQuality txt = r.dns().get("TXT");
        assertEquals("NOERROR", txt.rcode());
        assertEquals(TXT_RECORDS, txt.records(), "every record counted, over TCP");
        assertEquals(1, txt.truncated(), "40 records of ~100 bytes do not fit 1280: " + txt);
        assertEquals(1, txt.tcpRetries());
        assertEquals(1, txt.lookups());
        assertEquals(OptionalLong.of(300), txt.ttlMin(), "local-ttl=300 applies to txt-record= too");
        assertFalse(r.dns().containsKey("A"), "no host names in the list: no address questions");
        assertEquals(Optional.empty(), r.ipv4Only());
    }

    /** The same seeds through the packaged jar (the service's --once): the report carries it all, per schema. */
    @Test
    void theRunReportShowsEachSeedsDnsFigures(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        Path config = Files.writeString(dir.resolve("dns.properties"), String.join("\n",
                "handshake.seeds = many.test, v4.test, refused6.test, servfail6.test, timeout6.test",
                "handshake.dns-server = " + dns.address(),
                "handshake.max-addresses-per-seed = " + CAP,
                "handshake.timeout-ms = 1500",
                "handshake.report-dir = " + reports,
                ""));
        Processes.Result run = Jar.run("--config", config.toString(), "--once");
        assertTrue(Files.exists(reports.resolve("latest.json")), run::toString);
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        Map<String, JsonNode> seeds = new HashMap<>();
        report.get("seeds").forEach(s -> seeds.put(s.get("seed").asText(), s));

        JsonNode many = seeds.get("many.test");
        assertEquals(RECORDS, many.at("/dns/A/records").asInt(), many::toString);
        assertTrue(many.at("/dns/A/truncated").asBoolean(), many::toString);
        assertTrue(many.at("/dns/A/tcpRetry").asBoolean());
        assertEquals(CAP, many.get("addresses").size());
        assertEquals(RECORDS - CAP, many.get("addressesDropped").asInt());
        assertEquals(300, many.at("/dns/A/ttlMin").asInt());

        assertTrue(seeds.get("v4.test").get("ipv4Only").asBoolean(), seeds.get("v4.test")::toString);
        for (String name : List.of("refused6.test", "servfail6.test", "timeout6.test")) {
            JsonNode seed = seeds.get(name);
            assertTrue(seed.get("error").isNull(), "resolved through A: " + seed);
            assertEquals(1, seed.get("addresses").size());
            assertFalse(seed.has("ipv4Only"), seed::toString);
        }
        assertEquals("REFUSED", seeds.get("refused6.test").at("/dns/AAAA/rcode").asText());
        assertEquals("SERVFAIL", seeds.get("servfail6.test").at("/dns/AAAA/rcode").asText());
        assertEquals("timeout", seeds.get("timeout6.test").at("/dns/AAAA/rcode").asText());
        assertTrue(run.stdout().contains("DNS lookup of servfail6.test: AAAA answered SERVFAIL"), run.stdout());
        System.out.println("DNS figures: " + many.get("dns") + " / " + seeds.get("servfail6.test").get("dns"));
    }
}
