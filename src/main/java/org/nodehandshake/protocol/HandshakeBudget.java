package org.nodehandshake.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What one connection may send us before its handshake concludes, however it is framed and through
 * every phase (one decoder or several in turn): a number of frames and a number of bytes. Owned by the
 * session; decoders charge bytes, the handler charges frames. Once the handshake concluded, nothing is
 * counted any more (a lingering connection carries ordinary traffic).
 *
 * <p>Not thread-safe by design: every call comes from the channel's event loop.
 */
public final class HandshakeBudget {

    /** The limits of one protocol, validated once. */
    public record Limits(int maxFrames, long maxBytes) {
        public Limits {
            if (maxFrames < 1) {
                throw new IllegalArgumentException("maxFrames must be at least 1: " + maxFrames);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
            }
        }

        /** For decoder tests that exercise framing alone. */
        public static final Limits UNLIMITED = new Limits(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    private final Limits limits;
    private long bytes;
    private int frames;
    private boolean closed;

    public HandshakeBudget(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public Limits limits() {
        return limits;
    }

    /** The handshake concluded: from now on nothing is counted. */
    public void close() {
        closed = true;
    }

    /** True once the handshake concluded. */
    public boolean isClosed() {
        return closed;
    }

    /** Counts one frame's bytes; a violation when the byte limit is passed. */
    public Optional<FrameViolation> chargeBytes(long frameBytes) {
        if (closed) {
            return Optional.empty();
        }
        bytes += frameBytes;
        if (bytes > limits.maxBytes()) {
            return Optional.of(new FrameViolation(ReasonCode.TOO_MANY_BYTES,
                    "too many bytes before the handshake concluded (limit: " + limits.maxBytes() + ")"));
        }
        return Optional.empty();
    }

    /** Counts one frame; a violation when the frame limit is passed. */
    public Optional<FrameViolation> chargeFrame(String frameNoun) {
        if (closed) {
            return Optional.empty();
        }
        if (++frames > limits.maxFrames()) {
            return Optional.of(new FrameViolation(ReasonCode.TOO_MANY_FRAMES,
                    "too many " + frameNoun + " before the handshake concluded (limit: " + limits.maxFrames() + ")"));
        }
        return Optional.empty();
    }
}
