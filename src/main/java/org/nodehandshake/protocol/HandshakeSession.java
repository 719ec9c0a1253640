package org.nodehandshake.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-neutral record of one handshake in progress, its budget, and its single completion.
 *
 * <p>A protocol handler reports progress here (the stages reached, what the peer told us, the messages
 * received) and ends the handshake with {@link #concluded()} or {@link #fail}; the engine ends it on the
 * deadline or when the connection closes. Only the first ending counts. Whether a failure is PARTIAL
 * or FAILED follows from the progress: once the peer's hello was accepted ({@link #peerIdentified}) it
 * is PARTIAL. The session owns the byte and frame {@link HandshakeBudget} across every phase of the
 * connection, and the deadline's length.
 *
 * <p>Not thread-safe by design: every call comes from the channel's event loop.
 */
public final class HandshakeSession {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeSession.class);

    private final HandshakeTarget target;
    private final long timeoutMillis;
    private final Direction direction;
    private final HandshakeBudget budget;
    private final long startNanos = System.nanoTime();
    private final List<String> messages = new ArrayList<>();
    private final CompletableFuture<HandshakeResult> result = new CompletableFuture<>();
    private OptionalLong connectedNanos = OptionalLong.empty();
    private Optional<PeerInfo> peer = Optional.empty();
    private Optional<FrameViolation> peerCloseMeans = Optional.empty();
    private Optional<String> transportAwaits = Optional.empty();
    private final Map<String, Object> transport = new LinkedHashMap<>();
    private CompletableFuture<Void> peerSettled = CompletableFuture.completedFuture(null);
    private Stage stage;

    /**
     * @param limits what the peer may send before the handshake concludes (the protocol's)
     */
    public HandshakeSession(HandshakeTarget target, long timeoutMillis, Direction direction,
                            HandshakeBudget.Limits limits) {
        this.target = Objects.requireNonNull(target, "target");
        this.timeoutMillis = timeoutMillis;
        this.direction = Objects.requireNonNull(direction, "direction");
        this.budget = new HandshakeBudget(limits);
        this.stage = Stage.CONNECT;
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

    /** The frames and bytes the peer may still send before conclusion, shared by every phase's decoder. */
    public HandshakeBudget budget() {
        return budget;
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

    /** True once the peer's hello was accepted: a failure from now on is PARTIAL. */
    public boolean hasPeer() {
        return peer.isPresent();
    }

    /** The furthest stage reached so far. */
    public Stage stage() {
        return stage;
    }

    /** Marks the TCP connection as established; later calls are ignored. */
    public void connected() {
        if (connectedNanos.isEmpty()) {
            connectedNanos = OptionalLong.of(System.nanoTime());
            reach(Stage.CONNECTED);
        }
    }

    /** Records progress; a stage before the furthest one reached changes nothing. */
    public void reach(Stage reached) {
        if (reached.compareTo(stage) > 0) {
            stage = reached;
        }
    }

    /** Records a message that passed frame validation, in arrival order, as the report lists it. */
    public void received(String message) {
        messages.add(message);
    }

    /**
     * Records a fact about the connection's transport for the report (which one it speaks, whether
     * another was refused first), in the order given; each key once, the last value kept.
     */
    public void transport(String key, Object value) {
        transport.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /** The transport facts recorded so far, in order (a view). */
    public Map<String, Object> transport() {
        return java.util.Collections.unmodifiableMap(transport);
    }

    /**
     * From now on a close or reset by the peer means {@code meaning} rather than "closed/reset by
     * peer" (a protocol that knows what such a close says at this point); empty restores the default.
     */
    public void peerCloseMeans(Optional<FrameViolation> meaning) {
        peerCloseMeans = Objects.requireNonNull(meaning, "meaning");
    }

    /**
     * What a layer below the protocol's state machine waits for now (a transport's own handshake step),
     * named in reasons instead of the protocol's next message; empty once that layer is up.
     */
    public void transportAwaits(Optional<String> step) {
        transportAwaits = Objects.requireNonNull(step, "step");
    }

    private String awaiting(String protocolAwaits) {
        return transportAwaits.orElse(protocolAwaits);
    }

    /** The peer closed the connection before the handshake ended. */
    public boolean closedByPeer(String awaited) {
        return peerCloseMeans.map(this::fail).orElseGet(() ->
                fail(ReasonCode.CLOSED_BY_PEER, "connection closed by peer while waiting for " + awaiting(awaited)));
    }

    /** Records what the peer told us in its hello, once accepted; from now on a failure is PARTIAL. */
    public void peerIdentified(PeerInfo info) {
        peer = Optional.of(Objects.requireNonNull(info, "info"));
        reach(Stage.PEER_HELLO);
    }

    /**
     * Our side has concluded, or will once our last message is written: the budget stops counting
     * (frames after the concluding one belong to the lingering connection).
     */
    public void beginConclusion() {
        budget.close();
    }

    /** True once {@link #beginConclusion()} was called. */
    public boolean isConcluding() {
        return budget.isClosed();
    }

    /**
     * After SUCCESS (and no linger), close only once {@code settled} completes: the peer still has to
     * read our last message (some nodes drop what they had not yet read when the connection closes).
     * The engine bounds the wait ({@link SessionSupervisor#SETTLE_GRACE_MILLIS}).
     */
    public void closeWhenPeerSettled(CompletableFuture<Void> settled) {
        peerSettled = Objects.requireNonNull(settled, "settled");
    }

    /** Completes when the engine may close a concluded connection (at once unless a protocol said otherwise). */
    public CompletableFuture<Void> peerSettled() {
        return peerSettled;
    }

    /** The handshake concluded, as the protocol defines it. */
    public boolean concluded() {
        beginConclusion();
        reach(Stage.CONCLUDED);
        return complete(new Outcome.Success());
    }

    /** Ends the handshake: PARTIAL once the peer's hello was accepted, FAILED before. */
    public boolean fail(ReasonCode code, String reason) {
        return complete(peer.isPresent() ? new Outcome.Partial(code, reason) : new Outcome.Failed(code, reason));
    }

    /** Ends the handshake for a framing or budget violation. */
    public boolean fail(FrameViolation violation) {
        return fail(violation.code(), violation.reason());
    }

    /**
     * Ends the handshake for an exception raised on its channel, in a user's words: a reset or another
     * I/O error is the peer's doing; anything else is a bug of ours, still an outcome with a reason.
     */
    public boolean failOn(Throwable cause, String protocolAwaits) {
        String awaited = awaiting(protocolAwaits);
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof IOException && peerCloseMeans.isPresent()) {
            return fail(peerCloseMeans.get());
        } else if (cause instanceof IOException && message.contains("reset")) {
            return fail(ReasonCode.RESET_BY_PEER, "connection reset by peer while waiting for " + awaited);
        } else if (cause instanceof IOException) {
            return fail(ReasonCode.IO_ERROR, "I/O error while waiting for " + awaited + ": " + cause.getMessage());
        }
        return fail(ReasonCode.INTERNAL_ERROR, "internal error while waiting for " + awaited + ": " + cause);
    }

    /** Ends the handshake as FAILED whatever the progress (the connection never came up). */
    public boolean connectFailed(ReasonCode code, String reason) {
        return complete(new Outcome.Failed(code, reason));
    }

    /** The deadline passed: says which step was still awaited. */
    public boolean deadlineExpired(String protocolAwaits) {
        String awaited = awaiting(protocolAwaits);
        if (connectedNanos.isEmpty()) {
            return connectFailed(ReasonCode.CONNECT_TIMEOUT, "connect timed out after " + timeoutMillis + " ms");
        }
        return fail(ReasonCode.TIMEOUT, "timed out after " + timeoutMillis + " ms waiting for " + awaited);
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
        HandshakeResult done = new HandshakeResult(target, outcome, stage, connectMillis, handshakeMillis, peer,
                messages, transport);
        if (LOG.isInfoEnabled()) { // the line's text is built only when it is logged: a responder ends thousands a second
            String subject = direction == Direction.OUTBOUND
                    ? "Handshake with " + target.seed() + " (" + target.endpoint() + ")"
                    : "Inbound handshake from " + target.endpoint();
            if (outcome instanceof Outcome.Success) {
                LOG.info("{} -> SUCCESS", subject);
            } else {
                LOG.info("{} -> {} [{}]: {}", subject, outcome.label(), outcome.reasonCode().map(ReasonCode::code).orElse(""),
                        outcome.reason().orElse(""));
            }
        }
        return result.complete(done);
    }

    private static long millisBetween(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
