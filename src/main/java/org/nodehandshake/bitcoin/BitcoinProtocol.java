package org.nodehandshake.bitcoin;

import io.netty.channel.ChannelPipeline;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.HandshakeSession;

/**
 * Bitcoin's v1 (unencrypted) handshake for one network preset: the magic, our version's values and the
 * limits that apply before the handshake concludes.
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
    private final Set<Long> ourNonces = ConcurrentHashMap.newKeySet();

    /** With the default announcement ({@link AnnouncedVersion#DEFAULT}). */
    public BitcoinProtocol(BitcoinNetwork network, String userAgent, Clock clock) {
        this(network, userAgent, clock, AnnouncedVersion.DEFAULT);
    }

    public BitcoinProtocol(BitcoinNetwork network, String userAgent, Clock clock, AnnouncedVersion announced) {
        this.network = Objects.requireNonNull(network, "network");
        this.magic = network.magic();
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.announced = Objects.requireNonNull(announced, "announced");
    }

    public BitcoinNetwork network() {
        return network;
    }

    byte[] magic() {
        return magic;
    }

    /** Installs the frame codec and the handshake state machine; the session's direction picks the role. */
    @Override
    public void install(ChannelPipeline pipeline, HandshakeSession session) {
        pipeline.addLast("frame-decoder", new BitcoinFrameDecoder(magic, MAX_PAYLOAD_BEFORE_CONCLUSION, session.budget()));
        pipeline.addLast("frame-encoder", new BitcoinFrameEncoder(magic, session));
        pipeline.addLast("bitcoin-handshake", new BitcoinHandshakeHandler(this, session));
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
    VersionMessage ourVersion(InetAddress peer, int port, long nonce) {
        return new VersionMessage(announced.protocolVersion(), announced.services(), clock.instant().getEpochSecond(),
                new NetAddress(0, peer, port), NetAddress.unspecified(), OptionalLong.of(nonce),
                userAgent, announced.startHeight(), announced.relay());
    }

    AnnouncedVersion announced() {
        return announced;
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
