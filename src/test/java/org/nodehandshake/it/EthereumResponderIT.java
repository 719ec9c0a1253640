package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.ethereum.EthereumModule;
import org.nodehandshake.testing.EthereumjsNode;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * Our listener ({@code --listen --network ethereum}) with a fixed node key; a real ethereumjs peer dials
 * its enode URL, and both sides conclude: the peer logs our Hello (our client id) and accepts our Status,
 * our running report holds a SUCCESS with the peer's Hello and Status as it logged them. (Our initiator
 * against the same peer is {@link EthereumjsHandshakeIT}.)
 */
class EthereumResponderIT {

    static final String LISTEN_IP = "127.0.0.116";
    static final String PEER_IP = "127.0.0.117";
    static final int PORT = 30303;

    @TempDir
    Path dir;

    @Test
    void aRealEthereumjsPeerDialsOurListenerAndBothConclude() throws Exception {
        String ourKey = EthereumjsNode.newPrivateKeyHex();
        Path keyFile = dir.resolve("nodekey");
        Files.writeString(keyFile, ourKey);
        String ourEnode = "enode://" + EthereumjsNode.nodeIdOf(ourKey) + "@" + LISTEN_IP + ":" + PORT;
        Path reports = dir.resolve("reports");
        Path out = dir.resolve("listener.out");
        String listen = LISTEN_IP + ":" + PORT;
        Process listener = Jar.start(out, "--listen", listen, "--network", "ethereum", "--node-key", keyFile.toString(),
                "--timeout", "5000", "--report-dir", reports.toString());
        Thread hook = Processes.killOnExit(listener);
        try {
            ResponderIT.awaitLine(out, "Listening for inbound ethereum handshakes on " + listen, listener);
            assertTrue(ResponderIT.read(out).contains("Ethereum listener: " + ourEnode), "our enode URL is logged at start");
            try (EthereumjsNode peer = EthereumjsNode.start(PEER_IP, PORT, EthereumjsNode.newPrivateKeyHex(),
                    "--dial", ourEnode)) {
                // from the peer's side: RLPx and Hello done with us, our Status accepted, no refusal
                EthereumjsHandshakeIT.assertPeerAccepted(peer, EthereumjsNode.nodeIdOf(ourKey), EthereumModule.clientId());

                listener.destroy(); // SIGTERM: the running report is written once more
                assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
                assertEquals(0, listener.exitValue(), "a stop on request is a clean end");
                JsonNode report = ReportSchema.assertValid(reports.resolve("listener-latest.json"));
                JsonNode success = null;
                for (JsonNode r : report.at("/listener/results")) {
                    if (r.get("outcome").asText().equals("SUCCESS")) {
                        success = r;
                    }
                }
                assertTrue(success != null, report::toString);
                assertEquals(peer.nodeId(), success.at("/peer/nodeId").asText(), success::toString);
                assertEquals(peer.clientId(), success.at("/peer/clientId").asText());
                assertEquals("[\"eth/68\"]", success.at("/peer/capabilities").toString());
                assertEquals(68, success.at("/peer/ethVersion").asInt());
                assertEquals(1, success.at("/peer/networkId").asInt());
                assertEquals("0x" + peer.forkId().path("hash").asText(), success.at("/peer/forkId/hash").asText());
                assertEquals(peer.forkId().path("next").asLong(), success.at("/peer/forkId/next").asLong());
                assertTrue(success.at("/peer/forkIdCompatible").asBoolean(), success::toString);
            }
        } finally {
            Processes.stop(listener, Duration.ofSeconds(1));
            Processes.forget(hook);
        }
    }
}
