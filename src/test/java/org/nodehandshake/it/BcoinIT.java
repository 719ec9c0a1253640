package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.BcoinNode;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * bcoin 1.0.2, a second real Bitcoin node (an independent implementation), in both directions: our initiator
 * concludes with it; its automatic outbound connection to our listener keeps us past the handshake when we
 * announce NODE_NETWORK|NODE_WITNESS, and drops us after our verack with the default services 0, as its
 * lib/net/peer.js requires of an outbound peer.
 */
class BcoinIT {

    static final int PORT = 18444;
    static final String INITIATOR_TARGET_IP = "127.0.0.240";
    static final String SERVING_LISTENER_IP = "127.0.0.241";
    static final String SERVING_BCOIN_IP = "127.0.0.242";
    static final String DEFAULT_LISTENER_IP = "127.0.0.243";
    static final String DEFAULT_BCOIN_IP = "127.0.0.244";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void ourInitiatorConcludesWithBcoinAndItLogsOurVersion() throws Exception {
        try (BcoinNode bcoin = BcoinNode.start(INITIATOR_TARGET_IP, PORT, Optional.empty())) {
            Path reports = dir.resolve("reports");
            Processes.Result run = Jar.run(bcoin.ip(), Integer.toString(PORT), "5000", "--network", "regtest",
                    "--report-dir", reports.toString());
            assertEquals(0, run.exitCode(), () -> run.stdout() + run.stderr() + bcoin.diagnostics());
            JsonNode result = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0/results/0");
            assertEquals("SUCCESS", result.get("outcome").asText(), result::toString);
            assertEquals(BcoinNode.USER_AGENT, result.at("/peer/userAgent").asText());
            assertEquals(70015, result.at("/peer/protocolVersion").asInt());
            assertEquals(9, result.at("/peer/services").asLong(), "NODE_NETWORK|NODE_WITNESS");

            // From bcoin's side: our version (the defaults: 70016, height 0, services 0; bcoin prints services
            // in binary) and our verack arrived.
            assertTrue(bcoin.awaitLine("Received verack", WAIT), bcoin::diagnostics);
            List<String> versions = bcoin.lines("Received version (");
            assertEquals(1, versions.size(), bcoin::diagnostics);
            assertTrue(versions.get(0).contains("version=70016 height=0 services=0 agent=/node-handshake:"),
                    versions.get(0));
        }
    }

    @Test
    void theAnnouncedValuesReachBcoin() throws Exception {
        try (BcoinNode bcoin = BcoinNode.start(INITIATOR_TARGET_IP, PORT, Optional.empty())) {
            Processes.Result run = Jar.run(bcoin.ip(), Integer.toString(PORT), "5000", "--network", "regtest",
                    "--services", "NETWORK,WITNESS,NETWORK_LIMITED", "--start-height", "123",
                    "--protocol-version", "70015", "--relay", "true", "--report-dir", dir.resolve("r").toString());
            assertEquals(0, run.exitCode(), () -> run.stdout() + run.stderr() + bcoin.diagnostics());
            assertTrue(bcoin.awaitLine("Received verack", WAIT), bcoin::diagnostics);
            String version = bcoin.lines("Received version (").get(0);
            assertTrue(version.contains("version=70015 height=123 services=10000001001 agent=/node-handshake:"),
                    version);
        }
    }

