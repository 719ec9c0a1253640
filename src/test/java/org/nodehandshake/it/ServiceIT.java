package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.MonerodNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * The scheduled service as users run it: the jar with a config file, a cron of two seconds, a real
 * dnsmasq and litecoind, and a name that does not resolve. Reports keep coming, latest.json always
 * parses while it is rewritten, the unresolvable seed is DOWN, and SIGTERM ends the process with 0.
 */
class ServiceIT {

    static final String NODE_IP = "127.0.0.24";
    static final String CLOSED_IP = "127.0.0.25";
    static final String DNS_IP = "127.0.0.34";
    static final String MONEROD_IP = "127.0.0.30";

    @Test
    void theServiceChecksOnScheduleAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        try (LitecoindNode node = LitecoindNode.start(NODE_IP);
             MonerodNode monerod = MonerodNode.start(MONEROD_IP, 18080, 18081);
             DnsmasqServer dns = DnsmasqServer.start(DNS_IP, Map.of("svc.test", List.of(NODE_IP, CLOSED_IP),
                     "xmr-svc.test", List.of(MONEROD_IP)), Map.of())) {
            node.mine(3);
            Path config = Files.writeString(dir.resolve("service.properties"), String.join("\n",
                    "handshake.seeds = svc.test:" + LitecoindNode.P2P_PORT + "@litecoin-regtest, nothere.test@litecoin-regtest,"
                            + " xmr-svc.test@monero-regtest",
                    "handshake.schedule = */2 * * * * ?",
                    "handshake.timeout-ms = 1500",
                    "handshake.dns-server = " + dns.address(),
                    "handshake.allow-private = true",
                    "handshake.report-dir = " + reports,
                    "handshake.retention = 3",
                    ""));
            String jar = System.getenv().getOrDefault("NODE_HANDSHAKE_JAR", "target/node-handshake.jar");
            Path out = dir.resolve("service.out");
            Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar, "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            Thread hook = Processes.killOnExit(service);
            try {
                ObjectMapper json = new ObjectMapper();
                int reads = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (System.nanoTime() < deadline && stampedReports(reports) < 3) {
                    try {
                        json.readTree(Files.readString(reports.resolve("latest.json"))); // must always parse
                        reads++;
                    } catch (NoSuchFileException e) {
                        // not written yet, or being replaced: never a partial file
                    }
                    if (!service.isAlive()) {
                        throw new AssertionError("service exited: " + ResponderIT.read(out));
                    }
                    Thread.sleep(10);
                }
                assertTrue(stampedReports(reports) >= 2, "at least two runs wrote reports: " + ResponderIT.read(out));
                assertTrue(reads > 0, "latest.json was read while being rewritten");
                Thread.sleep(4500); // more runs than handshake.retention
                assertTrue(stampedReports(reports) <= 3, "retention keeps 3 report files");

                JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
                JsonNode seeds = report.get("seeds");
                assertEquals(3, report.get("seedsChecked").asInt());
                for (JsonNode seed : seeds) {
                    if (seed.get("seed").asText().equals("nothere.test")) {
                        assertEquals("DOWN", seed.at("/health/verdict").asText());
                    } else if (seed.get("seed").asText().equals("xmr-svc.test")) {
                        // A Monero seed beside the Litecoin ones, through the same route and report.
                        assertEquals("monero-regtest", seed.get("network").asText());
                        assertEquals(1.0, seed.at("/health/successRate").asDouble(), seed::toString);
                        assertEquals(monerod.getInfo().get("height").asLong(), seed.at("/health/heights/max").asLong());
                        assertEquals(0, seed.at("/health/heights/behind").asInt(), "judged against Monero heights only");
                        assertEquals(1, seed.at("/health/topVersions").size(), seed::toString);
                        assertEquals(seed.at("/results/0/peer/topVersion").asText(),
                                seed.at("/health/topVersions").fieldNames().next());
                        assertEquals(monerod.getInfo().get("top_block_hash").asText(),
                                seed.at("/results/0/peer/topId").asText());
                    } else {
                        assertEquals("DEGRADED", seed.at("/health/verdict").asText(), seed::toString);
                        assertEquals(0.5, seed.at("/health/successRate").asDouble());
                        assertEquals(3, seed.at("/health/heights/max").asInt());
                    }
                }

                service.destroy(); // SIGTERM
                assertTrue(service.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
                String log = ResponderIT.read(out);
                assertEquals(0, service.exitValue(), log);
            } finally {
                Processes.stop(service, java.time.Duration.ofSeconds(1));
                Processes.forget(hook);
            }
        }
    }

    static long stampedReports(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("handshake-\\d{8}T\\d{6}Z\\.json")).count();
        }
    }
}
