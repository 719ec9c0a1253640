package org.nodehandshake.monero;

import io.netty.channel.ChannelPipeline;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.HandshakeSession;

/**
 * Monero's Levin P2P handshake (COMMAND_HANDSHAKE) for one network preset: the network id, what we
 * say about ourselves, and the limits that apply before the handshake concludes.
 *
 * <p>What we say is honest: we hold only the network's genesis block (height 1, its hash as top id,
 * block version 1), listen on no port a node could connect back to, and support no optional features.
 * A node that has the genesis block marks such a peer "normal" at once and asks it for nothing.
 */
public final class MoneroProtocol implements HandshakeProtocol {

    /** monerod's limit for a COMMAND_HANDSHAKE body (src/cryptonote_basic/connection_context.cpp). */
    public static final int MAX_BODY_BEFORE_CONCLUSION = 65_536;
    /** Packets accepted before the handshake concludes; a real node sends two or three. */
    public static final int MAX_FRAMES_BEFORE_CONCLUSION = 16;
    /**
     * Bytes accepted before the handshake concludes, however framed: a handshake response with a full
     * peer list (250 entries) is about 25 KB; 128 KiB leaves room and stays well under monerod's own
     * 256 KiB pre-handshake cap.
     */
    public static final int MAX_BYTES_BEFORE_CONCLUSION = 131_072;
    /** What we support (P2P_SUPPORT_FLAGS would be 1, fluffy blocks; we relay no blocks). */
    static final long OUR_SUPPORT_FLAGS = 0;

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        RANDOM.nextLong(); // seed now, not inside the first handshake's timing
    }

    private static final HandshakeBudget.Limits LIMITS =
            new HandshakeBudget.Limits(MAX_FRAMES_BEFORE_CONCLUSION, MAX_BYTES_BEFORE_CONCLUSION);

    private final MoneroNetwork network;
    private final byte[] networkId;
    private final SyncData ourChain;
    private final Set<Long> ourPeerIds = ConcurrentHashMap.newKeySet();

    public MoneroProtocol(MoneroNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        this.networkId = network.networkId();
        this.ourChain = new SyncData(1, 1, 0, network.genesis(), 1, 0);
    }

    public MoneroNetwork network() {
        return network;
    }

    @Override
    public void install(ChannelPipeline pipeline, HandshakeSession session) {
        pipeline.addLast("frame-decoder", new LevinFrameDecoder(MAX_BODY_BEFORE_CONCLUSION, session.budget()));
        pipeline.addLast("frame-encoder", new LevinFrameEncoder(session));
        pipeline.addLast("levin-handshake", new MoneroHandshakeHandler(this, session));
    }

    @Override
    public HandshakeBudget.Limits limits() {
        return LIMITS;
    }

    @Override
    public String awaited(HandshakeSession session) {
        return switch (session.direction()) {
            case OUTBOUND -> "handshake response";
            case INBOUND -> "handshake request";
        };
    }

    boolean isOurNetwork(byte[] id) {
        return Arrays.equals(id, networkId);
    }

    String networkIdHex() {
        return HexFormat.of().formatHex(networkId);
    }

    SyncData ourChain() {
        return ourChain;
    }

    /** Our node data for one connection; the peer id is fresh and remembered until forgotten. */
    NodeData ourNodeData(long peerId) {
        // support_flags 0 is left out, as monerod leaves out every optional field at its default.
        return new NodeData(networkId, peerId, 0, OptionalInt.empty(), OptionalLong.empty());
    }

    long newPeerId() {
        long id;
        do {
            id = RANDOM.nextLong();
        } while (id == 0 || !ourPeerIds.add(id));
        return id;
    }

    void forgetPeerId(long id) {
        ourPeerIds.remove(id);
    }

    boolean isOurPeerId(long id) {
        return ourPeerIds.contains(id);
    }
}
