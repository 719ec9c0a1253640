package org.nodehandshake.libp2p;

import io.netty.channel.ChannelPipeline;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.nodehandshake.module.OnFirstUse;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;

/**
 * libp2p's handshake for one preset: multistream-select {@code /noise}, Noise XX with the libp2p
 * payload, a stream muxer, Identify. Our identity key (Ed25519) signs one X25519 static key for the
 * protocol's life, so the Noise payload is made once (on first use).
 */
public final class Libp2pProtocol implements HandshakeProtocol {

    /** What Identify calls the protocol family; every implementation sends this. */
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** The protocols our Identify lists: the ones we answer. */
    static final List<String> OUR_PROTOCOLS = List.of(Identify.PROTOCOL, Libp2pHandshakeHandler.PING);
    /**
     * Noise messages and multistream lines before conclusion: a real handshake takes about 12 (lines,
     * three Noise messages, muxer lines, window updates, pings, two Identify streams).
     */
    public static final int MAX_FRAMES_BEFORE_CONCLUSION = 64;
    /** Bytes before conclusion: a real handshake is under 4 KB; an RSA identity and 8 KiB Identify fit. */
    public static final int MAX_BYTES_BEFORE_CONCLUSION = 262_144;

    /** libp2p's Noise handshake has an empty prologue. */
    private static final byte[] NO_PROLOGUE = new byte[0];
    private static final HandshakeBudget.Limits LIMITS =
            new HandshakeBudget.Limits(MAX_FRAMES_BEFORE_CONCLUSION, MAX_BYTES_BEFORE_CONCLUSION);

    private final Libp2pNetwork network;
    private final String agentVersion;
    private final Optional<InetSocketAddress> listening;
    private final OnFirstUse<Keys> keys;

    /** Our identity, the X25519 static key it signs, the Noise payload and our peer id: made on first use. */
    private record Keys(Libp2pIdentity identity, NoiseXX.KeyPair staticKey, byte[] payload, PeerId ourPeerId) {
        static Keys of(Libp2pIdentity identity) {
            NoiseXX.KeyPair staticKey = NoiseXX.KeyPair.generate();
            return new Keys(identity, staticKey,
                    NoiseHandshakePayload.create(identity, staticKey.publicKey(), List.of()).write(),
                    PeerId.ofEncodedKey(identity.encodedPublicKey()));
        }
    }

    /** @param listening our listener's address, announced in our Identify; empty when not listening */
    public Libp2pProtocol(Libp2pNetwork network, Libp2pIdentity identity, String agentVersion,
                          Optional<InetSocketAddress> listening) {
        this(network, OnFirstUse.made(Objects.requireNonNull(identity, "identity")), agentVersion, listening);
    }

    /**
     * @param identity made on first use, as are the keys and payload built on it: a check of other networks
     *                 builds this protocol at start and never needs them
     */
    public Libp2pProtocol(Libp2pNetwork network, Supplier<Libp2pIdentity> identity, String agentVersion,
                          Optional<InetSocketAddress> listening) {
        this.network = Objects.requireNonNull(network, "network");
        Objects.requireNonNull(identity, "identity");
        this.agentVersion = Objects.requireNonNull(agentVersion, "agentVersion");
        this.listening = Objects.requireNonNull(listening, "listening");
        this.keys = OnFirstUse.of(() -> Keys.of(identity.get()));
    }

    public Libp2pNetwork network() {
        return network;
    }

    public PeerId ourPeerId() {
        return keys.get().ourPeerId();
    }

    /**
     * An outbound target may name the peer id to prove (a multiaddr's /p2p/ part); without one any
     * authenticated peer is accepted and its id reported.
     */
    @Override
    public void install(ChannelPipeline pipeline, HandshakeSession session) {
        Optional<PeerId> expected = Optional.empty();
        if (session.direction() == Direction.OUTBOUND && session.target().identity().isPresent()) {
            String id = session.target().identity().get();
            try {
                expected = Optional.of(PeerId.parse(id));
            } catch (MalformedMessageException e) {
                session.connectFailed(ReasonCode.MISSING_IDENTITY, "not a peer id: " + id + " (" + e.getMessage() + ")");
                return;
            }
            if (expected.get().equals(ourPeerId())) {
                session.connectFailed(ReasonCode.SELF_CONNECTION, "self-connection: the target's peer id is our own");
                return;
            }
        }
        pipeline.addLast(Libp2pHandshakeHandler.DECODER, new MultistreamLineDecoder(session.budget()));
        pipeline.addLast("libp2p-handshake", new Libp2pHandshakeHandler(this, session, expected));
    }

    @Override
    public HandshakeBudget.Limits limits() {
        return LIMITS;
    }

    @Override
    public String awaited(HandshakeSession session) {
        return session.hasPeer() ? "stream muxer or Identify" : "Noise handshake";
    }

    NoiseXX newInitiator() {
        return NoiseXX.initiator(keys.get().staticKey(), NO_PROLOGUE);
    }

    NoiseXX newResponder() {
        return NoiseXX.responder(keys.get().staticKey(), NO_PROLOGUE);
    }

    byte[] ourPayload() {
        return keys.get().payload().clone();
    }

    /** Our Identify: who we are, what we answer, where we listen, and how we see the peer. */
    Identify ourIdentify(SocketAddress remote) {
        List<byte[]> listen = listening.map(a -> List.of(Multiaddr.tcp(a).toBytes())).orElse(List.of());
        Optional<byte[]> observed = remote instanceof InetSocketAddress r ? Optional.of(Multiaddr.tcp(r).toBytes())
                : Optional.empty();
        return new Identify(PROTOCOL_VERSION, agentVersion, keys.get().identity().encodedPublicKey(), listen, OUR_PROTOCOLS,
                observed, Optional.empty());
    }
}
