package org.nodehandshake.protocol;

import io.netty.channel.ChannelPipeline;
import java.util.Optional;

/**
 * One network's handshake, as its protocol module builds it. The engine owns connecting, the deadline,
 * the session's budget and closing; a protocol installs its first phase (codec and state machine) on a
 * new channel, replaces handlers between phases itself, and reports to the session.
 */
public interface HandshakeProtocol {

    /**
     * Installs the handshake on a new channel: the initiator side for an outbound session (the channel
     * is about to connect), the responder side for an inbound one (the channel was just accepted).
     */
    void install(ChannelPipeline pipeline, HandshakeSession session);

    /** What the peer may send before the handshake concludes, for the session's budget. */
    HandshakeBudget.Limits limits();

    /** What the protocol still waits for, for a deadline reason (the name of the peer's next message). */
    String awaited(HandshakeSession session);

    /**
     * Another way to reach the same peer after an attempt that ended as {@code ended} (e.g. an older
     * transport after the peer refused a newer one): the engine reconnects once with it, within what is
     * left of the same deadline, and reports that attempt's result. Empty: no second attempt.
     */
    default Optional<HandshakeProtocol> fallback(HandshakeResult ended) {
        return Optional.empty();
    }

    /**
     * Pays the one-time cost of this protocol's first outbound handshake ahead of it (its classes, a curve's
     * precomputed tables, the random source's seeding): run once per protocol by {@link Handshaker#startWarmUp},
     * on an event loop while the process starts, so that a one-shot check does not wait for it after
     * connecting. Nothing it computes is kept. Default: nothing to pay.
     */
    default void warmUp() {
    }
}
