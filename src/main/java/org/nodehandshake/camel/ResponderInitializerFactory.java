package org.nodehandshake.camel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;
import org.apache.camel.component.netty.handlers.ServerChannelHandler;
import org.nodehandshake.protocol.Responder;

/**
 * camel-netty's server pipeline for the listener: the responder's admission limits and handshake, then
 * camel-netty's own handler (named {@code handler}, as camel-netty expects), which receives exactly one
 * object per connection: the handshake's result. Raw bytes never reach Camel.
 */
public final class ResponderInitializerFactory extends ServerInitializerFactory {

    /** Marks where results enter the Camel side; results are fired from here to camel-netty's handler. */
    static final String RESULT_GATE = "handshake-result";

    private final Responder responder;
    private final NettyConsumer consumer;

    public ResponderInitializerFactory(Responder responder) {
        this(responder, null);
    }

    private ResponderInitializerFactory(Responder responder, NettyConsumer consumer) {
        this.responder = responder;
        this.consumer = consumer;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return new ResponderInitializerFactory(responder, consumer);
    }

    @Override
    protected void initChannel(Channel channel) {
        if (consumer == null) {
            throw new IllegalStateException("used without a camel-netty consumer");
        }
        boolean admitted = responder.accept(channel,
                result -> channel.pipeline().context(RESULT_GATE).fireChannelRead(result));
        if (admitted) {
            channel.pipeline().addLast(RESULT_GATE, new ChannelInboundHandlerAdapter());
            channel.pipeline().addLast("handler", new ServerChannelHandler(consumer));
        }
    }
}
