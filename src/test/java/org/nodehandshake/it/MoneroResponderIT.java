package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.MonerodNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * Responder mode with {@code --network monero-regtest}: a real {@code monerod --regtest} told to connect
 * only to our listener ({@code --add-exclusive-node}) ends up connected to us past the handshake, as its
 * own RPC shows, and our running report holds what it told us.
 */
class MoneroResponderIT {

    static final String LISTEN_IP = "127.0.0.58";
    static final String NODE_IP = "127.0.0.29";

    @Test
    void monerodDialingUsConcludesTheHandshake(@TempDir Path dir) throws Exception {
        int port = ResponderIT.freePort(LISTEN_IP);
        dialedBy(dir, LISTEN_IP + ":" + port);
    }

    @Test
    void monerodDialingUsOverIpv6ConcludesTheHandshake(@TempDir Path dir) throws Exception {
        int port = ResponderIT.freePort("::1");
        dialedBy(dir, "[::1]:" + port, "--p2p-use-ipv6", "--p2p-bind-ipv6-address", "::1",
                "--p2p-bind-port-ipv6", "18487");
    }

    /** Our listener on {@code listen}; a monerod that may connect to nothing else dials it. */
    private static void dialedBy(Path dir, String listen, String... nodeArgs) throws Exception {
        Path reports = dir.resolve("reports");
        Path out = dir.resolve("listener.out");
        Process listener = Jar.start(out, "--listen", listen, "--network", "monero-regtest",
                "--linger", "60000", "--timeout", "5000", "--report-dir", reports.toString());
        Thread hook = Processes.killOnExit(listener);
        try {
            ResponderIT.awaitLine(out, "Listening for inbound monero-regtest handshakes on " + listen, listener);
            String[] args = new String[nodeArgs.length + 2];
            args[0] = "--add-exclusive-node";
            args[1] = listen;
            System.arraycopy(nodeArgs, 0, args, 2, nodeArgs.length);
            try (MonerodNode node = MonerodNode.start(NODE_IP, 18080, 18081, args)) {
                Optional<JsonNode> us = MoneroSeedIT.awaitConnection(node,
                        c -> c.get("address").asText().equals(listen), Duration.ofSeconds(30));
                assertTrue(us.isPresent(), "monerod never got past the handshake with us: " + node.getConnections()
                        + "\n" + ResponderIT.read(out));
                // From the node's side: its outgoing connection to us holds our peer id and our height.
                assertFalse(us.get().get("incoming").asBoolean(), "the node dialed us");
                assertTrue(MoneroSeedIT.ourPeerIds(out).containsValue(us.get().get("peer_id").asText()),
                        "the node holds one of our peer ids: " + us.get() + " " + MoneroSeedIT.ourPeerIds(out));
                assertEquals(1, us.get().get("height").asLong(), us.get()::toString);
                JsonNode info = node.getInfo();

                Instant stopAsked = Instant.now();
                listener.destroy(); // SIGTERM
                assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
                assertEquals(0, listener.exitValue(), "a stop on request is a clean end");

                JsonNode report = ReportSchema.assertValid(reports.resolve("listener-latest.json"));
                assertFalse(Instant.parse(report.get("finishedAt").asText()).isBefore(stopAsked.minusMillis(5)));
                JsonNode success = null;
                for (JsonNode r : report.at("/listener/results")) {
                    if (r.get("outcome").asText().equals("SUCCESS")) {
                        success = r;
                        break;
                    }
                }
                assertTrue(success != null, report::toString);
                JsonNode peer = success.get("peer");
                assertEquals(info.get("height").asLong(), peer.get("currentHeight").asLong(), peer::toString);
                assertEquals(info.get("top_block_hash").asText(), peer.get("topId").asText());
                assertEquals(18080, peer.get("myPort").asInt(), "the port the node listens on");
                assertFalse(peer.has("peerlistSize"), "a request carries no peer list");
                assertTrue(ResponderIT.read(out).contains("-> SUCCESS"));
                // The node's log: it sent its request and read our answer.
                assertTrue(node.log().contains("New connection handshaked"), "node logged the handshake");
            }
        } finally {
            Processes.stop(listener, Duration.ofSeconds(1));
            Processes.forget(hook);
        }
    }
}
