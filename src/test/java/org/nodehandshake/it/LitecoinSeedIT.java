package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.SilentListener;

/**
 * The command users run, end to end, against real parts on loopback only: the packaged jar resolves a
 * name served by a real dnsmasq and handshakes with a real litecoind -regtest, a listener that never
 * speaks, and an address where nothing listens.
 */
class LitecoinSeedIT {

    static final String NODE_IP = "127.0.0.20";
    static final String SILENT_IP = "127.0.0.22";
    static final String CLOSED_IP = "127.0.0.23";
    static final String DNS_IP = "127.0.0.31";
    static final int PORT = LitecoindNode.P2P_PORT;
    static final int TIMEOUT_MS = 3000;

    static LitecoindNode node;
    static DnsmasqServer dns;
    static SilentListener silent;

    @BeforeAll
    static void startRealParts() throws Exception {
        try {
            node = LitecoindNode.start(NODE_IP);
            node.mine(7);
            silent = new SilentListener(SILENT_IP, PORT);
            dns = DnsmasqServer.start(DNS_IP,
                    Map.of("seed.test", List.of(NODE_IP, SILENT_IP, CLOSED_IP)),
                    Map.of("alias.test", "seed.test"));
        } catch (Throwable t) {
            stopRealParts();
            throw t;
        }
    }

