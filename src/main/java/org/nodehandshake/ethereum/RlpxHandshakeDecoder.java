package org.nodehandshake.ethereum;

import io.netty.buffer.ByteBuf;
import java.math.BigInteger;
import java.util.List;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.ReasonCode;

/**
 * The first phase's decoder: one auth (responder) or ack (initiator). The 2-byte size prefix is checked
 * against {@link RlpxHandshake#MAX_PACKET} before anything more is waited for. A stream starting with
 * 0x04 may be an old-form packet of fixed size: it is one when it opens with our key (see
 * {@link RlpxHandshake#isPlain}); else it is read as EIP-8. One packet is emitted, then nothing: the
 * handler replaces this decoder with the frame decoder, which receives whatever followed.
 */
final class RlpxHandshakeDecoder extends GuardedFrameDecoder {

    private final BigInteger ourKey;
    private final int plainSize;
    private boolean emitted;

    /**
     * @param plainSize the old form's size for what this side reads: {@link RlpxHandshake#PLAIN_AUTH_SIZE}
     *     or {@link RlpxHandshake#PLAIN_ACK_SIZE}
     */
    RlpxHandshakeDecoder(BigInteger ourKey, int plainSize, HandshakeBudget budget) {
        super(budget);
        this.ourKey = ourKey;
        this.plainSize = plainSize;
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        int available = in.readableBytes();
        if (emitted || available < 2) {
            return;
        }
        int start = in.readerIndex();
        if (in.getUnsignedByte(start) == 4) {
            if (available < plainSize) {
                return; // an EIP-8 size starting 0x04 is 1024 or more: waiting for plainSize bytes costs nothing
            }
            byte[] candidate = new byte[plainSize];
            in.getBytes(start, candidate);
            if (RlpxHandshake.isPlain(ourKey, candidate)) {
                emit(in, out, candidate, false);
                return;
            }
        }
        int size = in.getUnsignedShort(start);
        if (size > RlpxHandshake.MAX_PACKET) {
            fail(in, out, ReasonCode.OVERSIZED_FRAME, "handshake packet size prefix declares " + size + " bytes (limit: "
                    + RlpxHandshake.MAX_PACKET + ")");
            return;
        }
        if (size < Ecies.OVERHEAD) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "handshake packet size prefix declares " + size + " bytes (at least "
                    + Ecies.OVERHEAD + ")");
            return;
        }
        if (available < 2 + size) {
            return;
        }
        byte[] packet = new byte[2 + size];
        in.getBytes(start, packet);
        emit(in, out, packet, true);
    }

    private void emit(ByteBuf in, List<Object> out, byte[] packet, boolean eip8) {
        in.skipBytes(packet.length);
        emitted = true;
        if (consumed(in, out, packet.length)) {
            out.add(new RlpxPacket.HandshakePacket(packet, eip8));
        }
    }
}
