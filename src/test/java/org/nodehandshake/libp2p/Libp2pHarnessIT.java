package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodehandshake.testing.Libp2pNode;

/**
 * The real libp2p node runs here: two js-libp2p nodes (peer.js) on loopback, one dialing the other, complete
 * TCP, multistream-select, Noise XX, a muxer and Identify both ways, and each logs what the other sent. This
 * proves the harness before our own transport talks to it.
 */
class Libp2pHarnessIT {

    static final String LISTENER_IP = "127.0.0.130";
    static final String DIALER_IP = "127.0.0.131";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final List<String> PROTOCOLS = List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");

    @Test
    void anMplexOnlyDialerAndAYamuxMplexListenerAgreeOnMplexAndIdentifyEachOther() throws Exception {
        String listenerSeed = Libp2pNode.newSeedHex();
        String dialerSeed = Libp2pNode.newSeedHex();
        try (Libp2pNode listener = Libp2pNode.start(LISTENER_IP, 4001, listenerSeed, "--muxers", "yamux,mplex")) {
            assertEquals(Libp2pNode.peerIdOf(listenerSeed), listener.peerId(), "the peer id is the seed's key's");
            assertTrue(listener.peerId().startsWith("12D3KooW"), listener.peerId());
            assertEquals(List.of(listener.multiaddr()), listener.addrs(), "it listens on its address only");
            assertEquals(Libp2pNode.DEFAULT_AGENT, listener.agentVersion());
            assertEquals(PROTOCOLS, listener.protocols());
            assertEquals("ipfs/0.1.0", listener.listening().path("protocolVersion").asText());

            try (Libp2pNode dialer = Libp2pNode.start(DIALER_IP, 4001, dialerSeed,
                    "--muxers", "mplex", "--agent", "harness-dialer/1.0", "--dial", listener.multiaddr())) {
                String diagnostics = "\nlistener:\n" + listener.diagnostics() + "\ndialer:\n" + dialer.diagnostics();
                assertEquals("harness-dialer/1.0", dialer.agentVersion());

                JsonNode dialed = dialer.awaitEvent("dial:ok", WAIT)
                        .orElseThrow(() -> new AssertionError("no dial:ok" + diagnostics));
                assertEquals(listener.peerId(), dialed.path("remotePeer").asText());
                assertEquals(Libp2pNode.MPLEX, dialed.path("muxer").asText());
                assertEquals(Libp2pNode.NOISE, dialed.path("encryption").asText());

                // The listener authenticated the dialer (Noise) and agreed on mplex, its second choice.
                JsonNode open = listener.awaitEvent("connection:open", dialer.peerId(), WAIT)
                        .orElseThrow(() -> new AssertionError("no connection:open on the listener" + diagnostics));
                assertEquals("inbound", open.path("direction").asText());
                assertEquals(Libp2pNode.MPLEX, open.path("muxer").asText());
                assertEquals(Libp2pNode.NOISE, open.path("encryption").asText());
                assertTrue(open.path("remoteAddr").asText().startsWith("/ip4/" + DIALER_IP + "/tcp/"),
                        "outbound connections come from the dialer's own address: " + open);

                // Identify both ways: each sees the other's agent, protocols and addresses.
                JsonNode ofDialer = listener.awaitEvent("identify", dialer.peerId(), WAIT)
                        .orElseThrow(() -> new AssertionError("the listener did not identify the dialer" + diagnostics));
                assertEquals("harness-dialer/1.0", ofDialer.path("agentVersion").asText());
                assertEquals("ipfs/0.1.0", ofDialer.path("protocolVersion").asText());
                assertEquals(dialer.protocols(), Libp2pNode.strings(ofDialer.path("protocols")));
                assertEquals(List.of("/ip4/" + DIALER_IP + "/tcp/4001"), Libp2pNode.strings(ofDialer.path("listenAddrs")));
                assertEquals(listener.multiaddr(), ofDialer.path("observedAddr").asText(),
                        "what the dialer saw of the listener");

                JsonNode ofListener = dialer.awaitEvent("identify", listener.peerId(), WAIT)
                        .orElseThrow(() -> new AssertionError("the dialer did not identify the listener" + diagnostics));
                assertEquals(Libp2pNode.DEFAULT_AGENT, ofListener.path("agentVersion").asText());
                assertEquals(PROTOCOLS, Libp2pNode.strings(ofListener.path("protocols")));
                assertEquals(List.of("/ip4/" + LISTENER_IP + "/tcp/4001"),
                        Libp2pNode.strings(ofListener.path("listenAddrs")));
                assertEquals(open.path("remoteAddr").asText(), ofListener.path("observedAddr").asText(),
                        "the listener told the dialer where it saw it from");

                assertTrue(listener.events("identify:error").isEmpty(), diagnostics);
                assertTrue(dialer.events("identify:error").isEmpty(), diagnostics);
                assertTrue(listener.events("error").isEmpty(), diagnostics);
            }
            // The dialer stopped: the listener sees the connection close.
            JsonNode closed = listener.awaitEvent("connection:close", WAIT)
                    .orElseThrow(() -> new AssertionError("no connection:close" + listener.diagnostics()));
            assertEquals(Libp2pNode.MPLEX, closed.path("muxer").asText());
        }
    }

    @Test
    void aYamuxOnlyDialerGetsYamuxAndAnMplexOnlyListenerRefusesIt() throws Exception {
        try (Libp2pNode both = Libp2pNode.start(LISTENER_IP, 4002, Libp2pNode.newSeedHex(), "--muxers", "yamux,mplex");
                Libp2pNode mplexOnly = Libp2pNode.start(LISTENER_IP, 4003, Libp2pNode.newSeedHex(), "--muxers", "mplex")) {
            try (Libp2pNode dialer = Libp2pNode.start(DIALER_IP, 4002, Libp2pNode.newSeedHex(),
                    "--muxers", "yamux", "--dial", both.multiaddr())) {
                String diagnostics = "\nlistener:\n" + both.diagnostics() + "\ndialer:\n" + dialer.diagnostics();
                JsonNode open = both.awaitEvent("connection:open", dialer.peerId(), WAIT)
                        .orElseThrow(() -> new AssertionError("no connection:open" + diagnostics));
                assertEquals(Libp2pNode.YAMUX, open.path("muxer").asText());
                JsonNode identified = both.awaitEvent("identify", dialer.peerId(), WAIT)
                        .orElseThrow(() -> new AssertionError("no identify" + diagnostics));
                assertEquals(Libp2pNode.DEFAULT_AGENT, identified.path("agentVersion").asText());
            }
            try (Libp2pNode dialer = Libp2pNode.start(DIALER_IP, 4003, Libp2pNode.newSeedHex(),
                    "--muxers", "yamux", "--dial", mplexOnly.multiaddr())) {
                JsonNode error = dialer.awaitEvent("dial:error", WAIT)
                        .orElseThrow(() -> new AssertionError("no dial:error" + dialer.diagnostics()));
                // js picks the muxer inside Noise (the stream_muxers extension) and gives up there
                assertTrue(error.path("message").asText().contains("no common muxers"), error.toString());
                assertFalse(mplexOnly.awaitEvent("connection:open", Duration.ofMillis(500)).isPresent(),
                        mplexOnly.diagnostics());
            }
        }
    }
}
