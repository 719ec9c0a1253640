package org.nodehandshake.protocol;

import io.netty.channel.ChannelPipeline;

/** A protocol for the engine's tests: installs nothing, allows one message of one byte, always waits for a "hello". */
interface QuietProtocol extends HandshakeProtocol {

    @Override
    default void install(ChannelPipeline pipeline, HandshakeSession session) {
    }

    @Override
    default HandshakeBudget.Limits limits() {
        return new HandshakeBudget.Limits(1, 1);
    }

    @Override
    default String awaited(HandshakeSession session) {
        return "hello";
    }
}
