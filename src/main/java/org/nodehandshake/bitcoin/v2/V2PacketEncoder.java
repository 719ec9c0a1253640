package org.nodehandshake.bitcoin.v2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.nodehandshake.bitcoin.BitcoinFrame;
import org.nodehandshake.bitcoin.BitcoinMessage;
import org.nodehandshake.protocol.HandshakeSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts the messages the handshake writes as v2 packets: contents are the short id and payload, or
 * 0, the 12-byte command and payload (BIP324). Only written to once the transport is up (the message
 * layer hears of the connection then), so the cipher exists.
 */
public final class V2PacketEncoder extends MessageToByteEncoder<BitcoinMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(V2PacketEncoder.class);
    private static final byte[] NO_AAD = new byte[0];

    private final V2TransportDecoder transport;
    private final HandshakeSession session;

    public V2PacketEncoder(V2TransportDecoder transport, HandshakeSession session) {
        super(BitcoinMessage.class);
        this.transport = transport;
        this.session = session;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BitcoinMessage message, ByteBuf out) {
        ByteBuf scratch = ctx.alloc().heapBuffer();
        byte[] packet;
        try {
            packet = transport.cipher().orElseThrow(() -> new IllegalStateException("v2 message before the keys"))
                    .encrypt(contents(BitcoinFrame.of(message, scratch)), NO_AAD, false);
        } finally {
            scratch.release();
        }
        out.writeBytes(packet);
        if (session.isConcluding()) {
            LOG.debug("{}: Sending {} bytes (v2) to {} (lingering)", message.command(), packet.length, session.target().endpoint());
        } else {
            LOG.info("{}: Sending {} bytes (v2) to {}", message.command(), packet.length, session.target().endpoint());
        }
    }

    /** A frame as v2 packet contents: its short id when it has one, else the long form. */
    static byte[] contents(BitcoinFrame frame) {
        byte[] payload = frame.payload();
        Optional<Integer> id = MessageTypeIds.id(frame.command());
        int typeBytes = id.isPresent() ? 1 : 1 + BitcoinFrame.COMMAND_SIZE;
        byte[] contents = new byte[typeBytes + payload.length];
        if (id.isPresent()) {
            contents[0] = (byte) (int) id.get();
        } else {
            byte[] ascii = frame.command().getBytes(StandardCharsets.US_ASCII);
            contents[0] = MessageTypeIds.LONG_FORM;
            System.arraycopy(ascii, 0, contents, 1, ascii.length);
        }
        System.arraycopy(payload, 0, contents, typeBytes, payload.length);
        return contents;
    }
}
