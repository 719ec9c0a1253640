package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Libp2pNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * {@code --linger} with libp2p: after the SUCCESS the connection stays open for the linger and we keep
 * answering the node's pings. The node runs js's connection monitor every second (an unanswered ping gets
 * the connection aborted) and its ping service every second too (which checks the 32-byte echo and logs
 * each outcome); the connection closes only when the linger ends, from our side.
 */
class Libp2pLingerIT {

    static final String NODE_IP = "127.0.0.156";
    static final long LINGER_MS = 6000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"yamux, 4031", "mplex, 4032"})
    void theConnectionLingersAndEveryPingOfTheNodeIsEchoed(String muxers, int port) throws Exception {
        String ourSeed = Libp2pNode.newSeedHex();
        String ourPeerId = Libp2pNode.peerIdOf(ourSeed);
        Path keyFile = Files.writeString(dir.resolve("node-key"), ourSeed);
        try (Libp2pNode node = Libp2pNode.start(NODE_IP, port, Libp2pNode.newSeedHex(), "--muxers", muxers,
                "--ping-interval", "1000", "--ping-every", "1000")) {
            Path reports = dir.resolve("reports");
            Processes.Result run = Jar.run(node.multiaddr(), "5000", "--network", "libp2p", "--linger",
                    Long.toString(LINGER_MS), "--node-key", keyFile.toString(), "--report-dir", reports.toString());
            String diagnostics = run.stdout() + run.stderr() + "\nnode:\n" + node.diagnostics();
            assertEquals(0, run.exitCode(), diagnostics);
            JsonNode result = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0/results/0");
            assertEquals("SUCCESS", result.get("outcome").asText(), result::toString);

            JsonNode open = node.awaitEvent("connection:open", ourPeerId, java.time.Duration.ofSeconds(5))
                    .orElseThrow(() -> new AssertionError("no connection:open" + diagnostics));
            JsonNode close = node.awaitEvent("connection:close", ourPeerId, java.time.Duration.ofSeconds(5))
                    .orElseThrow(() -> new AssertionError("no connection:close" + diagnostics));
            long openFor = close.path("time").asLong() - open.path("time").asLong();
            assertTrue(openFor >= LINGER_MS - 500, "open " + openFor + " ms, not through the linger" + diagnostics);

            List<JsonNode> pings = node.events("ping").stream()
                    .filter(p -> ourPeerId.equals(p.path("remotePeer").asText())).toList();
            assertTrue(pings.size() >= 4, pings.size() + " pings echoed in " + openFor + " ms" + diagnostics);
            assertTrue(pings.stream().allMatch(p -> p.path("time").asLong() < close.path("time").asLong()), diagnostics);
            // a ping in flight when we close at the linger's end may fail; none before
            assertEquals(List.of(), node.events("ping:error").stream()
                    .filter(p -> p.path("time").asLong() < close.path("time").asLong()).toList(), diagnostics);
            assertEquals(List.of(), node.events("error"), diagnostics);
        }
    }
}
