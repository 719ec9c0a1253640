package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * The packaged jar against a real litecoind -regtest, a v1-only node (Litecoin Core 0.21 has no
 * BIP324): {@code --transport auto} opens with v2, the node drops the connection at our key's first
 * bytes (its own log says why), and the v1 attempt that follows in the same deadline concludes;
 * {@code --transport v2} ends FAILED with {@code v2-refused}.
 */
class LitecoinTransportIT {

    static final String NODE_IP = "127.0.0.200";
    static final int PORT = LitecoindNode.P2P_PORT;
    static final int TIMEOUT_MS = 5000;
    /**
     * What litecoind logs (-debug=net, net.cpp's V1TransportDeserializer) when a connection's first bytes
     * are not its magic: our key's first 4 bytes as the "received" magic, then it drops that peer.
     */
    static final String WRONG_MAGIC_THEN_DISCONNECT =
            "HEADER ERROR - MESSAGESTART \\([^\\n]*\\), received [0-9a-f]{8}, peer=(\\d+)\\n[^\\n]*disconnecting peer=\\1\\n";

    static LitecoindNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = LitecoindNode.start(NODE_IP);
        node.mine(3);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static JsonNode check(Path reports, String transport) throws Exception {
        Processes.Result run = Jar.run(NODE_IP, Integer.toString(PORT), Integer.toString(TIMEOUT_MS),
                "--network", "litecoin-regtest", "--transport", transport, "--report-dir", reports.toString());
        System.out.println(run.stdout());
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        return report.at("/seeds/0/results/0");
    }

    @Test
    void autoFallsBackToV1WellInsideTheDeadline(@TempDir Path reports) throws Exception {
        JsonNode result = check(reports, "auto");
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        System.out.println("result: " + result.toPrettyString());
        System.out.println("health.transports: " + report.at("/seeds/0/health/transports"));
        // From the run's start (DNS aside: an IP literal) to its end: both attempts, JVM start excluded.
        long elapsedMillis = Duration.between(Instant.parse(report.get("startedAt").asText()),
                Instant.parse(report.get("finishedAt").asText())).toMillis();
        System.out.println("auto against litecoind: " + result.get("outcome").asText() + " over "
                + result.get("transport").asText() + " (v2Refused " + result.get("v2Refused") + "), connectMillis "
                + result.get("connectMillis") + ", handshakeMillis " + result.get("handshakeMillis") + ", the run "
                + elapsedMillis + " ms (deadline " + TIMEOUT_MS + " ms)");
        assertTrue(elapsedMillis < TIMEOUT_MS, "both attempts within the one deadline: " + elapsedMillis + " ms");
        assertEquals("SUCCESS", result.get("outcome").asText(), result.toString());
        assertEquals("v1", result.get("transport").asText());
        assertTrue(result.get("v2Refused").asBoolean(), result.toString());
        assertTrue(result.at("/peer/userAgent").asText().contains("LitecoinCore"), result.toString());
        // The node's own account of the first connection: our v2 key is not its magic.
        assertTrue(node.awaitLog(WRONG_MAGIC_THEN_DISCONNECT, Duration.ofSeconds(5)),
                "litecoind's log: the wrong magic, then the disconnect");
        String log = node.debugLog();
        log.lines().filter(l -> l.contains("MESSAGESTART") || l.contains("disconnecting") || l.contains("receive version"))
                .forEach(l -> System.out.println("litecoind: " + l));
    }

    @Test
    void v2OnlyIsRefused(@TempDir Path reports) throws Exception {
        JsonNode result = check(reports, "v2");
        assertEquals("FAILED", result.get("outcome").asText(), result.toString());
        assertEquals("v2-refused", result.get("reasonCode").asText(), result.toString());
        assertEquals("v2", result.get("transport").asText());
        assertFalse(result.has("v2Refused"), "only auto says whether v2 was refused");
    }
}
