package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodehandshake.testing.EthereumjsNode;

/**
 * The real Ethereum peer runs here: two ethereumjs peers (peer.js) on loopback, one dialing the other,
 * complete RLPx, Hello and a mainnet eth/68 Status both ways, and each logs what the other sent. This
 * proves the harness before our own transport talks to it.
 */
class EthereumjsHarnessIT {

    static final String LISTENER_IP = "127.0.0.101";
    static final String DIALER_IP = "127.0.0.102";
    static final int PORT = 30303;
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String MAINNET_GENESIS = "d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3";

    @Test
    void onePeerDialsTheOtherAndBothLogHelloAndStatus() throws Exception {
        String listenerKey = EthereumjsNode.newPrivateKeyHex();
        String dialerKey = EthereumjsNode.newPrivateKeyHex();
        try (EthereumjsNode listener = EthereumjsNode.start(LISTENER_IP, PORT, listenerKey)) {
            assertEquals(EthereumjsNode.nodeIdOf(listenerKey), listener.nodeId(), "the node id is the key's");
            assertEquals("enode://" + listener.nodeId() + "@" + LISTENER_IP + ":" + PORT, listener.enode());
            try (EthereumjsNode dialer = EthereumjsNode.start(DIALER_IP, PORT, dialerKey, "--dial", listener.enode())) {
                String diagnostics = "\nlistener:\n" + listener.diagnostics() + "\ndialer:\n" + dialer.diagnostics();

                // The listener saw the dialer's Hello: p2p v5, eth/68, its client id, its node id.
                JsonNode added = listener.awaitEvent("peer:added", dialer.nodeId(), WAIT)
                        .orElseThrow(() -> new AssertionError("no peer:added on the listener" + diagnostics));
                JsonNode hello = added.path("hello");
                assertEquals(5, hello.path("protocolVersion").asInt());
                assertEquals(dialer.clientId(), hello.path("clientId").asText());
                assertEquals("ethereumjs-devp2p/linux-x64/nodejs", hello.path("clientId").asText());
                assertEquals(List.of("eth/68"), capabilities(hello));
                assertEquals(PORT, hello.path("port").asInt(), "ethereumjs announces its listen port");
                assertEquals(dialer.nodeId(), hello.path("id").asText());
                assertTrue(added.path("eip8Auth").asBoolean(), "ethereumjs dials with an EIP-8 auth");
                assertEquals("127.0.0.1", added.path("address").asText(), "outbound connections are not bound to the peer's ip");

                // The dialer saw the listener's Hello, and the listener's ack was EIP-8 too.
                JsonNode dialed = dialer.awaitEvent("peer:added", listener.nodeId(), WAIT)
                        .orElseThrow(() -> new AssertionError("no peer:added on the dialer" + diagnostics));
                assertEquals(listener.nodeId(), dialed.path("hello").path("id").asText());
                assertTrue(dialed.path("eip8Ack").asBoolean());

                // Status both ways, accepted (the event comes only after ethereumjs validated it).
                for (EthereumjsNode[] pair : new EthereumjsNode[][] {{listener, dialer}, {dialer, listener}}) {
                    JsonNode status = pair[0].awaitEvent("status", pair[1].nodeId(), WAIT)
                            .orElseThrow(() -> new AssertionError("no status accepted" + diagnostics)).path("status");
                    assertEquals(1, status.path("networkId").asInt());
                    assertEquals(MAINNET_GENESIS, status.path("genesisHash").asText());
                    assertEquals(MAINNET_GENESIS, status.path("bestHash").asText());
                    assertEquals("17179869184", status.path("td").asText());
                    assertEquals(pair[1].forkId(), status.path("forkId"));
                }
                assertEquals("07c9462e", listener.forkId().path("hash").asText(), "mainnet after BPO2");
                assertEquals(0, listener.forkId().path("next").asLong());
                assertTrue(listener.events("peer:removed").isEmpty(), "no disconnect" + diagnostics);
                assertTrue(listener.events("peer:error").isEmpty(), "no refusal" + diagnostics);
            }
            // The dialer quit: the listener sees its Disconnect(CLIENT_QUITTING).
            JsonNode removed = listener.awaitEvent("peer:removed", WAIT)
                    .orElseThrow(() -> new AssertionError("no peer:removed" + listener.diagnostics()));
            assertEquals("CLIENT_QUITTING", removed.path("reasonName").asText(), listener.diagnostics());
        }
    }

    private static List<String> capabilities(JsonNode hello) {
        return java.util.stream.StreamSupport.stream(hello.path("capabilities").spliterator(), false)
                .map(c -> c.path("name").asText() + "/" + c.path("version").asInt())
                .toList();
    }
}
