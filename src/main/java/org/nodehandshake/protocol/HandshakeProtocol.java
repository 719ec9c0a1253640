package org.nodehandshake.protocol;

import io.netty.channel.ChannelPipeline;

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
}
