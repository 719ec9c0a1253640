package org.nodehandshake.ethereum;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.ReasonCode;

/**
 * The second phase's decoder: RLPx frames. The 32-byte header is authenticated and decrypted as soon
 * as it is complete, and the size it states is checked against the cap before the body is waited for;
 * then body, padding and frame MAC. A MAC that does not match or a size over the cap is reported once
 * and nothing after it is read. Frames cannot be skipped unread (the cipher and MAC streams run through
 * every byte), so a frame over the cap ends a lingering connection too.
 */
final class RlpxFrameDecoder extends GuardedFrameDecoder {

    private final RlpxFrameCipher cipher;
    private final int maxFrame;
    private int size = -1;

    RlpxFrameDecoder(RlpxFrameCipher cipher, int maxFrame, HandshakeBudget budget) {
        super(budget);
        this.cipher = cipher;
        if (maxFrame < 1 || maxFrame > RlpxFrameCipher.MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrame must be within 1.." + RlpxFrameCipher.MAX_FRAME_SIZE + ": " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        if (size < 0) {
            if (in.readableBytes() < 32) {
                return;
            }
            byte[] header = new byte[32];
            in.getBytes(in.readerIndex(), header);
            int declared;
            try {
                declared = cipher.openHeader(header);
            } catch (RlpxFrameCipher.BadMacException e) {
                fail(in, out, ReasonCode.BAD_CHECKSUM, e.getMessage());
                return;
            }
            if (declared > maxFrame) {
                fail(in, out, ReasonCode.OVERSIZED_FRAME, "oversized frame: header declares " + declared + " bytes (limit: "
                        + maxFrame + ")");
                return;
            }
            in.skipBytes(32);
            size = declared;
            return; // the body is decoded on the next call, when its bytes are there
        }
        int padded = RlpxFrameCipher.padded(size);
        if (in.readableBytes() < padded + 16) {
            return;
        }
        byte[] body = new byte[padded];
        byte[] mac = new byte[16];
        in.readBytes(body);
        in.readBytes(mac);
        byte[] payload;
        try {
            payload = cipher.openBody(body, mac, size);
        } catch (RlpxFrameCipher.BadMacException e) {
            fail(in, out, ReasonCode.BAD_CHECKSUM, e.getMessage());
            return;
        }
        size = -1;
        if (consumed(in, out, 32L + padded + 16)) {
            out.add(new RlpxPacket.Frame(payload));
        }
    }
}
