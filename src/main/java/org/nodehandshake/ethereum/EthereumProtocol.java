package org.nodehandshake.ethereum;

import io.netty.channel.ChannelPipeline;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.math.ec.ECPoint;
import org.nodehandshake.module.OnFirstUse;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;

/**
 * Ethereum's handshake for one network preset: RLPx (auth, ack), devp2p Hello both ways, eth Status
 * both ways. What we say is honest: a node holding only genesis (total difficulty the genesis
 * difficulty, best block genesis, the fork id EIP-2124 gives at block 0 and genesis time), listening
 * on no port unless a listener was given, offering eth/68 and eth/69.
 */
public final class EthereumProtocol implements HandshakeProtocol {

    /** The eth versions we offer, highest first. */
    static final List<Integer> ETH_VERSIONS = List.of(69, 68);
    /**
     * Largest frame (and decompressed message) accepted, in every phase: a Hello is a few hundred
     * bytes and a Status about 120; 64 KiB still lets a Hello of thousands of capabilities through to
     * the Hello reader, which refuses it by its own count.
     */
    public static final int MAX_FRAME = 65_536;
    /** Frames before conclusion: auth or ack, Hello, Status, and a few Pings; a real node sends four. */
    public static final int MAX_FRAMES_BEFORE_CONCLUSION = 16;
    /** Bytes before conclusion, however framed: a real handshake is under 1.5 KB. */
    public static final int MAX_BYTES_BEFORE_CONCLUSION = 262_144;

    private static final HandshakeBudget.Limits LIMITS =
            new HandshakeBudget.Limits(MAX_FRAMES_BEFORE_CONCLUSION, MAX_BYTES_BEFORE_CONCLUSION);

    private final EthereumNetwork network;
    private final Supplier<NodeKey> nodeKey;
    private final String clientId;
    private final int listenPort;
    private final Clock clock;

    /**
     * @param listenPort the port our listener accepts on, announced in Hello; 0 when not listening
     */
    public EthereumProtocol(EthereumNetwork network, NodeKey nodeKey, String clientId, int listenPort, Clock clock) {
        this(network, OnFirstUse.made(Objects.requireNonNull(nodeKey, "nodeKey")), clientId, listenPort, clock);
    }

    /** @param nodeKey made on first use (the module's random per-process key costs a curve multiplication) */
    public EthereumProtocol(EthereumNetwork network, Supplier<NodeKey> nodeKey, String clientId, int listenPort,
                            Clock clock) {
        this.network = Objects.requireNonNull(network, "network");
        this.nodeKey = Objects.requireNonNull(nodeKey, "nodeKey");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port out of range: " + listenPort);
        }
        this.listenPort = listenPort;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EthereumNetwork network() {
        return network;
    }

    public NodeKey nodeKey() {
        return nodeKey.get();
    }

    /**
     * The initiator needs the peer's node id (the target's identity, an enode's 128 hex digits) to seal
     * its auth: a target without one fails at once, before anything is sent.
     */
    @Override
    public void install(ChannelPipeline pipeline, HandshakeSession session) {
        Optional<ECPoint> remote = Optional.empty();
        if (session.direction() == Direction.OUTBOUND) {
            remote = session.target().identity().flatMap(NodeKey::parseNodeId);
            if (remote.isEmpty()) {
                session.connectFailed(ReasonCode.MISSING_IDENTITY, session.target().identity().isEmpty()
                        ? "no node id: an Ethereum peer is contacted by its enode://<node id>@host:port"
                        : "not a node id (128 hex digits of a secp256k1 public key): " + session.target().identity().get());
                return;
            }
            if (remote.get().equals(nodeKey().publicKey())) {
                session.connectFailed(ReasonCode.SELF_CONNECTION, "self-connection: the target's node id is our own");
                return;
            }
        }
        int plainSize = session.direction() == Direction.OUTBOUND ? RlpxHandshake.PLAIN_ACK_SIZE : RlpxHandshake.PLAIN_AUTH_SIZE;
        RlpxFrameEncoder encoder = new RlpxFrameEncoder(session);
        pipeline.addLast(EthereumHandshakeHandler.DECODER, new RlpxHandshakeDecoder(nodeKey().privateKey(), plainSize, session.budget()));
        pipeline.addLast("rlpx-encoder", encoder);
        pipeline.addLast("ethereum-handshake", new EthereumHandshakeHandler(this, session, encoder, remote));
    }

    @Override
    public HandshakeBudget.Limits limits() {
        return LIMITS;
    }

    @Override
    public String awaited(HandshakeSession session) {
        if (session.hasPeer()) {
            return "Status";
        }
        return session.direction() == Direction.OUTBOUND ? "ack or Hello" : "auth or Hello";
    }

    Hello ourHello() {
        List<Hello.Capability> caps = ETH_VERSIONS.stream().sorted().map(v -> new Hello.Capability("eth", v)).toList();
        return new Hello(Hello.VERSION, clientId, caps, listenPort, EthCrypto.encode64(nodeKey().publicKey()));
    }

    EthStatus ourStatus(int ethVersion) {
        return EthStatus.genesisOnly(network, ethVersion);
    }

    /**
     * EIP-2124's verdict on a peer's fork id, judged as the network stands today by our schedule: every
     * block fork passed, time forks passed by the clock. (Our own Status says we are at genesis; the
     * question here is whether the peer follows the network.)
     */
    ForkId.Verdict judge(ForkId theirs) {
        return network.forks().check(theirs, Long.MAX_VALUE, clock.instant().getEpochSecond());
    }
}
