package org.nodehandshake.protocol;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every handshake connection gets, whichever side opened it: one deadline that no peer
 * behaviour extends, an outcome when the peer closes first, and one place that ends the connection
 * (at once, or after lingering when the handshake succeeded and a linger was asked for).
 */
public final class SessionSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);

    /**
     * The longest a concluded connection stays open for the peer to settle ({@link
     * HandshakeSession#closeWhenPeerSettled}): about one round trip is needed, a peer that never settles
     * costs this and no more (and never more than the handshake's own timeout).
     */
    public static final long SETTLE_GRACE_MILLIS = 1000;

    private SessionSupervisor() {
    }

    /**
     * @param onOutcome called once with the result, on the channel's event loop, before the channel closes
     * @return completes when the channel has closed (after any linger)
     */
    public static CompletableFuture<Void> supervise(Channel channel, HandshakeSession session,
                                                    HandshakeProtocol protocol, long lingerMillis,
                                                    Consumer<HandshakeResult> onOutcome) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        AtomicReference<ScheduledFuture<?>> lingerEnd = new AtomicReference<>();
        var deadline = channel.eventLoop().schedule(
                () -> session.deadlineExpired(protocol.awaited(session)), session.timeoutMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> {
            // Before the connection exists, a close is the end of a failed connect: its own listener
            // reports why (refused, unreachable), and may run after this one when the connect failed at once.
            if (session.isConnected()) {
                session.closedByPeer(protocol.awaited(session));
            }
            ScheduledFuture<?> end = lingerEnd.get();
            if (end != null && end.cancel(false)) {
                LOG.info("The lingering connection with {} closed {} ms before the linger's end",
                        session.target().endpoint(), end.getDelay(TimeUnit.MILLISECONDS));
            }
            closed.complete(null);
        });
        session.result().whenComplete((result, error) -> {
            deadline.cancel(false);
            onOutcome.accept(result);
            boolean success = result.outcome() instanceof Outcome.Success && channel.isActive();
            if (success && lingerMillis > 0) {
                lingerEnd.set(channel.eventLoop().schedule(() -> channel.close(), lingerMillis, TimeUnit.MILLISECONDS));
            } else if (success && !session.peerSettled().isDone()) {
                closeOnceSettled(channel, session);
            } else {
                channel.close();
            }
        });
        return closed;
    }

    private static void closeOnceSettled(Channel channel, HandshakeSession session) {
        var grace = channel.eventLoop().schedule(() -> channel.close(),
                Math.min(SETTLE_GRACE_MILLIS, session.timeoutMillis()), TimeUnit.MILLISECONDS);
        session.peerSettled().whenComplete((settled, error) -> {
            grace.cancel(false);
            channel.close();
        });
    }
}
