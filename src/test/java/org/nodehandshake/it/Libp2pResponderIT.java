package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Libp2pNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * Our listener ({@code --listen --network libp2p}) with a fixed {@code --node-key}; a real js-libp2p node
 * (peer.js) dials the multiaddr the listener logs, once with yamux only and once with mplex only. The node
 * logs the dial done and our Identify (our agent); our running report holds a SUCCESS with the node's
 * peer id, the muxer and its agent.
 */
class Libp2pResponderIT {

    static final String LISTEN_IP = "127.0.0.153";
    static final String NODE_IP = "127.0.0.154";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"yamux, /yamux/1.0.0, 4021", "mplex, /mplex/6.7.0, 4022"})
    void aJsLibp2pNodeDialsOurListenerAndBothIdentifyEachOther(String muxers, String muxer, int port) throws Exception {
        String ourSeed = Libp2pNode.newSeedHex();
        String ourMultiaddr = "/ip4/" + LISTEN_IP + "/tcp/" + port + "/p2p/" + Libp2pNode.peerIdOf(ourSeed);
        Path keyFile = Files.writeString(dir.resolve("node-key"), ourSeed);
        Path reports = dir.resolve("reports");
        Path out = dir.resolve("listener.out");
        String listen = LISTEN_IP + ":" + port;
        Process listener = Jar.start(out, "--listen", listen, "--network", "libp2p", "--node-key", keyFile.toString(),
                "--timeout", "5000", "--report-dir", reports.toString());
        Thread hook = Processes.killOnExit(listener);
        try {
            ResponderIT.awaitLine(out, "Listening for inbound libp2p handshakes on " + listen, listener);
            assertTrue(ResponderIT.read(out).contains("libp2p listener: " + ourMultiaddr),
                    "our full multiaddr is logged at start: " + ResponderIT.read(out));
            try (Libp2pNode node = Libp2pNode.start(NODE_IP, 4001, Libp2pNode.newSeedHex(), "--muxers", muxers,
                    "--dial", ourMultiaddr)) {
                String diagnostics = "\nnode:\n" + node.diagnostics() + "\nlistener:\n" + ResponderIT.read(out);
                JsonNode dialed = node.awaitEvent("dial:ok", WAIT)
                        .orElseThrow(() -> new AssertionError("no dial:ok" + diagnostics));
                assertEquals(Libp2pNode.peerIdOf(ourSeed), dialed.path("remotePeer").asText(),
                        "Noise authenticated us as the peer id dialed");
                assertEquals(muxer, dialed.path("muxer").asText());
                JsonNode identified = node.awaitEvent("identify", Libp2pNode.peerIdOf(ourSeed), WAIT)
                        .orElseThrow(() -> new AssertionError("no identify of us" + node.diagnostics()));
                assertEquals("node-handshake/" + BuildInfo.version(), identified.path("agentVersion").asText());
                assertEquals(List.of("/ip4/" + LISTEN_IP + "/tcp/" + port),
                        Libp2pNode.strings(identified.path("listenAddrs")), "our Identify names where we listen");
                assertTrue(identified.path("observedAddr").asText().startsWith("/ip4/" + NODE_IP + "/tcp/"),
                        "where we saw the node from: " + identified);
                assertTrue(node.events("identify:error").isEmpty(), node::diagnostics);

                listener.destroy(); // SIGTERM: the running report is written once more
                assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
                assertEquals(0, listener.exitValue(), "a stop on request is a clean end");
                JsonNode report = ReportSchema.assertValid(reports.resolve("listener-latest.json"));
                assertEquals(1, report.at("/listener/summary/success").asInt(), report::toString);
                JsonNode success = report.at("/listener/results/0");
                assertEquals("SUCCESS", success.get("outcome").asText(), success::toString);
                assertEquals(NODE_IP, success.get("address").asText());
                assertEquals(node.peerId(), success.at("/peer/peerId").asText(), success::toString);
                assertEquals(muxer, success.at("/peer/muxer").asText());
                assertEquals(node.agentVersion(), success.at("/peer/agentVersion").asText());
                assertEquals(node.protocols(), Libp2pNode.strings(success.at("/peer/protocols")));
                assertEquals(ourMultiaddr, success.at("/peer/observedAddr").asText(), "what the node saw of us");
            }
        } finally {
            Processes.stop(listener, Duration.ofSeconds(1));
            Processes.forget(hook);
        }
    }
}
