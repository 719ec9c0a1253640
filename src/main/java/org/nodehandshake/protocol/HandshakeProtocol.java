package org.nodehandshake.protocol;

import io.netty.channel.ChannelPipeline;

/**
 * One wire protocol's handshake. The engine owns connecting, the deadline and closing; a protocol
 * only installs its codec and state machine on a new channel and reports to the session.
 */
public interface HandshakeProtocol {

    /** Installs the initiator side on an outbound channel that is about to connect. */
    void initiate(ChannelPipeline pipeline, HandshakeSession session);

    /** What the protocol still waits for, for a deadline reason ("version", "verack", ...). */
    String awaited(HandshakeSession session);
}
