package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * What the lead's handler drives once a muxer is negotiated, the same way for yamux and mplex: commands
 * ({@link #openStream}, {@link #send}, {@link #close}, {@link #reset}) and {@link #onInput} queue the bytes
 * to write, which {@link #takeOutput} hands over; {@code onInput} consumes whole frames only and returns
 * what happened on the streams. Peer input fails only with {@link MalformedMessageException} (bad
 * encoding) or {@link Violation} (a limit or a rule of the protocol); commands used wrongly by our own
 * code fail with {@link IllegalStateException} or {@link IllegalArgumentException}.
 */
public sealed interface StreamMuxer permits YamuxSession, MplexSession {

    String YAMUX = "/yamux/1.0.0";
    String MPLEX = "/mplex/6.7.0";

    /** The muxer for a negotiated protocol id; the connection's dialer is yamux's client (odd ids). */
    static StreamMuxer forProtocol(String protocol, boolean dialer) {
        return switch (protocol) {
            case YAMUX -> new YamuxSession(dialer);
            case MPLEX -> new MplexSession();
            default -> throw new IllegalArgumentException("no stream muxer for " + protocol);
        };
    }

    /** The multistream-select id of this muxer. */
    String protocol();

    /** Opens an outbound stream; its opening frame is queued. */
    StreamId openStream();

    /** Queues {@code data} on an open stream (split into frames, and for yamux held back by the peer's window). */
    void send(StreamId stream, byte[] data);

    /**
     * True while {@link #send} may be called on the stream: we have not closed it, and the peer has not reset
     * it. A peer may reset a stream in the same read as its request on it; the caller asks before answering.
     */
    boolean writable(StreamId stream);

    /** Half-closes our side of the stream (after anything still queued on it). */
    void close(StreamId stream);

    /** Resets the stream: both directions end now. Unknown or already ended streams are ignored. */
    void reset(StreamId stream);

    /**
     * The handshake concluded and the connection may linger: from now on streams are capped by how many
     * are open at once, no longer in total (a node opens a ping stream every 10 s, which a lifetime cap
     * would end after ten minutes).
     */
    void concluded();

    /** Consumes every whole frame in {@code in}, leaves a partial one, answers what must be answered. */
    List<MuxerEvent> onInput(ByteBuf in) throws MalformedMessageException, Violation;

    /** The bytes queued since the last call, in order: write them as they are. */
    List<byte[]> takeOutput();

    /**
     * A stream as both sides name it. yamux ids alone are unique (the opener's parity tells who opened it);
     * mplex ids are not, both sides count from 0, so {@code local} (we opened it) is part of the name.
     */
    record StreamId(long id, boolean local) {
    }

    /**
     * A peer broke a limit or a rule of the protocols that run over the secured connection (multistream-select,
     * the muxers, identify). {@link Kind} tells which reason code it is.
     */
    final class Violation extends Exception {

        private static final long serialVersionUID = 1L;

        /** The reason-code family: oversized-frame, protocol-violation, too-many-frames. */
        public enum Kind { OVERSIZED, PROTOCOL, TOO_MANY }

        private final Kind kind;

        public Violation(Kind kind, String reason) {
            super(reason);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
}
