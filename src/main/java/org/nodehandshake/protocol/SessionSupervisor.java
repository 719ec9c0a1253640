package org.nodehandshake.protocol;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every handshake connection gets, whichever side opened it: one deadline that no peer
 * behaviour extends, an outcome when the peer closes first, and one place that ends the connection
 * (at once, or after lingering when the handshake succeeded and a linger was asked for).
 */
public final class SessionSupervisor {

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
        var deadline = channel.eventLoop().schedule(
                () -> session.deadlineExpired(protocol.awaited(session)), session.timeoutMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> {
            // Before the connection exists, a close is the end of a failed connect: its own listener
            // reports why (refused, unreachable), and may run after this one when the connect failed at once.
            if (session.isConnected()) {
                session.closedByPeer(protocol.awaited(session));
            }
            closed.complete(null);
        });
        session.result().whenComplete((result, error) -> {
            deadline.cancel(false);
            onOutcome.accept(result);
            if (lingerMillis > 0 && result.outcome() instanceof Outcome.Success && channel.isActive()) {
                channel.eventLoop().schedule(() -> channel.close(), lingerMillis, TimeUnit.MILLISECONDS);
            } else {
                channel.close();
            }
        });
        return closed;
    }
}
