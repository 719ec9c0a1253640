package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * The packaged jar against a real dnsmasq on loopback (127.0.0.170-179 only): a seed's x9 answer holds a
 * node advertising NODE_NETWORK without NODE_WITNESS (the mismatch is found and degrades the seed), and a
 * seed whose answers all sit in one /16 is flagged.
 */
class SeedJudgementDnsmasqIT {

    static final String DNS_IP = "127.0.0.170";
    static final String NETWORK_ONLY_IP = "127.0.0.171"; // NODE_NETWORK only: no NODE_WITNESS
    static final List<String> WITNESS_IPS = List.of("127.0.0.172", "127.0.0.173", "127.0.0.174", "127.0.0.175");
    static final int HEIGHT = 500;

    static final List<ScriptedPeer> peers = new ArrayList<>();
    static DnsmasqServer dns;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        try {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName(NETWORK_ONLY_IP), 0));
                port = probe.getLocalPort();
            }
            byte[] magic = BitcoinNetwork.REGTEST.magic();
            peers.add(new ScriptedPeer(NETWORK_ONLY_IP, port,
                    ScriptedPeer.honestBitcoinResponder(magic, "/Satoshi:0.13.0/", HEIGHT, 0x1)));
            for (String ip : WITNESS_IPS) {
                peers.add(new ScriptedPeer(ip, port, ScriptedPeer.honestBitcoinResponder(magic, "/Satoshi:27.0.0/", HEIGHT, 0x409)));
            }
            List<String> all = new ArrayList<>(List.of(NETWORK_ONLY_IP));
            all.addAll(WITNESS_IPS);
            dns = DnsmasqServer.start(DNS_IP, Map.of(
                    "x9.seed.test", List.of(NETWORK_ONLY_IP, WITNESS_IPS.get(0)),
                    "crowded.test", all), Map.of());
        } catch (Throwable t) {
            stop();
            throw t;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
        for (ScriptedPeer peer : peers) {
            peer.close();
        }
    }

    Processes.Result run(Path reports, String entry) throws Exception {
        return Jar.run(entry, Integer.toString(port), "3000", "--network", "regtest", "--dns-server", dns.address(),
                "--allow-private", "--report-dir", reports.toString());
    }

    @Test
    void anX9AnswerHoldingANodeWithoutWitnessIsAMismatch(@TempDir Path reports) throws Exception {
        Processes.Result run = run(reports, "seed.test/x9");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode seed = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0");
        assertEquals("seed.test", seed.get("seed").asText(), "the name, not x9.seed.test nor seed.test/x9");
        assertEquals("x9", seed.get("serviceFilter").asText());
        Map<String, JsonNode> byAddress = new HashMap<>();
        seed.get("results").forEach(r -> byAddress.put(r.get("address").asText(), r));

        JsonNode lacking = byAddress.get(NETWORK_ONLY_IP);
        assertEquals("SUCCESS", lacking.get("outcome").asText(), lacking::toString);
        assertEquals("[\"NODE_WITNESS\"]", lacking.get("filterMismatch").toString());
        JsonNode witness = byAddress.get(WITNESS_IPS.get(0));
        assertEquals("SUCCESS", witness.get("outcome").asText(), witness::toString);
        assertFalse(witness.has("filterMismatch"), witness::toString);

        JsonNode filter = seed.at("/health/filter");
        assertEquals("x9", filter.get("label").asText());
        assertEquals(2, filter.get("checked").asInt());
        assertEquals(1, filter.get("mismatched").asInt());
        assertEquals(0.5, filter.get("share").asDouble());
        assertEquals(1, filter.at("/missing/NODE_WITNESS").asInt());
        assertTrue(texts(seed.at("/health/concerns")).contains("filterMismatch"), seed.get("health")::toString);
        assertEquals("DEGRADED", seed.at("/health/verdict").asText());

        // bitcoin-seeder's IsGood, as one run can judge it: a scripted port is not regtest's 18444, loopback
        // is not routable; both nodes speak 70016 and claim the same height.
        JsonNode quality = witness.get("quality");
        assertFalse(quality.get("defaultPort").asBoolean());
        assertTrue(quality.get("services").asBoolean());
        assertFalse(quality.get("routable").asBoolean());
        assertTrue(quality.get("protocolVersion").asBoolean());
        assertTrue(quality.get("notBehind").asBoolean());
        assertFalse(quality.get("good").asBoolean());
        assertEquals(2, seed.at("/health/quality/checked").asInt());
        assertEquals(0, seed.at("/health/quality/good").asInt());
        assertEquals(2, seed.at("/health/quality/failed/defaultPort").asInt());
        assertEquals(0, seed.at("/health/quality/failed/services").asInt());
    }

    @Test
    void addressesConcentratedInOneSlash16AreFlagged(@TempDir Path reports) throws Exception {
        Processes.Result run = run(reports, "crowded.test");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode seed = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0");
        assertEquals(5, seed.at("/summary/success").asInt(), seed::toString);
        JsonNode diversity = seed.at("/health/diversity");
        assertEquals(1, diversity.get("groups").asInt());
        assertEquals("127.0.0.0/16", diversity.get("largestGroup").asText());
        assertEquals(1.0, diversity.get("largestGroupShare").asDouble());
        assertTrue(diversity.get("flagged").asBoolean());
        assertEquals(5, diversity.at("/counts/127.0.0.0~116").asInt());
        assertEquals(List.of("groupShare"), texts(seed.at("/health/concerns")));
        assertEquals("DEGRADED", seed.at("/health/verdict").asText(), "5 of 5 SUCCESS, yet one network");
        assertFalse(seed.has("serviceFilter"));
        assertTrue(seed.at("/health/filter").isMissingNode(), "no filter asked, none checked");
    }

    @Test
    void everyFilterIsAskedAndReportedApart(@TempDir Path reports) throws Exception {
        Processes.Result run = run(reports, "seed.test/x*");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        assertEquals(14, report.get("seedsChecked").asInt());
        List<String> filters = new ArrayList<>();
        report.get("seeds").forEach(s -> filters.add(s.get("serviceFilter").asText()));
        assertEquals(new TreeSet<>(List.of("x1", "x5", "x9", "x49", "x809", "x849", "xd", "x400", "x404", "x408", "x448",
                "xc08", "xc48", "x40c")), new TreeSet<>(filters));
        for (JsonNode seed : report.get("seeds")) {
            if (seed.get("serviceFilter").asText().equals("x9")) {
                assertEquals(2, seed.at("/addresses").size(), seed::toString);
                assertEquals(1, seed.at("/health/filter/mismatched").asInt());
            } else {
                assertEquals(0, seed.at("/addresses").size(), "dnsmasq answers only x9.seed.test: " + seed);
                assertTrue(seed.get("error").asText().contains("NXDOMAIN"), seed::toString);
            }
        }
    }

    @Test
    void aNameThatIsNoHostNameIsAUsageError() throws Exception {
        Processes.Result run = Jar.run("bad!name.test/x9", "--network", "regtest");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("<dns_seed_name>: not a host name or IP address: bad!name.test"), run.stderr());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
