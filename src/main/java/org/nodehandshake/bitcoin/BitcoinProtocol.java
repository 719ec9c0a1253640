package org.nodehandshake.bitcoin;

import io.netty.channel.ChannelPipeline;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nodehandshake.bitcoin.v2.TransportSniffer;
import org.nodehandshake.bitcoin.v2.V2PacketEncoder;
import org.nodehandshake.bitcoin.v2.V2TransportDecoder;
import org.nodehandshake.crypto.ElligatorSwift;
import org.nodehandshake.crypto.Secp256k1;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;

/**
 * Bitcoin's handshake for one network preset: the magic, our version's values, the transports (v1,
 * BIP324's v2) each role speaks, and the limits that apply before the handshake concludes. The
 * version/verack state machine is the same over either transport.
 */
public final class BitcoinProtocol implements HandshakeProtocol {

    /** The version we speak: Bitcoin Core's PROTOCOL_VERSION (wtxidrelay). */
    public static final int PROTOCOL_VERSION = 70016;
    /** Core's MIN_PEER_PROTO_VERSION (Litecoin 0.21 uses the same): older peers are disconnected. */
    public static final int MIN_PEER_PROTOCOL_VERSION = 31800;
    /**
     * Largest payload accepted before the handshake concludes. A version is at most
     * 46 + 26 + 8 + 3 + 256 + 4 + 1 = 344 bytes and the feature messages are tiny; 4 KiB leaves room for
     * unknown extensions while keeping what one peer can make us buffer small.
     */
    public static final int MAX_PAYLOAD_BEFORE_CONCLUSION = 4096;
    /** Frames accepted before the handshake concludes; a real node sends fewer than ten. */
    public static final int MAX_FRAMES_BEFORE_CONCLUSION = 64;
    /**
     * Bytes accepted before the handshake concludes, however framed. A real handshake is under 500
     * bytes; 64 KiB bounds what one connection can make us read and buffer.
     */
    public static final int MAX_BYTES_BEFORE_CONCLUSION = 65_536;

    /**
     * Largest v2 packet contents before the handshake concludes: a message of the largest payload in
     * the long form (1 + 12 bytes of message type).
     */
    public static final int MAX_V2_CONTENTS_BEFORE_CONCLUSION = MAX_PAYLOAD_BEFORE_CONCLUSION + 1 + BitcoinFrame.COMMAND_SIZE;

    /** BIP324's service bit: the node speaks the v2 transport. */
    public static final long NODE_P2P_V2 = 1L << 11;

