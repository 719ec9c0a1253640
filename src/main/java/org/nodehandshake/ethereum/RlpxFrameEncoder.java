package org.nodehandshake.ethereum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToByteEncoder;
import org.nodehandshake.protocol.HandshakeSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames the devp2p messages the handshake writes: {@code rlp(id) || data}, the data Snappy-compressed
 * once both Hellos said version 5 or more, in one RLPx frame. The handler starts it once the
 * connection's secrets exist; the auth and ack before that are written as plain buffers, past it.
 * When the engine closes a framed connection on which we have said no Disconnect yet, one with reason
 * "disconnect requested" goes out first, so that the peer learns the connection ended on purpose.
 */
final class RlpxFrameEncoder extends MessageToByteEncoder<RlpxMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(EthereumHandshakeHandler.class);

    private final HandshakeSession session;
    private RlpxFrameCipher cipher;
    private boolean compress;
    private boolean disconnectWritten;

    RlpxFrameEncoder(HandshakeSession session) {
        super(RlpxMessage.class);
        this.session = session;
    }

    void start(RlpxFrameCipher frameCipher) {
        this.cipher = frameCipher;
    }

    /** Snappy on for every later message (p2p v5: once the peer's Hello said 5 or more). */
    void compress(boolean on) {
        this.compress = on;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RlpxMessage message, ByteBuf out) {
        if (cipher == null) {
            throw new IllegalStateException("RLPx frame before the handshake's secrets");
        }
        out.writeBytes(frame(message));
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (cipher == null || disconnectWritten || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        RlpxMessage farewell = new RlpxMessage(RlpxMessage.DISCONNECT, DisconnectReason.REQUESTED.encode());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(frame(farewell))).addListener(f -> ctx.close(promise));
    }

    private byte[] frame(RlpxMessage message) {
        disconnectWritten |= message.code() == RlpxMessage.DISCONNECT;
        byte[] id = Rlp.encode(Rlp.number(message.code()));
        byte[] data = compress ? Snappy.compress(message.data()) : message.data();
        byte[] payload = new byte[id.length + data.length];
        System.arraycopy(id, 0, payload, 0, id.length);
        System.arraycopy(data, 0, payload, id.length, data.length);
        byte[] frame = cipher.seal(payload);
        if (session.isConcluding()) {
            LOG.debug("{}: Sending {} bytes to {} (lingering)", message.name(), frame.length, session.target().endpoint());
        } else {
            LOG.info("{}: Sending {} bytes to {}", message.name(), frame.length, session.target().endpoint());
        }
        return frame;
    }
}
