package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nodehandshake.libp2p.MultistreamNegotiation.Result;
import org.nodehandshake.libp2p.StreamMuxer.StreamId;
import org.nodehandshake.libp2p.StreamMuxer.Violation;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeHandler;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both sides of the libp2p handshake as one small state machine:
 * <pre>
 *   SELECT_SECURITY --multistream-select agrees on /noise--> NOISE (decoder replaced: Noise messages)
 *   NOISE   dialer:   send A; B: verify the peer's identity / send C (ours)        --> SELECT_MUXER
 *           listener: A / send B (ours); C: verify the peer's identity            --> SELECT_MUXER
 *   SELECT_MUXER --multistream-select, encrypted: /yamux/1.0.0, else /mplex/6.7.0--> MUXED
 *   MUXED   open a stream, select /ipfs/id/1.0.0, read the peer's Identify          --> CONCLUDED
 * </pre>
 * Once the Noise handshake is done every Noise message is decrypted into one plaintext buffer that the
 * muxer negotiation, then the muxer, read from. Streams the peer opens are answered all along (and
 * while the connection lingers): {@code /ipfs/id/1.0.0} with our Identify, {@code /ipfs/ping/1.0.0}
 * echoed, anything else refused with {@code na}. We offer no muxer list in the Noise payload, so the
 * muxer is always chosen by multistream-select (js-libp2p then does the same).
 *
 * <p>The handshake concludes when the peer's Identify is read and every Identify request it made of
 * us so far is answered and written. The connection is closed only once the node has closed each
 * Identify stream we answered, its sign that it read our Identify (bounded by the engine's settle
 * grace): js-libp2p loses an Identify whose connection closes while it is still reading it.
 */
