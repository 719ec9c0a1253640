package org.nodehandshake.protocol;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every protocol's handshake state machine shares, around its own states: the connection counts
 * once it is active; until the handshake ends, a framing violation or one frame over the session's
 * budget ends it with a reason and valid frames go to {@link #onFrame}; after it ended nothing more is
 * read (the engine is closing the channel); after SUCCESS, while the connection lingers, frames go to
 * {@link #lingering} and a violation just closes; an exception on the channel becomes an outcome.
 * Messages are written with {@link #send} (the protocol's encoder frames them); concluding is one
 * mechanism for all: {@link #concludeNow} or {@link #concludeWhenWritten}.
 *
 * <p>A phased protocol replaces its decoder (and this handler, if it likes) between phases with
 * {@code ctx.pipeline().replace(...)}; the budget and the deadline belong to the session and carry on.
 *
 * @param <F> the protocol's valid frame in this phase
 */
public abstract class HandshakeHandler<F> extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

    protected final HandshakeSession session;
    private final Class<F> frameType;
    private final String frameNoun;

    /**
     * @param frameNoun what the protocol calls its frames, for the reason ("messages", "packets")
     */
    protected HandshakeHandler(HandshakeSession session, Class<F> frameType, String frameNoun) {
        this.session = Objects.requireNonNull(session, "session");
        this.frameType = Objects.requireNonNull(frameType, "frameType");
        this.frameNoun = Objects.requireNonNull(frameNoun, "frameNoun");
    }

    /** The connection is up (connected, or accepted): an initiator speaks first here. */
    protected abstract void opened(ChannelHandlerContext ctx);

    /** A valid frame before the handshake ended, within the budget. */
    protected abstract void onFrame(ChannelHandlerContext ctx, F frame);

    /** A valid frame after SUCCESS, while the engine lets the connection linger. */
    protected abstract void lingering(ChannelHandlerContext ctx, F frame);

    /** What the state machine still waits for, for a reason ("version", "handshake response", ...). */
    protected abstract String awaited();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.connected();
        opened(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (isConcluded()) {
            if (msg instanceof FrameViolation violation) {
                endLinger(ctx, violation.reason()); // the handshake is already reported
            } else if (frameType.isInstance(msg)) {
                lingering(ctx, frameType.cast(msg));
            }
        } else if (session.isDone()) {
            return; // ended by the deadline or a violation: the engine is closing the channel
        } else if (msg instanceof FrameViolation violation) {
            session.fail(violation);
        } else if (frameType.isInstance(msg)) {
            Optional<FrameViolation> over = session.budget().chargeFrame(frameNoun);
            if (over.isPresent()) {
                session.fail(over.get());
            } else {
                onFrame(ctx, frameType.cast(msg));
            }
        }
    }

    /**
     * Closes a connection whose handshake concluded before its linger (or settle) ends, saying why in
     * the log: the outcome stands, but a user who asked for a linger sees why it was cut short.
     */
    protected final void endLinger(ChannelHandlerContext ctx, String why) {
        LOG.info("Closing the concluded connection with {} early: {}", session.target().endpoint(), why);
        ctx.close();
    }

    /** Ends the handshake with a reason: PARTIAL or FAILED as the session's progress says. */
    protected final void end(ReasonCode code, String reason) {
        session.fail(code, reason);
    }

    /** True once our side concluded: from then on frames go to {@link #lingering}. */
    protected final boolean isConcluded() {
        return session.isConcluding();
    }

    /** Writes one message through the protocol's encoder; the first one written marks the stage SENT. */
    protected final ChannelFuture send(ChannelHandlerContext ctx, Object message) {
        return marked(ctx.writeAndFlush(message));
    }

    /** As {@link #send}, but left for the next {@link #send}'s flush: two messages, one system call. */
    protected final ChannelFuture queue(ChannelHandlerContext ctx, Object message) {
        return marked(ctx.write(message));
    }

    private ChannelFuture marked(ChannelFuture written) {
        if (!isConcluded()) {
            written.addListener(f -> {
                if (f.isSuccess()) {
                    session.reach(Stage.SENT);
                }
            });
        }
        return written;
    }

    /** The peer's last step arrived: SUCCESS now (nothing of ours is pending). */
    protected final void concludeNow(ChannelHandlerContext ctx) {
        session.concluded();
    }

    /**
     * The peer's last step arrived and ours is {@code ourLast}: SUCCESS once that is on the wire, not
     * merely queued; if it cannot be written, the handshake fails naming {@code what}.
     */
    protected final void concludeWhenWritten(ChannelHandlerContext ctx, ChannelFuture ourLast, String what) {
        session.beginConclusion();
        ourLast.addListener(f -> {
            if (f.isSuccess()) {
                session.concluded();
            } else {
                session.fail(ReasonCode.IO_ERROR, "could not send " + what + ": " + f.cause());
            }
        });
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (session.isDone() && isConcluded()) {
            endLinger(ctx, String.valueOf(cause)); // e.g. a reset while lingering: the outcome stands
            return;
        } else if (session.isDone()) {
            ctx.close(); // the engine is closing it already
            return;
        }
        session.failOn(cause, awaited());
    }
}
