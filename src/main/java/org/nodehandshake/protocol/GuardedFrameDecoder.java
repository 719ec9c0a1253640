package org.nodehandshake.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * What every protocol's frame decoder shares, whatever its header looks like: after the first
 * violation nothing more is read (one error is emitted for the handshake to report); until the
 * handshake concludes, the bytes consumed are capped however they are framed; once it has concluded,
 * frames over the handshake's size cap are skipped as they arrive, never buffered.
 */
public abstract class GuardedFrameDecoder extends ByteToMessageDecoder {

    private final long maxBytesBeforeConclusion;
    private long bytesRead;
    private boolean failed;
    private boolean concluded;
    private long discarding;

    /** @param maxBytesBeforeConclusion total bytes accepted until {@link #skipOversizedFrames()} */
    protected GuardedFrameDecoder(long maxBytesBeforeConclusion) {
        this.maxBytesBeforeConclusion = maxBytesBeforeConclusion;
    }

    /**
     * The handshake concluded (a connection may linger): bytes are no longer counted, and frames over
     * the handshake's cap but within the protocol's maximum are skipped rather than rejected.
     */
    public final void skipOversizedFrames() {
        concluded = true;
    }

    protected final boolean concluded() {
        return concluded;
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

    /** The protocol's message for a framing violation, handed to its handshake handler. */
    protected abstract FrameViolation frameError(String reason);

    /** Skips a frame's header now and its body as it arrives (only after the handshake concluded). */
    protected final void skip(ByteBuf in, int headerSize, long bodySize) {
        in.skipBytes(headerSize);
        discarding = bodySize;
    }

    /**
     * Counts a frame just consumed from {@code in}. Counted per frame, not per read: bytes after the
     * concluding frame in the same read belong to the concluded phase. False when the cap is passed
     * (the decoder has failed).
     */
    protected final boolean consumed(ByteBuf in, List<Object> out, long frameSize) {
        if (concluded) {
            return true;
        }
        bytesRead += frameSize;
        if (bytesRead > maxBytesBeforeConclusion) {
            fail(in, out, "too many bytes before the handshake concluded (limit: " + maxBytesBeforeConclusion + ")");
            return false;
        }
        return true;
    }

    /** The first violation: emitted once; everything after it is discarded unread. */
    protected final void fail(ByteBuf in, List<Object> out, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(frameError(reason));
    }
}
