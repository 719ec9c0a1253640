package org.nodehandshake.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-neutral record of one handshake in progress, and its single completion.
 *
 * <p>A protocol handler reports progress here (connected, the peer's version, commands received) and
 * ends the handshake with {@link #concluded()} or {@link #fail(String)}; the engine ends it on the
 * deadline or when the connection closes. Only the first ending counts. Whether a failure is PARTIAL
 * or FAILED follows from the progress: once the peer's version has been accepted it is PARTIAL.
 *
 * <p>Not thread-safe by design: every call comes from the channel's event loop.
 */
public final class HandshakeSession {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeSession.class);

    private final HandshakeTarget target;
    private final long timeoutMillis;
    private final Direction direction;
    private final long startNanos = System.nanoTime();
    private final List<String> messages = new ArrayList<>();
    private final CompletableFuture<HandshakeResult> result = new CompletableFuture<>();
    private OptionalLong connectedNanos = OptionalLong.empty();
    private Optional<PeerInfo> peer = Optional.empty();

    /** An outbound session: we connect to the target. */
    public HandshakeSession(HandshakeTarget target, long timeoutMillis) {
        this(target, timeoutMillis, Direction.OUTBOUND);
    }

    public HandshakeSession(HandshakeTarget target, long timeoutMillis, Direction direction) {
        this.target = Objects.requireNonNull(target, "target");
        this.timeoutMillis = timeoutMillis;
        this.direction = Objects.requireNonNull(direction, "direction");
        if (direction == Direction.INBOUND) {
            connected(); // accepted: the connection exists from the start
        }
    }

    public Direction direction() {
        return direction;
    }

    public HandshakeTarget target() {
        return target;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Completes exactly once, with the result; never exceptionally. */
    public CompletableFuture<HandshakeResult> result() {
        return result;
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** True once the TCP connection exists (always for an inbound session). */
    public boolean isConnected() {
        return connectedNanos.isPresent();
    }

    public boolean hasPeerVersion() {
        return peer.isPresent();
    }

    /** Marks the TCP connection as established; later calls are ignored. */
    public void connected() {
        if (connectedNanos.isEmpty()) {
            connectedNanos = OptionalLong.of(System.nanoTime());
        }
    }

    /** Records a command that passed frame validation, in arrival order. */
    public void received(String command) {
        messages.add(command);
    }

    /** Records what the peer told us, once accepted; from now on a failure is PARTIAL. */
    public void peerVersion(PeerInfo info) {
        peer = Optional.of(info);
    }

    /** The handshake concluded: their version and verack received, our verack sent. */
    public boolean concluded() {
        return complete(new Outcome.Success());
    }

    /** Ends the handshake with a reason: PARTIAL once the peer's version was accepted, FAILED before. */
    public boolean fail(String reason) {
        return complete(peer.isPresent() ? new Outcome.Partial(reason) : new Outcome.Failed(reason));
    }

    /**
     * Ends the handshake for an exception raised on its channel, in a user's words: a reset or another
     * I/O error is the peer's doing; anything else is a bug of ours, still an outcome with a reason.
     */
    public boolean failOn(Throwable cause, String awaited) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof IOException && message.contains("reset")) {
            return fail("connection reset by peer while waiting for " + awaited);
        } else if (cause instanceof IOException) {
            return fail("I/O error while waiting for " + awaited + ": " + cause.getMessage());
        }
        return fail("internal error while waiting for " + awaited + ": " + cause);
    }

    /** Ends the handshake as FAILED whatever the progress (the connection never came up). */
    public boolean connectFailed(String reason) {
        return complete(new Outcome.Failed(reason));
    }

    /** The deadline passed: says which step was still awaited. */
    public boolean deadlineExpired(String awaited) {
        if (connectedNanos.isEmpty()) {
            return connectFailed("connect timed out after " + timeoutMillis + " ms");
        }
        return fail("timed out after " + timeoutMillis + " ms waiting for " + awaited);
    }

    private boolean complete(Outcome outcome) {
        if (result.isDone()) {
            return false;
        }
        long now = System.nanoTime();
        OptionalLong connectMillis = connectedNanos.isPresent()
                ? OptionalLong.of(millisBetween(startNanos, connectedNanos.getAsLong()))
                : OptionalLong.empty();
        OptionalLong handshakeMillis = outcome instanceof Outcome.Success && connectedNanos.isPresent()
                ? OptionalLong.of(millisBetween(connectedNanos.getAsLong(), now))
                : OptionalLong.empty();
        HandshakeResult done = new HandshakeResult(target, outcome, connectMillis, handshakeMillis, peer, messages);
        String subject = direction == Direction.OUTBOUND
                ? "Handshake with " + target.seed() + " (" + target.endpoint() + ")"
                : "Inbound handshake from " + target.endpoint();
        if (outcome instanceof Outcome.Success) {
            LOG.info("{} -> SUCCESS", subject);
        } else {
            LOG.info("{} -> {}: {}", subject, outcome.label(), outcome.reason().orElse(""));
        }
        return result.complete(done);
    }

    private static long millisBetween(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
