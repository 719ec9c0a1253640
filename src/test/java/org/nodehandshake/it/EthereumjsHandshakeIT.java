package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodehandshake.ethereum.EthereumNetwork;
import org.nodehandshake.ethereum.EthereumPeer;
import org.nodehandshake.ethereum.EthereumProtocol;
import org.nodehandshake.ethereum.NodeKey;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.testing.EthereumjsNode;

/**
 * Our initiator's RLPx, Hello and Status against a real @ethereumjs/devp2p peer (peer.js) on loopback
 * (127.0.0.120), in process: SUCCESS with its Hello and Status recorded as it logged them, its log
 * showing our Hello and our Status accepted, our closing Disconnect received; a full peer is PARTIAL
 * too-many-peers. The other direction, a real peer dialing our listener, is {@link EthereumResponderIT}
 * (through the jar, with {@link #assertPeerAccepted}); the one-shot command from a node list is
 * {@link EthereumSeedIT}.
 */
class EthereumjsHandshakeIT {

    static final String PEER_IP = "127.0.0.120";
    static final int PORT = 30303;
    static final Duration WAIT = Duration.ofSeconds(15);
    static final EthereumNetwork NET = EthereumNetwork.MAINNET;
    static final String CLIENT_ID = "node-handshake/it";

    static EventLoopGroup loops;
    static NodeKey ours = NodeKey.random();
    static Handshaker handshaker;

    @BeforeAll
    static void start() {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EthereumProtocol protocol = new EthereumProtocol(NET, ours, CLIENT_ID, 0, Clock.systemUTC());
        handshaker = new Handshaker(loops, NioSocketChannel.class, n -> protocol, 10_000, 0, 4);
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static HandshakeResult dial(EthereumjsNode peer) throws Exception {
        return handshaker.handshake(new HandshakeTarget(peer.enode(), InetAddress.getByName(peer.ip()), peer.port(), NET,
                true, Optional.of(peer.nodeId()))).get(20, TimeUnit.SECONDS);
    }

    /**
     * What the peer logged about us: our Hello (with {@code clientId}, p2p 5) and our Status, a mainnet
     * node at genesis, accepted, and no refusal.
     */
    static void assertPeerAccepted(EthereumjsNode peer, String ourNodeId, String clientId) throws Exception {
        String diagnostics = "\n" + peer.diagnostics();
        JsonNode added = peer.awaitEvent("peer:added", ourNodeId, WAIT)
                .orElseThrow(() -> new AssertionError("no peer:added" + diagnostics));
        assertEquals(clientId, added.path("hello").path("clientId").asText(), diagnostics);
        assertEquals(5, added.path("hello").path("protocolVersion").asInt());
        JsonNode status = peer.awaitEvent("status", ourNodeId, WAIT)
                .orElseThrow(() -> new AssertionError("our Status was not accepted" + diagnostics)).path("status");
        assertEquals(1, status.path("networkId").asInt());
        assertEquals(NET.genesisHashHex(), status.path("genesisHash").asText());
        assertEquals(NET.genesisHashHex(), status.path("bestHash").asText(), "we hold only genesis");
        assertEquals("17179869184", status.path("td").asText());
        assertEquals("fc64ec04", status.path("forkId").path("hash").asText(), "a node at genesis");
        assertEquals(1_150_000, status.path("forkId").path("next").asLong());
        assertTrue(peer.events("peer:error").isEmpty(), "no refusal" + diagnostics);
    }

    private static void assertPeerRecorded(HandshakeResult r, EthereumjsNode peer) {
        EthereumPeer.Report report = ((EthereumPeer) r.peer().orElseThrow()).report(r.messages());
        assertEquals(peer.nodeId(), report.nodeId());
        assertEquals(peer.clientId(), report.clientId());
        assertEquals(List.of("eth/68"), report.capabilities());
        assertEquals(68, report.ethVersion());
        assertEquals(1L, report.networkId());
        assertEquals("0x" + peer.forkId().path("hash").asText(), report.forkId().hash());
        assertEquals(peer.forkId().path("next").asLong(), report.forkId().next().longValue());
        assertEquals(Boolean.TRUE, report.forkIdCompatible());
        assertEquals(NET.genesisHashHex(), report.bestHash());
    }

    @Test
    void weDialTheRealPeer() throws Exception {
        try (EthereumjsNode peer = EthereumjsNode.start(PEER_IP, PORT, EthereumjsNode.newPrivateKeyHex())) {
            HandshakeResult r = dial(peer);
            assertEquals("SUCCESS", r.outcome().label(), r + "\n" + peer.diagnostics());
            assertEquals(List.of("ack", "hello", "status"), r.messages());
            assertEquals(PORT, ((EthereumPeer) r.peer().orElseThrow()).hello().listenPort());
            assertPeerRecorded(r, peer);
            assertPeerAccepted(peer, ours.nodeIdHex(), CLIENT_ID);
            // we close with a Disconnect of our own
            JsonNode removed = peer.awaitEvent("peer:removed", ours.nodeIdHex(), WAIT)
                    .orElseThrow(() -> new AssertionError("no peer:removed\n" + peer.diagnostics()));
            assertEquals("DISCONNECT_REQUESTED", removed.path("reasonName").asText(), peer.diagnostics());
        }
    }

    @Test
    void aFullPeerIsPartialTooManyPeers() throws Exception {
        try (EthereumjsNode peer = EthereumjsNode.start(PEER_IP, PORT, EthereumjsNode.newPrivateKeyHex(), "--max-peers", "0")) {
            HandshakeResult r = dial(peer);
            assertEquals("PARTIAL", r.outcome().label(), r + "\n" + peer.diagnostics());
            assertEquals(Optional.of(ReasonCode.TOO_MANY_PEERS), r.outcome().reasonCode());
            EthereumPeer.Report report = ((EthereumPeer) r.peer().orElseThrow()).report(r.messages());
            assertEquals("too many peers (0x04)", report.disconnectReason());
            assertEquals(peer.clientId(), report.clientId());
        }
    }
}
