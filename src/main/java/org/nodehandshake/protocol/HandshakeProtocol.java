package org.nodehandshake.protocol;

import io.netty.channel.ChannelPipeline;

/**
 * One wire protocol's handshake. The engine owns connecting, the deadline and closing; a protocol
 * only installs its codec and state machine on a new channel and reports to the session.
 */
public interface HandshakeProtocol {

    /**
     * Installs the handshake on a new channel: the initiator side for an outbound session (the channel
     * is about to connect), the responder side for an inbound one (the channel was just accepted).
     */
    void install(ChannelPipeline pipeline, HandshakeSession session);

    /** What the protocol still waits for, for a deadline reason ("version", "verack", ...). */
    String awaited(HandshakeSession session);
}
