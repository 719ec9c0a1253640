package org.nodehandshake.camel;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * An asynchronous Camel step around a function that answers with a future: the body goes in, the
 * future's value becomes the body, and no thread waits meanwhile. Completion hops to {@code executor}
 * so the rest of the route never runs on a Netty event loop or a DNS thread.
 */
abstract class FutureProcessor<I, O> extends AsyncProcessorSupport {

    private final Class<I> inputType;
    private final Executor executor;

    FutureProcessor(Class<I> inputType, Executor executor) {
        this.inputType = Objects.requireNonNull(inputType, "inputType");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Starts the work; the future must complete, normally or not, within a bounded time. */
    abstract CompletableFuture<O> apply(I input);

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<O> work;
        try {
            work = apply(exchange.getMessage().getMandatoryBody(inputType));
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        work.whenCompleteAsync((value, error) -> {
            if (error != null) {
                exchange.setException(error);
            } else {
                exchange.getMessage().setBody(value);
            }
            callback.done(false);
        }, executor);
        return false;
    }
}
