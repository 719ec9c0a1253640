package org.nodehandshake.monero;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import org.nodehandshake.protocol.FrameViolation;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.ReasonCode;

/**
 * Splits a Levin byte stream into {@link LevinFrame}s, checking the 33-byte header before the body is
 * read: the signature byte by byte (garbage is caught at its first byte), then the declared body size
 * against a hard cap, the protocol version and the flags. The first violation is emitted once as a
 * {@link FrameViolation}; everything after it is discarded unread. Noise packets (BEGIN|END without
 * REQUEST or RESPONSE) are skipped. Until the handshake concludes, every packet's bytes are charged
 * to the session's budget as well.
 */
public final class LevinFrameDecoder extends GuardedFrameDecoder {

    /** monerod's LEVIN_DEFAULT_MAX_PACKET_SIZE: no packet is longer once a handshake is done. */
    public static final long MAX_PACKET_SIZE = 100_000_000;

    private static final byte[] SIGNATURE_BYTES = signatureBytes();

    private final int maxBody;

    /**
     * @param maxBody the largest body accepted before the handshake concludes; a header declaring more
     *     fails at once (after it, packets up to monerod's maximum are skipped)
     * @param budget the session's: bytes are charged to it, and it says when the handshake concluded
     */
    public LevinFrameDecoder(int maxBody, HandshakeBudget budget) {
        super(budget);
        if (maxBody < 0 || maxBody > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maxBody must be within 0.." + MAX_PACKET_SIZE + ": " + maxBody);
        }
        this.maxBody = maxBody;
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        for (int i = 0; i < Math.min(SIGNATURE_BYTES.length, available); i++) {
            if (in.getByte(start + i) != SIGNATURE_BYTES[i]) {
                fail(in, out, ReasonCode.MALFORMED_FRAME, "bad Levin signature: " + ByteBufUtil.hexDump(in, start, Math.min(8, available))
                        + " (expected: " + ByteBufUtil.hexDump(SIGNATURE_BYTES) + ")");
                return;
            }
        }
        if (available < LevinHeader.SIZE) {
            return;
        }
        ByteBuf headerBytes = in.slice(start + 8, LevinHeader.SIZE - 8);
        LevinHeader header = LevinHeader.readAfterSignature(headerBytes);
        long size = header.bodySize();
        String what = LevinHeader.commandName(header.command());
        if (header.protocolVersion() != LevinHeader.PROTOCOL_VERSION) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "unsupported Levin protocol version " + Integer.toUnsignedString(header.protocolVersion())
                    + " in '" + what + "' (expected: 1)");
            return;
        }
        int kind = header.flags() & (LevinHeader.FLAG_REQUEST | LevinHeader.FLAG_RESPONSE);
        if (kind == (LevinHeader.FLAG_REQUEST | LevinHeader.FLAG_RESPONSE)
                || (kind == 0 && !header.isNoise())) {
            // Fragments (BEGIN or END alone) only carry relayed transactions; nothing in a handshake is fragmented.
            fail(in, out, ReasonCode.MALFORMED_FRAME, "invalid Levin flags " + Integer.toHexString(header.flags()) + " in '" + what + "'");
            return;
        }
        boolean oversized = size < 0 || size > maxBody;
        if (oversized && concluded() && size >= 0 && size <= MAX_PACKET_SIZE) {
            skip(in, LevinHeader.SIZE, size);
            return;
        }
        if (oversized) {
            fail(in, out, ReasonCode.OVERSIZED_FRAME, "oversized packet: '" + what + "' declares " + Long.toUnsignedString(size)
                    + " bytes (limit: " + maxBody + ")");
            return;
        }
        if (available < LevinHeader.SIZE + size) {
            return;
        }
        byte[] body = new byte[(int) size];
        in.getBytes(start + LevinHeader.SIZE, body);
        in.skipBytes(LevinHeader.SIZE + (int) size);
        if (consumed(in, out, LevinHeader.SIZE + size) && !header.isNoise()) {
            out.add(new LevinFrame(header, body));
        }
    }

    private static byte[] signatureBytes() {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (LevinHeader.SIGNATURE >>> (8 * i));
        }
        return bytes;
    }
}
