package org.nodehandshake.monero;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a Levin byte stream into {@link LevinFrame}s, checking the 33-byte header before the body is
 * read: the signature byte by byte (garbage is caught at its first byte), then the declared body size
 * against a hard cap, the protocol version and the flags. The first violation is emitted once as a
 * {@link LevinInbound.FrameError}; everything after it is discarded unread. Noise packets (BEGIN|END
 * without REQUEST or RESPONSE) are skipped. Until the handshake concludes, packets and bytes are
 * capped as well.
 */
public final class LevinFrameDecoder extends ByteToMessageDecoder {

    /** monerod's LEVIN_DEFAULT_MAX_PACKET_SIZE: no packet is longer once a handshake is done. */
    public static final long MAX_PACKET_SIZE = 100_000_000;

    private static final byte[] SIGNATURE_BYTES = signatureBytes();

    private final int maxBody;
    private final long maxBytes;
    private long bytesRead;
    private boolean failed;
    private boolean skipOversized;
    private long discarding;

    /**
     * @param maxBody the largest body accepted; a header declaring more fails at once
     * @param maxBytesBeforeConclusion total bytes accepted until {@link #skipOversizedFrames()}
     */
    public LevinFrameDecoder(int maxBody, long maxBytesBeforeConclusion) {
        this.maxBody = maxBody;
        this.maxBytes = maxBytesBeforeConclusion;
    }

    /**
     * After the handshake (while a connection lingers) packets above the cap are no longer errors: up to
     * {@link #MAX_PACKET_SIZE} they are skipped as they arrive, never buffered.
     */
    public void skipOversizedFrames() {
        skipOversized = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (discarding > 0) {
            int skip = (int) Math.min(discarding, in.readableBytes());
            in.skipBytes(skip);
            discarding -= skip;
            return;
        }
        int start = in.readerIndex();
        int available = in.readableBytes();
        for (int i = 0; i < Math.min(SIGNATURE_BYTES.length, available); i++) {
            if (in.getByte(start + i) != SIGNATURE_BYTES[i]) {
                fail(in, out, "bad Levin signature: " + ByteBufUtil.hexDump(in, start, Math.min(8, available))
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
            fail(in, out, "unsupported Levin protocol version " + Integer.toUnsignedString(header.protocolVersion())
                    + " in '" + what + "' (expected: 1)");
            return;
        }
        int kind = header.flags() & (LevinHeader.FLAG_REQUEST | LevinHeader.FLAG_RESPONSE);
        if (kind == (LevinHeader.FLAG_REQUEST | LevinHeader.FLAG_RESPONSE)
                || (kind == 0 && !header.isNoise())) {
            // Fragments (BEGIN or END alone) only carry relayed transactions; nothing in a handshake is fragmented.
            fail(in, out, "invalid Levin flags " + Integer.toHexString(header.flags()) + " in '" + what + "'");
            return;
        }
        boolean oversized = size < 0 || size > maxBody;
        if (oversized && skipOversized && size >= 0 && size <= MAX_PACKET_SIZE) {
            in.skipBytes(LevinHeader.SIZE);
            discarding = size;
            return;
        }
        if (oversized) {
            fail(in, out, "oversized packet: '" + what + "' declares " + Long.toUnsignedString(size)
                    + " bytes (limit: " + maxBody + ")");
            return;
        }
        if (available < LevinHeader.SIZE + size) {
            return;
        }
        byte[] body = new byte[(int) size];
        in.getBytes(start + LevinHeader.SIZE, body);
        in.skipBytes(LevinHeader.SIZE + (int) size);
        if (!skipOversized) {
            // Counted per packet consumed, not per read, as the Bitcoin decoder does.
            bytesRead += LevinHeader.SIZE + size;
            if (bytesRead > maxBytes) {
                fail(in, out, "too many bytes before the handshake concluded (limit: " + maxBytes + ")");
                return;
            }
        }
        if (!header.isNoise()) {
            out.add(new LevinFrame(header, body));
        }
    }

    private void fail(ByteBuf in, List<Object> out, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new LevinInbound.FrameError(reason));
    }

    private static byte[] signatureBytes() {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (LevinHeader.SIGNATURE >>> (8 * i));
        }
        return bytes;
    }
}