    @Test
    void withNetworkAndWitnessBcoinsAutomaticConnectionToOurListenerStaysPastTheHandshake() throws Exception {
        Path reports = dir.resolve("reports");
        Path out = dir.resolve("listener.out");
        String listen = SERVING_LISTENER_IP + ":" + PORT;
        // --linger: after SUCCESS we keep the connection, so that what bcoin does next can be seen
        Process listener = Jar.start(out, "--listen", listen, "--network", "regtest", "--services", "NETWORK,WITNESS",
                "--linger", "20000", "--report-dir", reports.toString());
        Thread hook = Processes.killOnExit(listener);
        try {
            ResponderIT.awaitLine(out, "Listening for inbound regtest handshakes on " + listen, listener);
            try (BcoinNode bcoin = BcoinNode.start(SERVING_BCOIN_IP, PORT, Optional.of(listen))) {
                assertTrue(bcoin.awaitLine("PEER-JS peer open " + listen, WAIT), bcoin::diagnostics);
                assertTrue(bcoin.lines("Received version (" + listen + ")").get(0)
                        // bcoin prints services in binary: NETWORK (bit 0), WITNESS (bit 3) and the NODE_P2P_V2
                        // (bit 11) a listener serving v2 adds
                        .contains("services=100000001001 agent=/node-handshake:"), bcoin::diagnostics);
                // past the handshake: bcoin syncs from us (getblocks), and nothing drops the connection
                assertTrue(bcoin.awaitLine("Sending getblocks", WAIT), bcoin::diagnostics);
                Thread.sleep(2000);
                assertEquals(List.of(), bcoin.lines("PEER-JS peer close " + listen), bcoin::diagnostics);
                assertEquals(List.of(), bcoin.lines("does not support"), bcoin::diagnostics);

                List<JsonNode> results = stopAndReadResults(listener, reports);
                JsonNode first = results.get(0);
                assertEquals("SUCCESS", first.get("outcome").asText(), first::toString);
                assertEquals(BcoinNode.USER_AGENT, first.at("/peer/userAgent").asText());
            }
        } finally {
            Processes.stop(listener, Duration.ofSeconds(1));
            Processes.forget(hook);
        }
    }

    @Test
    void withTheDefaultServicesBcoinDropsOurListenerAfterOurVerack() throws Exception {
        Path reports = dir.resolve("reports");
        Path out = dir.resolve("listener.out");
        String listen = DEFAULT_LISTENER_IP + ":" + PORT;
        Process listener = Jar.start(out, "--listen", listen, "--network", "regtest", "--report-dir", reports.toString());
        Thread hook = Processes.killOnExit(listener);
        try {
            ResponderIT.awaitLine(out, "Listening for inbound regtest handshakes on " + listen, listener);
            try (BcoinNode bcoin = BcoinNode.start(DEFAULT_BCOIN_IP, PORT, Optional.of(listen))) {
                assertTrue(bcoin.awaitLine("Error: Peer does not support network services. (" + listen + ")", WAIT),
                        bcoin::diagnostics);
                assertEquals(List.of(), bcoin.lines("PEER-JS peer open"), bcoin::diagnostics);
            }
            // bcoin stopped first, so that no connection of its is cut by our stop
            List<JsonNode> results = stopAndReadResults(listener, reports);
            JsonNode first = results.get(0);
            // it read our version and closed before its verack: whether our verack was still unread decides
            // between a reset and a plain close
            assertEquals("PARTIAL", first.get("outcome").asText(), first::toString);
            assertTrue(Set.of("reset-by-peer", "closed-by-peer").contains(first.get("reasonCode").asText()),
                    first::toString);
            assertTrue(first.get("reason").asText().endsWith("while waiting for verack"), first::toString);
            assertEquals("peer-hello", first.get("stage").asText());
            assertEquals(BcoinNode.USER_AGENT, first.at("/peer/userAgent").asText());
            assertEquals("[\"version\"]", first.at("/peer/messages").toString());
            for (JsonNode r : results) {
                assertFalse(r.get("outcome").asText().equals("SUCCESS"), r::toString);
            }
        } finally {
            Processes.stop(listener, Duration.ofSeconds(1));
            Processes.forget(hook);
        }
    }

    /** SIGTERM, the running report written once more; its results, oldest first. */
    private static List<JsonNode> stopAndReadResults(Process listener, Path reports) throws Exception {
        listener.destroy();
        assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
        assertEquals(0, listener.exitValue(), "a stop on request is a clean end");
        JsonNode report = ReportSchema.assertValid(reports.resolve("listener-latest.json"));
        List<JsonNode> results = new ArrayList<>();
        report.at("/listener/results").forEach(results::add);
        assertFalse(results.isEmpty(), report::toString);
        return results;
    }
}