final class Libp2pHandshakeHandler extends HandshakeHandler<Libp2pFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(Libp2pHandshakeHandler.class);

    static final String DECODER = "libp2p-decoder";
    static final String NOISE = "/noise";
    static final String PING = "/ipfs/ping/1.0.0";
    static final List<String> MUXERS = List.of(StreamMuxer.YAMUX, StreamMuxer.MPLEX);
    /** Plaintext of one Noise transport message: 65535 less the 16-byte tag. */
    static final int MAX_PLAINTEXT = NoiseCipherState.MAX_PLAINTEXT_BYTES;
    private static final byte[] NO_AD = new byte[0];
    /** Bytes a stream may hold unread (an Identify is at most 8 KiB, a ping 32 bytes): beyond, it is reset. */
    static final int MAX_STREAM_BUFFER = 16 * 1024;
    /**
     * Ping echoes before the handshake concludes; beyond them the ping stream is reset (a refusal the
     * node sees, not silence). While the connection lingers pings are echoed without a count: a node
     * pings every 10 s and closes a connection whose pings go unanswered.
     */
    static final int MAX_PINGS = 64;

    enum State { SELECT_SECURITY, NOISE, SELECT_MUXER, MUXED }

    /** Why a stream is open: ours asks for the peer's Identify; the peer's ask for ours, or a ping. */
    private enum Purpose { OUR_IDENTIFY, INBOUND }

    private final class Stream {
        final StreamId id;
        final Purpose purpose;
        final MultistreamNegotiation negotiation;
        final ByteBuf in = Unpooled.buffer();
        boolean done;
        /** We answered the peer's Identify request on it; it closes the stream once it has read ours. */
        boolean identifyAnswered;

        Stream(StreamId id, Purpose purpose, MultistreamNegotiation negotiation) {
            this.id = id;
            this.purpose = purpose;
            this.negotiation = negotiation;
        }
    }

    private final Libp2pProtocol protocol;
    private final Optional<PeerId> expected;
    private final boolean dialer;
    private final ByteBuf secureIn = Unpooled.buffer();
    private final Map<StreamId, Stream> streams = new LinkedHashMap<>();
    private State state = State.SELECT_SECURITY;
    private MultistreamNegotiation negotiation;
    private NoiseXX noise;
    private int noiseMessages;
    private NoiseCipherState sender;
    private NoiseCipherState receiver;
    private Libp2pKey remoteKey;
    private Libp2pPeer peer;
    private StreamMuxer muxer;
    private boolean identified;
    private int pings;
    private ChannelFuture lastWrite;
    private final CompletableFuture<Void> peerReadOurIdentify = new CompletableFuture<>();

    /** @param expected the peer id the target names (its /p2p/ part), which the peer must prove; empty: any */
    Libp2pHandshakeHandler(Libp2pProtocol protocol, HandshakeSession session, Optional<PeerId> expected) {
        super(session, Libp2pFrame.class, "messages");
        this.protocol = protocol;
        this.expected = expected;
        this.dialer = session.direction() == Direction.OUTBOUND;
    }

    @Override
    protected void opened(ChannelHandlerContext ctx) {
        negotiation = dialer ? MultistreamNegotiation.dialer(List.of(NOISE)) : MultistreamNegotiation.listener(Set.of(NOISE));
        for (byte[] b : negotiation.start()) {
            send(ctx, Unpooled.wrappedBuffer(b));
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        secureIn.release();
        streams.values().forEach(s -> s.in.release());
        streams.clear();
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, Libp2pFrame frame) {
        try {
            if (frame instanceof Libp2pFrame.Line line) {
                onSecurityLine(ctx, line);
            } else if (state == State.NOISE) {
                onNoiseHandshake(ctx, ((Libp2pFrame.NoiseMessage) frame).bytes());
            } else {
                onSecure(ctx, ((Libp2pFrame.NoiseMessage) frame).bytes());
            }
        } catch (Violation e) {
            end(switch (e.kind()) {
                case OVERSIZED -> ReasonCode.OVERSIZED_FRAME;
                case TOO_MANY -> ReasonCode.TOO_MANY_FRAMES;
                case PROTOCOL -> ReasonCode.PROTOCOL_VIOLATION;
            }, e.getMessage());
        } catch (UnsupportedKeyException e) {
            end(ReasonCode.MALFORMED_MESSAGE, "identity key: " + e.getMessage());
        } catch (MalformedMessageException e) {
            end(ReasonCode.MALFORMED_MESSAGE, e.getMessage());
        } catch (BadIdentitySignatureException e) {
            end(ReasonCode.BAD_SIGNATURE, e.getMessage());
        } catch (NoiseException e) {
            end(switch (e.reason()) {
                case DECRYPT_FAILED -> ReasonCode.BAD_CHECKSUM;
                case MALFORMED_MESSAGE -> ReasonCode.MALFORMED_MESSAGE;
                case INVALID_EPHEMERAL_KEY, INVALID_STATIC_KEY, NONCE_EXHAUSTED -> ReasonCode.PROTOCOL_VIOLATION;
            }, "Noise: " + e.getMessage());
        }
    }

    private void onSecurityLine(ChannelHandlerContext ctx, Libp2pFrame.Line line)
            throws MalformedMessageException, Violation, NoiseException {
        for (byte[] b : negotiation.onInput(Unpooled.wrappedBuffer(line.message()))) {
            send(ctx, Unpooled.wrappedBuffer(b));
        }
        Optional<Result> result = negotiation.result();
        if (result.isEmpty()) {
            return;
        }
        if (result.get() instanceof Result.Refused) {
            end(ReasonCode.REFUSED_BY_PEER, "the node refused " + NOISE + " (na): no security protocol in common");
            return;
        }
        session.received(NOISE);
        // state and keys first: replacing the decoder hands the new one the bytes already here at once
        state = State.NOISE;
        noise = dialer ? protocol.newInitiator() : protocol.newResponder();
        if (dialer) {
            writeNoise(ctx, noise.writeMessage(new byte[0]));
        }
        ctx.pipeline().replace(DECODER, DECODER, new NoiseFrameDecoder(session.budget()));
    }

    private void onNoiseHandshake(ChannelHandlerContext ctx, byte[] message)
            throws NoiseException, MalformedMessageException, BadIdentitySignatureException {
        noiseMessages++;
        byte[] payload = noise.readMessage(message);
        if (!dialer && noiseMessages == 1) {
            session.received("noise message A");
            writeNoise(ctx, noise.writeMessage(protocol.ourPayload()));
            return;
        }
        session.received(dialer ? "noise message B" : "noise message C");
        if (!authenticate(payload)) {
            return;
        }
        if (dialer) {
            writeNoise(ctx, noise.writeMessage(protocol.ourPayload()));
        }
        NoiseXX.Transport keys = noise.split();
        sender = keys.send();
        receiver = keys.receive();
        state = State.SELECT_MUXER;
        negotiation = dialer ? MultistreamNegotiation.dialer(MUXERS) : MultistreamNegotiation.listener(Set.copyOf(MUXERS));
        for (byte[] b : negotiation.start()) {
            writeSecure(ctx, b);
        }
    }

    /** The peer's Noise payload: its identity key signed its static key, and that key is the peer id we dialed. */
    private boolean authenticate(byte[] payload) throws MalformedMessageException, BadIdentitySignatureException {
        Libp2pKey key;
        try {
            key = NoiseHandshakePayload.read(payload, NoiseHandshakePayload.Limits.DEFAULT)
                    .verify(noise.remoteStaticKey().orElseThrow());
        } catch (UnsupportedKeyException e) {
            throw e;
        } catch (MalformedMessageException e) {
            throw new MalformedMessageException("Noise handshake payload: " + e.getMessage());
        }
        PeerId proved = PeerId.ofEncodedKey(key.encoded());
        if (expected.isPresent() && !expected.get().equals(proved)) {
            end(ReasonCode.PEER_ID_MISMATCH, "the node proved peer id " + proved + ", not " + expected.get()
                    + " (the id we dialed)");
            return false;
        }
        if (proved.equals(protocol.ourPeerId())) {
            end(ReasonCode.SELF_CONNECTION, "self-connection: the node proved our own peer id");
            return false;
        }
        remoteKey = key;
        peer = Libp2pPeer.authenticated(proved.toString(), key.typeName());
        session.peerIdentified(peer);
        LOG.info("{} node {} is {} ({} key)", dialer ? "Target" : "Inbound", session.target().endpoint(), proved,
                key.typeName());
        return true;
    }

    private void onSecure(ChannelHandlerContext ctx, byte[] message)
            throws NoiseException, MalformedMessageException, Violation {
        secureIn.writeBytes(receiver.decryptWithAd(NO_AD, message));
        if (state == State.SELECT_MUXER) {
            for (byte[] b : negotiation.onInput(secureIn)) {
                writeSecure(ctx, b);
            }
            Optional<Result> result = negotiation.result();
            if (result.isEmpty()) {
                secureIn.discardReadBytes();
                return;
            }
            if (result.get() instanceof Result.Refused) {
                end(ReasonCode.REFUSED_BY_PEER, "no stream muxer in common: the node refused " + String.join(" and ", MUXERS));
                return;
            }
            String selected = ((Result.Selected) result.get()).protocol();
            session.received(selected);
            muxer = StreamMuxer.forProtocol(selected, dialer);
            peer = peer.withMuxer(selected);
            session.peerIdentified(peer);
            state = State.MUXED;
            StreamId ours = muxer.openStream();
            Stream identify = new Stream(ours, Purpose.OUR_IDENTIFY, MultistreamNegotiation.dialer(List.of(Identify.PROTOCOL)));
            streams.put(ours, identify);
            identify.negotiation.start().forEach(b -> muxer.send(ours, b));
        }
        onMuxed(ctx);
    }

    private void onMuxed(ChannelHandlerContext ctx) throws MalformedMessageException, Violation, NoiseException {
        for (MuxerEvent event : muxer.onInput(secureIn)) {
            if (event instanceof MuxerEvent.StreamOpened opened) {
                Stream inbound = new Stream(opened.stream(), Purpose.INBOUND,
                        MultistreamNegotiation.listener(Set.of(Identify.PROTOCOL, PING)));
                inbound.negotiation.start(); // a listener writes nothing until the dialer's header
                streams.put(opened.stream(), inbound);
            } else if (event instanceof MuxerEvent.Data data) {
                Stream s = streams.get(data.stream());
                if (s != null && !s.done) {
                    if (s.in.readableBytes() + data.bytes().length > MAX_STREAM_BUFFER) {
                        muxer.reset(s.id);
                        forget(s);
                    } else {
                        s.in.writeBytes(data.bytes());
                        onStream(ctx, s);
                    }
                }
            } else if (event instanceof MuxerEvent.StreamClosed closed) {
                Stream s = streams.get(closed.stream());
                if (s != null && s.purpose == Purpose.OUR_IDENTIFY && !identified) {
                    end(ReasonCode.PROTOCOL_VIOLATION, "the node closed the identify stream without an Identify");
                } else if (s != null && s.purpose == Purpose.INBOUND) {
                    muxer.close(s.id);
                    forget(s);
                }
            } else if (event instanceof MuxerEvent.StreamReset reset) {
                Stream s = streams.get(reset.stream());
                if (s != null && s.purpose == Purpose.OUR_IDENTIFY && !identified) {
                    end(ReasonCode.REFUSED_BY_PEER, "the node reset the identify stream");
                }
                if (s != null) {
                    forget(s);
                }
            } else if (event instanceof MuxerEvent.GoAway away) {
                end(ReasonCode.REFUSED_BY_PEER, "the node sent GoAway (code " + away.code() + ") while waiting for " + awaited());
            }
        }
        secureIn.discardReadBytes();
        flushMuxer(ctx);
        if (identified && !isConcluded() && !session.isDone()) {
            conclude(ctx);
        }
        if (isConcluded() && streams.values().stream().noneMatch(s -> s.identifyAnswered)) {
            peerReadOurIdentify.complete(null);
        }
    }

    private void onStream(ChannelHandlerContext ctx, Stream s) throws MalformedMessageException, Violation {
        if (s.purpose == Purpose.INBOUND && !muxer.writable(s.id)) {
            // the peer reset it later in the same read (the muxer has forgotten it): nothing to answer
            forget(s);
            return;
        }
        if (s.negotiation.result().isEmpty()) {
            s.negotiation.onInput(s.in).forEach(b -> muxer.send(s.id, b));
            if (s.negotiation.result().isEmpty()) {
                return;
            }
        }
        Result result = s.negotiation.result().get();
        if (result instanceof Result.Refused) {
            end(ReasonCode.PROTOCOL_VIOLATION, "the node does not answer identify (na to " + Identify.PROTOCOL + ")");
            return;
        }
        String selected = ((Result.Selected) result).protocol();
        if (s.purpose == Purpose.OUR_IDENTIFY) {
            Optional<Identify> identify;
            try {
                identify = Identify.readDelimited(s.in);
            } catch (MalformedMessageException e) {
                throw new MalformedMessageException("Identify: " + e.getMessage());
            }
            if (identify.isPresent()) {
                muxer.close(s.id);
                forget(s);
                onIdentify(identify.get());
            }
        } else if (selected.equals(Identify.PROTOCOL)) {
            muxer.send(s.id, protocol.ourIdentify(ctx.channel().remoteAddress()).writeDelimited());
            muxer.close(s.id);
            s.done = true;
            s.identifyAnswered = true;
        } else {
            while (s.in.readableBytes() >= 32) {
                if (pings == MAX_PINGS && !isConcluded()) {
                    muxer.reset(s.id);
                    forget(s);
                    return;
                }
                byte[] echo = new byte[32];
                s.in.readBytes(echo);
                muxer.send(s.id, echo);
                pings++;
            }
            s.in.discardReadBytes();
        }
    }

    private void forget(Stream s) {
        streams.remove(s.id);
        s.in.release();
        s.done = true;
    }

    private void onIdentify(Identify identify) {
        session.received("identify");
        byte[] key = identify.publicKey();
        if (key.length > 0 && !Arrays.equals(key, remoteKey.encoded())) {
            end(ReasonCode.PROTOCOL_VIOLATION, "the Identify's public key is not the key the node authenticated with");
            return;
        }
        List<String> listen = identify.listenAddrs().stream().map(Multiaddr::describe).toList();
        Libp2pPeer.Identified shown = new Libp2pPeer.Identified(identify.protocolVersion(), identify.agentVersion(),
                identify.protocols(), listen, identify.observedAddr().map(Multiaddr::describe),
                identify.hasSignedPeerRecord());
        peer = peer.withIdentify(shown, protocol.network().expectedProtocols());
        session.peerIdentified(peer);
        LOG.info("Identify from {}: {} ({}), {} protocols", session.target().endpoint(), identify.agentVersion(),
                identify.protocolVersion(), identify.protocols().size());
        if (!peer.missingProtocols().isEmpty()) {
            end(ReasonCode.WRONG_NETWORK, "not a node of " + protocol.network().id() + ": its Identify lacks "
                    + String.join(", ", peer.missingProtocols()));
            return;
        }
        identified = true;
    }

    private void conclude(ChannelHandlerContext ctx) {
        muxer.concluded();
        session.closeWhenPeerSettled(peerReadOurIdentify);
        if (lastWrite != null && !lastWrite.isDone()) {
            concludeWhenWritten(ctx, lastWrite, "our Identify");
        } else {
            concludeNow(ctx);
        }
    }

    private void flushMuxer(ChannelHandlerContext ctx) throws NoiseException {
        for (byte[] b : muxer.takeOutput()) {
            writeSecure(ctx, b);
        }
    }

    private void writeNoise(ChannelHandlerContext ctx, byte[] message) {
        ByteBuf framed = Unpooled.buffer(2 + message.length);
        framed.writeShort(message.length);
        framed.writeBytes(message);
        lastWrite = send(ctx, framed);
    }

    /** Plaintext into the secure channel: split into Noise transport messages of at most 65519 bytes each. */
    private void writeSecure(ChannelHandlerContext ctx, byte[] plaintext) throws NoiseException {
        for (int at = 0; at < plaintext.length; at += MAX_PLAINTEXT) {
            int end = Math.min(plaintext.length, at + MAX_PLAINTEXT);
            writeNoise(ctx, sender.encryptWithAd(NO_AD, Arrays.copyOfRange(plaintext, at, end)));
        }
    }

    /** After SUCCESS, while the engine lets the connection linger: streams still answered, pings echoed. */
    @Override
    protected void lingering(ChannelHandlerContext ctx, Libp2pFrame frame) {
        if (!(frame instanceof Libp2pFrame.NoiseMessage message) || receiver == null) {
            return;
        }
        try {
            secureIn.writeBytes(receiver.decryptWithAd(NO_AD, message.bytes()));
            onMuxed(ctx);
        } catch (NoiseException | MalformedMessageException | Violation e) {
            endLinger(ctx, e.getMessage());
        }
    }

    @Override
    protected String awaited() {
        return switch (state) {
            case SELECT_SECURITY -> "multistream-select of " + NOISE;
            case NOISE -> dialer ? "Noise message B" : (noiseMessages == 0 ? "Noise message A" : "Noise message C");
            case SELECT_MUXER -> "stream muxer selection";
            case MUXED -> "Identify";
        };
    }
}
