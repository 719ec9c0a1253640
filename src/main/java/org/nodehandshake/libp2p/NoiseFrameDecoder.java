package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.ReasonCode;

/**
 * The second phase's decoder, for the rest of the connection: Noise messages, each after a 2-byte
 * big-endian length (libp2p's noise spec). The length cannot exceed 65535, Noise's own maximum; an
 * empty message is refused (no Noise message is shorter than its 16-byte tag, except handshake message
 * A, which is 32 bytes). Decryption is the handshake's work: a transport message must be read whole
 * for the cipher's nonce to advance, so none is skipped.
 */
final class NoiseFrameDecoder extends GuardedFrameDecoder {

    NoiseFrameDecoder(HandshakeBudget budget) {
        super(budget);
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (length < 16) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "Noise message of " + length + " bytes (at least 16: a tag)");
            return;
        }
        if (in.readableBytes() < 2 + length) {
            return;
        }
        in.skipBytes(2);
        byte[] message = new byte[length];
        in.readBytes(message);
        if (consumed(in, out, 2L + length)) {
            out.add(new Libp2pFrame.NoiseMessage(message));
        }
    }
}
