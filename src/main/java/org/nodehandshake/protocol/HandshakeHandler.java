package org.nodehandshake.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Objects;

/**
 * What every protocol's handshake state machine shares, around its own states: the connection counts
 * once it is active; until the handshake ends, a framing violation or one frame too many ends it with
 * a reason and valid frames go to {@link #onFrame}; after it ended nothing more is read (the engine
 * is closing the channel); after SUCCESS, while the connection lingers, frames go to
 * {@link #lingering} and a violation just closes; an exception on the channel becomes an outcome.
 *
 * @param <F> the protocol's valid frame
 */
public abstract class HandshakeHandler<F> extends ChannelInboundHandlerAdapter {

    protected final HandshakeSession session;
    private final Class<F> frameType;
    private final int maxFrames;
    private final String frameNoun;
    private int frames;

    /**
     * @param maxFrames frames accepted before the handshake concludes
     * @param frameNoun what the protocol calls its frames, for the reason ("messages", "packets")
     */
    protected HandshakeHandler(HandshakeSession session, Class<F> frameType, int maxFrames, String frameNoun) {
        this.session = Objects.requireNonNull(session, "session");
        this.frameType = Objects.requireNonNull(frameType, "frameType");
        this.maxFrames = maxFrames;
        this.frameNoun = Objects.requireNonNull(frameNoun, "frameNoun");
    }

    /** The connection is up (connected, or accepted): an initiator speaks first here. */
    protected abstract void opened(ChannelHandlerContext ctx);

    /** A valid frame before the handshake ended, within the frame cap. */
    protected abstract void onFrame(ChannelHandlerContext ctx, F frame);

    /** A valid frame after SUCCESS, while the engine lets the connection linger. */
    protected abstract void lingering(ChannelHandlerContext ctx, F frame);

    /** True once the handshake concluded (SUCCESS). */
    protected abstract boolean isConcluded();

    /** The state machine's own record that the handshake failed. */
    protected abstract void failed();

    /** What the state machine still waits for, for a reason ("version", "handshake response", ...). */
    protected abstract String awaited();

    @Override
    public final void channelActive(ChannelHandlerContext ctx) {
        session.connected();
        opened(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (isConcluded()) {
            if (msg instanceof FrameViolation) {
                ctx.close(); // the handshake is already reported; a broken stream just ends the linger
            } else if (frameType.isInstance(msg)) {
                lingering(ctx, frameType.cast(msg));
            }
        } else if (session.isDone()) {
            return; // ended by the deadline or a violation: the engine is closing the channel
        } else if (msg instanceof FrameViolation violation) {
            end(violation.reason());
        } else if (frameType.isInstance(msg)) {
            if (++frames > maxFrames) {
                end("too many " + frameNoun + " before the handshake concluded (limit: " + maxFrames + ")");
            } else {
                onFrame(ctx, frameType.cast(msg));
            }
        }
    }

    /** Ends the handshake with a reason: PARTIAL or FAILED as the session's progress says. */
    protected final void end(String reason) {
        failed();
        session.fail(reason);
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (session.isDone()) {
            ctx.close(); // e.g. a reset while lingering: the outcome is already recorded
            return;
        }
        String awaited = awaited(); // before the state changes
        failed();
        session.failOn(cause, awaited);
    }
}