    /** The report's key for the transport a connection spoke ({@code v2} or {@code v1}). */
    public static final String TRANSPORT = "transport";
    /** The report's key, for {@code --transport auto}: whether the peer refused v2 and v1 was used. */
    public static final String V2_REFUSED = "v2Refused";

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // Seed the RNG and load the digest now, not inside the first handshake's timing.
        RANDOM.nextLong();
        BitcoinFrame.checksum(new byte[0]);
    }

    private static final HandshakeBudget.Limits LIMITS =
            new HandshakeBudget.Limits(MAX_FRAMES_BEFORE_CONCLUSION, MAX_BYTES_BEFORE_CONCLUSION);

    private final BitcoinNetwork network;
    private final byte[] magic;
    private final String userAgent;
    private final Clock clock;
    private final AnnouncedVersion announced;
    private final BitcoinTransport outbound;
    private final boolean servesV2;
    /** True for the v1 attempt that follows a refused v2 one (auto). */
    private final boolean afterV2Refused;
    private final Set<Long> ourNonces;

    /** The default announcement ({@link AnnouncedVersion#DEFAULT}), v1 only, in both roles. */
    public BitcoinProtocol(BitcoinNetwork network, String userAgent, Clock clock) {
        this(network, userAgent, clock, AnnouncedVersion.DEFAULT, BitcoinTransport.V1, false);
    }

    /** The default announcement ({@link AnnouncedVersion#DEFAULT}) over the given transports. */
    public BitcoinProtocol(BitcoinNetwork network, String userAgent, Clock clock, BitcoinTransport outbound,
                           boolean servesV2) {
        this(network, userAgent, clock, AnnouncedVersion.DEFAULT, outbound, servesV2);
    }

    /**
     * @param announced what our version announces (services, height, protocol version, relay)
     * @param outbound what our initiator opens with
     * @param servesV2 whether our responder serves v2 beside v1 (and announces NODE_P2P_V2)
     */
    public BitcoinProtocol(BitcoinNetwork network, String userAgent, Clock clock, AnnouncedVersion announced,
                           BitcoinTransport outbound, boolean servesV2) {
        this(network, userAgent, clock, announced, outbound, servesV2, false, ConcurrentHashMap.newKeySet());
    }

    private BitcoinProtocol(BitcoinNetwork network, String userAgent, Clock clock, AnnouncedVersion announced,
                            BitcoinTransport outbound, boolean servesV2, boolean afterV2Refused, Set<Long> ourNonces) {
        this.network = Objects.requireNonNull(network, "network");
        this.magic = network.magic();
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.announced = Objects.requireNonNull(announced, "announced");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.servesV2 = servesV2;
        this.afterV2Refused = afterV2Refused;
        this.ourNonces = ourNonces;
    }

    public BitcoinTransport outbound() {
        return outbound;
    }

    public boolean servesV2() {
        return servesV2;
    }

    public BitcoinNetwork network() {
        return network;
    }

    byte[] magic() {
        return magic;
    }

    /**
     * Installs the transport and the handshake state machine; the session's direction picks the role.
     * An initiator opens with v2 unless told v1; a responder serving both sniffs the first bytes.
     */
    @Override
    public void install(ChannelPipeline pipeline, HandshakeSession session) {
        pipeline.addLast(HANDSHAKE, new BitcoinHandshakeHandler(this, session));
        if (session.direction() == Direction.INBOUND && servesV2) {
            pipeline.addBefore(HANDSHAKE, "transport-sniffer", new TransportSniffer(magic, ctx -> {
                addV1(ctx.pipeline(), session);
                ctx.fireChannelActive();
            }, ctx -> addV2(ctx.pipeline(), session)));
        } else if (session.direction() == Direction.OUTBOUND && outbound != BitcoinTransport.V1 && !afterV2Refused) {
            addV2(pipeline, session);
        } else {
            addV1(pipeline, session);
        }
        if (session.direction() == Direction.OUTBOUND && outbound == BitcoinTransport.AUTO) {
            session.transport(V2_REFUSED, afterV2Refused);
        }
    }

    private static final String HANDSHAKE = "bitcoin-handshake";

    /** The v1 codec, in front of the state machine. */
    private void addV1(ChannelPipeline pipeline, HandshakeSession session) {
        session.transport(TRANSPORT, BitcoinTransport.V1.id());
        pipeline.addBefore(HANDSHAKE, "frame-decoder", new BitcoinFrameDecoder(magic, MAX_PAYLOAD_BEFORE_CONCLUSION, session.budget()));
        pipeline.addBefore(HANDSHAKE, "frame-encoder", new BitcoinFrameEncoder(magic, session));
    }

    /** The v2 transport, in front of the state machine. */
    private void addV2(ChannelPipeline pipeline, HandshakeSession session) {
        session.transport(TRANSPORT, BitcoinTransport.V2.id());
        V2TransportDecoder transport = new V2TransportDecoder(session, magic, MAX_V2_CONTENTS_BEFORE_CONCLUSION, RANDOM);
        pipeline.addBefore(HANDSHAKE, "v2-transport", transport);
        pipeline.addBefore(HANDSHAKE, "v2-encoder", new V2PacketEncoder(transport, session));
    }

    /**
     * An initiator that opens with v2 makes one throwaway key first: the curve's classes and precomputed
     * tables, ElligatorSwift's and the random source's seeding (about 50 ms on a 2-core machine) are then paid
     * while the process starts instead of after the first connection is up.
     */
    @Override
    public void warmUp() {
        if (outbound != BitcoinTransport.V1 && !afterV2Refused) {
            ElligatorSwift.encode(Secp256k1.unsigned32(Secp256k1.newPrivateKey()), RANDOM);
        }
    }

    /** With {@code --transport auto}, a peer that refused v2 is tried again over v1, once, in the same deadline. */
    @Override
    public Optional<HandshakeProtocol> fallback(HandshakeResult ended) {
        if (outbound == BitcoinTransport.AUTO && !afterV2Refused && ended.outcome().reasonCode().equals(Optional.of(ReasonCode.V2_REFUSED))) {
            return Optional.of(new BitcoinProtocol(network, userAgent, clock, announced, BitcoinTransport.AUTO, servesV2, true, ourNonces));
        }
        return Optional.empty();
    }

    @Override
    public HandshakeBudget.Limits limits() {
        return LIMITS;
    }

    @Override
    public String awaited(HandshakeSession session) {
        return session.hasPeer() ? "verack" : "version";
    }

    /**
     * Our version: the announced values (by default honest: no services, no blocks, no transaction relay);
     * addr_recv is the peer as we see it, addr_from is unknown (zeros).
     */
    VersionMessage ourVersion(InetAddress peer, int port, long nonce, Direction direction) {
        return new VersionMessage(announced.protocolVersion(), transportServices(announced.services(), direction),
                clock.instant().getEpochSecond(),
                new NetAddress(0, peer, port), NetAddress.unspecified(), OptionalLong.of(nonce),
                userAgent, announced.startHeight(), announced.relay());
    }

    AnnouncedVersion announced() {
        return announced;
    }

    /** The services we announce plus what our transport adds: NODE_P2P_V2 when our responder serves v2 (BIP324). */
    long transportServices(long services, Direction direction) {
        return direction == Direction.INBOUND && servesV2 ? services | NODE_P2P_V2 : services;
    }

    /** A fresh random nonce, remembered until forgotten so an echo of it reveals a self-connection. */
    long newNonce() {
        long nonce;
        do {
            nonce = RANDOM.nextLong();
        } while (nonce == 0 || !ourNonces.add(nonce));
        return nonce;
    }

    void forgetNonce(long nonce) {
        ourNonces.remove(nonce);
    }

    boolean isOurNonce(long nonce) {
        return ourNonces.contains(nonce);
    }
}
