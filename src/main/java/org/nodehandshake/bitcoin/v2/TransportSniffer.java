package org.nodehandshake.bitcoin.v2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The responder's first handler when it serves both transports on one port, as Bitcoin Core does
 * (BIP324): a v1 connection starts with the magic and a version header's command,
 * {@code magic + "version" + 5 NULs} (16 bytes); a mismatch at any byte means v2. It then puts the
 * chosen transport in its place (after itself) and removes itself; the bytes read so far go on to it,
 * unconsumed. It reads nothing else: at most 16 bytes are looked at.
 */
public final class TransportSniffer extends ByteToMessageDecoder {

    public static final int V1_PREFIX_BYTES = 16;

    private final byte[] v1Prefix;
    private final Consumer<ChannelHandlerContext> v1;
    private final Consumer<ChannelHandlerContext> v2;

    /**
     * @param v1 adds the v1 codec after the sniffer's context and wakes the message layer
     * @param v2 adds the v2 transport after the sniffer's context (which wakes the message layer itself)
     */
    public TransportSniffer(byte[] magic, Consumer<ChannelHandlerContext> v1, Consumer<ChannelHandlerContext> v2) {
        this.v1Prefix = v1Prefix(magic);
        this.v1 = Objects.requireNonNull(v1, "v1");
        this.v2 = Objects.requireNonNull(v2, "v2");
    }

    /** The 16 bytes every v1 connection starts with on the network of {@code magic}. */
    public static byte[] v1Prefix(byte[] magic) {
        byte[] prefix = Arrays.copyOf(magic, V1_PREFIX_BYTES);
        byte[] command = "version".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(command, 0, prefix, magic.length, command.length);
        return prefix;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back: the chosen transport wakes the message layer.
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int seen = Math.min(in.readableBytes(), V1_PREFIX_BYTES);
        for (int i = 0; i < seen; i++) {
            if (in.getByte(start + i) != v1Prefix[i]) {
                choose(ctx, v2);
                return;
            }
        }
        if (seen == V1_PREFIX_BYTES) {
            choose(ctx, v1);
        }
    }

    private void choose(ChannelHandlerContext ctx, Consumer<ChannelHandlerContext> transport) {
        transport.accept(ctx);
        ctx.pipeline().remove(this); // what was read so far goes on to the chosen transport
    }
}
