package org.nodehandshake.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every protocol's frame decoder shares, whatever its header looks like: after the first
 * violation nothing more is read (one {@link FrameViolation} is emitted for the handshake to report);
 * until the handshake concludes, every frame's bytes are charged to the session's
 * {@link HandshakeBudget}, which a later phase's decoder goes on charging; once it concluded, frames
 * over the handshake's size cap are skipped as they arrive, never buffered.
 */
public abstract class GuardedFrameDecoder extends ByteToMessageDecoder {

    private final HandshakeBudget budget;
    private boolean failed;
    private long discarding;

    protected GuardedFrameDecoder(HandshakeBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** True once the handshake concluded (a connection may linger): big frames are skipped, not rejected. */
    protected final boolean concluded() {
        return budget.isClosed();
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (discarding > 0) {
            int skip = (int) Math.min(discarding, in.readableBytes());
            in.skipBytes(skip);
            discarding -= skip;
            return;
        }
        decodeFrame(in, out);
    }

    /**
     * Decodes at most one frame from the start of {@code in}: adds it to {@code out} after
     * {@link #consumed}, or calls {@link #fail} or {@link #skip}, or leaves {@code in} alone until more
     * bytes arrive.
     */
    protected abstract void decodeFrame(ByteBuf in, List<Object> out);

    /** Skips a frame's header now and its body as it arrives (only after the handshake concluded). */
    protected final void skip(ByteBuf in, int headerSize, long bodySize) {
        in.skipBytes(headerSize);
        discarding = bodySize;
    }

    /**
     * Charges a frame just consumed from {@code in}. Charged per frame, not per read: bytes after the
     * concluding frame in the same read belong to the concluded phase. False when the budget is spent
     * (the decoder has failed).
     */
    protected final boolean consumed(ByteBuf in, List<Object> out, long frameSize) {
        Optional<FrameViolation> over = budget.chargeBytes(frameSize);
        if (over.isPresent()) {
            fail(in, out, over.get());
            return false;
        }
        return true;
    }

    /** The first violation: emitted once; everything after it is discarded unread. */
    protected final void fail(ByteBuf in, List<Object> out, ReasonCode code, String reason) {
        fail(in, out, new FrameViolation(code, reason));
    }

    private void fail(ByteBuf in, List<Object> out, FrameViolation violation) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(violation);
    }
}
