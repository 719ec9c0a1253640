package org.nodehandshake.camel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;

/** Route step: a {@link HandshakeTarget} body becomes its {@link HandshakeResult}, asynchronously. */
public final class HandshakeProcessor extends FutureProcessor<HandshakeTarget, HandshakeResult> {

    private final Handshaker handshaker;

    public HandshakeProcessor(Handshaker handshaker, Executor executor) {
        super(HandshakeTarget.class, executor);
        this.handshaker = handshaker;
    }

    @Override
    CompletableFuture<HandshakeResult> apply(HandshakeTarget target) {
        return handshaker.handshake(target);
    }
}
