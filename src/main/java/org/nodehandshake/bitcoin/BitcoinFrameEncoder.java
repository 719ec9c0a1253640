package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.nodehandshake.protocol.HandshakeSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frames the messages the handshake writes: header (magic, command, length, checksum) and payload. */
final class BitcoinFrameEncoder extends MessageToByteEncoder<BitcoinMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(BitcoinHandshakeHandler.class);

    private final byte[] magic;
    private final HandshakeSession session;

    BitcoinFrameEncoder(byte[] magic, HandshakeSession session) {
        super(BitcoinMessage.class);
        this.magic = magic.clone();
        this.session = session;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BitcoinMessage message, ByteBuf out) {
        int start = out.writerIndex();
        ByteBuf scratch = ctx.alloc().heapBuffer();
        try {
            BitcoinFrame.of(message, scratch).write(out, magic);
        } finally {
            scratch.release();
        }
        int size = out.writerIndex() - start;
        if (session.isConcluding()) {
            LOG.debug("{}: Sending {} bytes to {} (lingering)", message.command(), size, session.target().endpoint());
        } else {
            LOG.info("{}: Sending {} bytes to {}", message.command(), size, session.target().endpoint());
        }
    }
}