    @AfterAll
    static void stopRealParts() throws Exception {
        try {
            if (dns != null) {
                dns.close();
            }
            if (silent != null) {
                silent.close();
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void handshakesWithEveryAddressTheSeedHandsOut(@TempDir Path reports) throws Exception {
        Processes.Result run = runJar("seed.test", Integer.toString(PORT), Integer.toString(TIMEOUT_MS),
                "--network", "litecoin-regtest", "--dns-server", dns.address(), "--allow-private",
                "--report-dir", reports.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("Handshake with seed.test (" + NODE_IP + ":" + PORT + ") -> SUCCESS"), run.stdout());
        assertTrue(run.stdout().contains("Summary of handshakes with seed.test"), run.stdout());
        assertTrue(run.stdout().contains("Success = 1"), run.stdout());
        assertTrue(run.stdout().contains("Failed = 2"), run.stdout());

        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        JsonNode seed = report.get("seeds").get(0);
        assertEquals(Set.of(NODE_IP, SILENT_IP, CLOSED_IP), texts(seed.get("addresses")));
        assertEquals(3, seed.get("results").size(), "one result per address");
        Map<String, JsonNode> byAddress = new HashMap<>();
        seed.get("results").forEach(r -> byAddress.put(r.get("address").asText(), r));

        JsonNode real = byAddress.get(NODE_IP);
        assertEquals("SUCCESS", real.get("outcome").asText(), real::toString);
        assertTrue(real.get("reasonCode").isNull(), real::toString);
        assertEquals("concluded", real.get("stage").asText());
        JsonNode networkInfo = node.cliJson("getnetworkinfo");
        assertEquals(networkInfo.get("subversion").asText(), real.at("/peer/userAgent").asText());
        assertEquals(networkInfo.get("protocolversion").asInt(), real.at("/peer/protocolVersion").asInt());
        assertEquals(Long.parseLong(node.cli("getblockcount")), real.at("/peer/startHeight").asLong());
        assertEquals(7, real.at("/peer/startHeight").asLong());
        assertTrue(texts(real.at("/peer/messages")).containsAll(List.of("version", "verack")));

        JsonNode hung = byAddress.get(SILENT_IP);
        assertEquals("FAILED", hung.get("outcome").asText());
        assertEquals("timeout", hung.get("reasonCode").asText(), hung::toString);
        assertEquals("sent", hung.get("stage").asText(), "timed out waiting for their version: " + hung);
        assertTrue(silent.accepted() > 0, "the silent listener saw our connection");

        JsonNode closed = byAddress.get(CLOSED_IP);
        assertEquals("FAILED", closed.get("outcome").asText());
        assertEquals("connect-refused", closed.get("reasonCode").asText(), closed::toString);
        assertEquals("connect", closed.get("stage").asText());
        assertTrue(closed.get("connectMillis").isNull());

        // All at once: the whole run is bounded by one timeout, not three (coarse bound, no timing assert).
        long runMillis = Duration.between(Instant.parse(report.get("startedAt").asText()),
                Instant.parse(report.get("finishedAt").asText())).toMillis();
        assertTrue(runMillis < 2L * TIMEOUT_MS, "run took " + runMillis + " ms");

        // From the node's own side: it received our version and our verack.
        assertTrue(node.awaitLog("receive version message: /node-handshake:", Duration.ofSeconds(5)), "node saw our version");
        assertTrue(node.awaitLog("received: verack \\(0 bytes\\) peer=\\d+", Duration.ofSeconds(5)), "node saw our verack");

        // The timestamped report is the same report.
        try (var files = Files.list(reports)) {
            List<Path> stamped = files.filter(p -> p.getFileName().toString().matches("handshake-\\d{8}T\\d{6}Z\\.json")).toList();
            assertEquals(1, stamped.size(), "one timestamped report");
            assertEquals(Files.readString(reports.resolve("latest.json")), Files.readString(stamped.get(0)));
        }
    }

    @Test
    void followsCnames(@TempDir Path reports) throws Exception {
        Processes.Result run = runJar("alias.test", Integer.toString(PORT), "1000", "--network", "litecoin-regtest",
                "--dns-server", dns.address(), "--allow-private", "--report-dir", reports.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        assertEquals(Set.of(NODE_IP, SILENT_IP, CLOSED_IP), texts(report.at("/seeds/0/addresses")));
    }

    @Test
    void doesNotContactNonRoutableAddressesFromDns(@TempDir Path reports) throws Exception {
        int before = silent.accepted();
        Processes.Result run = runJar("seed.test", Integer.toString(PORT), "1000", "--network", "litecoin-regtest",
                "--dns-server", dns.address(), "--report-dir", reports.toString());
        assertEquals(1, run.exitCode(), run::toString);
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        for (JsonNode result : report.at("/seeds/0/results")) {
            assertEquals("FAILED", result.get("outcome").asText());
            assertEquals("non-routable", result.get("reasonCode").asText(), result::toString);
            assertEquals("none", result.get("stage").asText());
            assertTrue(result.get("connectMillis").isNull());
        }
        assertEquals(before, silent.accepted(), "nothing was contacted");
    }

    @Test
    void anIpLiteralSkipsDnsAndIsAlwaysContacted(@TempDir Path reports) throws Exception {
        Processes.Result run = runJar(NODE_IP, Integer.toString(PORT), "--network=litecoin-regtest",
                "--report-dir", reports.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        assertEquals("SUCCESS", report.at("/seeds/0/results/0/outcome").asText());
    }

    @Test
    void aNameThatDoesNotResolveExitsWith3(@TempDir Path reports) throws Exception {
        Processes.Result run = runJar("nothere.test", "--dns-server", dns.address(), "--report-dir", reports.toString());
        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("Handshake(s) with nothere.test not possible"), run.stdout());
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        String error = report.at("/seeds/0/error").asText();
        assertTrue(error.contains("nothere.test") && error.contains("A: NXDOMAIN") && error.contains("AAAA: NXDOMAIN"), error);
    }

    @Test
    void badArgumentsExitWith2AndPrintUsage() throws Exception {
        Processes.Result run = runJar("seed.test", "--network", "dogecoin");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("unknown network: dogecoin"), run.stderr());
        assertTrue(run.stderr().contains("Usage: java -jar node-handshake.jar"), run.stderr());
    }

    static Processes.Result runJar(String... args) throws Exception {
        return Jar.run(args);
    }

    static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
