package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * A real node dials us: the packaged jar listens (--listen, --linger) and litecoind -regtest
 * -connect=us handshakes with it. The node's own getpeerinfo must show our user agent and a verack
 * both ways; our running report must hold the handshake as SUCCESS; SIGTERM stops us gracefully.
 */
class ResponderIT {

    static final String LISTEN_IP = "127.0.0.51";
    static final String NODE_IP = "127.0.0.21";

    @Test
    void litecoindDialingUsConcludesTheHandshake(@TempDir Path dir) throws Exception {
        int port = freePort(LISTEN_IP);
        Path reports = dir.resolve("reports");
        Path out = dir.resolve("listener.out");
        Process listener = Jar.start(out, "--listen", LISTEN_IP + ":" + port, "--network", "litecoin-regtest",
                "--linger", "60000", "--timeout", "5000", "--report-dir", reports.toString());
        Thread hook = Processes.killOnExit(listener);
        try {
            awaitLine(out, "Listening for inbound litecoin-regtest handshakes on " + LISTEN_IP + ":" + port, listener);
            try (LitecoindNode node = LitecoindNode.start(NODE_IP, "-connect=" + LISTEN_IP + ":" + port)) {
                Optional<JsonNode> seen = awaitPeer(node, Duration.ofSeconds(30));
                assertTrue(seen.isPresent(), "litecoind never completed a handshake with us: " + read(out));
                JsonNode us = seen.get();
                // From the node's side: our version arrived (subver), and a verack went each way.
                assertTrue(us.get("subver").asText().startsWith("/node-handshake:"), us::toString);
                assertEquals(70016, us.get("version").asInt());
                assertEquals(24, us.at("/bytesrecv_per_msg/verack").asInt(), us::toString);
                assertEquals(24, us.at("/bytessent_per_msg/verack").asInt(), us::toString);
                assertTrue(!us.get("inbound").asBoolean(), "the node dialed us");
                String subversion = node.cliJson("getnetworkinfo").get("subversion").asText();

                Instant stopAsked = Instant.now();
                listener.destroy(); // SIGTERM
                assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
                assertEquals(0, listener.exitValue(), "a stop on request is a clean end");

                JsonNode report = ReportSchema.assertValid(reports.resolve("listener-latest.json"));
                assertTrue(!Instant.parse(report.get("finishedAt").asText()).isBefore(stopAsked.minusMillis(5)),
                        "the report was written again on shutdown");
                assertTrue(report.at("/listener/summary/success").asInt() >= 1, report::toString);
                JsonNode first = null;
                for (JsonNode r : report.at("/listener/results")) {
                    if (r.get("outcome").asText().equals("SUCCESS")) {
                        first = r;
                        break;
                    }
                }
                assertTrue(first != null, report::toString);
                assertEquals(subversion, first.at("/peer/userAgent").asText());
                assertTrue(read(out).contains("Inbound handshake from "), "logged per connection");
                assertTrue(read(out).contains("-> SUCCESS"));
            }
        } finally {
            Processes.stop(listener, Duration.ofSeconds(1));
            Processes.forget(hook);
        }
    }

    static Optional<JsonNode> awaitPeer(LitecoindNode node, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode peer : node.cliJson("getpeerinfo")) {
                if (peer.has("subver") && peer.get("subver").asText().startsWith("/node-handshake:")
                        && peer.at("/bytesrecv_per_msg/verack").asInt() == 24) {
                    return Optional.of(peer);
                }
            }
            Thread.sleep(200);
        }
        return Optional.empty();
    }

    static void awaitLine(Path log, String line, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (read(log).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("listener exited " + process.exitValue() + ": " + read(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + line + "' in: " + read(log));
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    static int freePort(String ip) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return probe.getLocalPort();
        }
    }
}
