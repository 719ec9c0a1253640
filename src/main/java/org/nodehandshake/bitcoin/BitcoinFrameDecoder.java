package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.nodehandshake.protocol.FrameViolation;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.ReasonCode;

/**
 * Splits the v1 byte stream into {@link BitcoinFrame}s, checking the header before the body is read:
 * magic first (byte by byte, so garbage is caught at its first byte), then the command, then the
 * declared length against a hard cap, and finally the checksum. The first violation is emitted once
 * as a {@link FrameViolation}; everything after it is discarded unread. Until the handshake concludes,
 * every frame's bytes are charged to the session's budget as well.
 */
public final class BitcoinFrameDecoder extends GuardedFrameDecoder {

    /** Core's MAX_PROTOCOL_MESSAGE_LENGTH: no valid frame is longer, in any phase. */
    public static final int MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000;

    private final byte[] magic;
    private final int maxPayload;

    /**
     * @param magic the network's 4 magic bytes
     * @param maxPayload the largest payload accepted before the handshake concludes; a header declaring
     *     more fails at once (after it, frames up to the protocol's maximum are skipped)
     * @param budget the session's: bytes are charged to it, and it says when the handshake concluded
     */
    public BitcoinFrameDecoder(byte[] magic, int maxPayload, HandshakeBudget budget) {
        super(budget);
        if (magic.length != 4) {
            throw new IllegalArgumentException("magic must be 4 bytes: " + magic.length);
        }
        if (maxPayload < 0 || maxPayload > MAX_PROTOCOL_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("maxPayload must be within 0.." + MAX_PROTOCOL_MESSAGE_LENGTH + ": "
                    + maxPayload);
        }
        this.magic = magic.clone();
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        for (int i = 0; i < Math.min(4, available); i++) {
            if (in.getByte(start + i) != magic[i]) {
                fail(in, out, ReasonCode.WRONG_NETWORK, "wrong magic: " + ByteBufUtil.hexDump(in, start, Math.min(4, available))
                        + " (expected: " + HexFormat.of().formatHex(magic) + otherNetwork(in, start, available) + ")");
                return;
            }
        }
        if (available < BitcoinFrame.HEADER_SIZE) {
            return;
        }
        byte[] name = new byte[BitcoinFrame.COMMAND_SIZE];
        in.getBytes(start + 4, name);
        String command = command(name);
        if (command == null) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "invalid command: " + HexFormat.of().formatHex(name));
            return;
        }
        long length = in.getUnsignedIntLE(start + 16);
        if (concluded() && length > maxPayload && length <= MAX_PROTOCOL_MESSAGE_LENGTH) {
            skip(in, BitcoinFrame.HEADER_SIZE, length);
            return;
        }
        if (length > maxPayload) {
            fail(in, out, ReasonCode.OVERSIZED_FRAME, "oversized frame: '" + command + "' declares " + length + " bytes (limit: "
                    + maxPayload + ")");
            return;
        }
        if (available < BitcoinFrame.HEADER_SIZE + length) {
            return;
        }
        byte[] expected = new byte[4];
        in.getBytes(start + 20, expected);
        byte[] payload = new byte[(int) length];
        in.getBytes(start + BitcoinFrame.HEADER_SIZE, payload);
        byte[] actual = BitcoinFrame.checksum(payload);
        if (!Arrays.equals(expected, actual)) {
            fail(in, out, ReasonCode.BAD_CHECKSUM, "bad checksum for '" + command + "': " + HexFormat.of().formatHex(expected)
                    + " (expected: " + HexFormat.of().formatHex(actual) + ")");
            return;
        }
        in.skipBytes(BitcoinFrame.HEADER_SIZE + (int) length);
        if (consumed(in, out, BitcoinFrame.HEADER_SIZE + length)) {
            out.add(new BitcoinFrame(command, payload));
        }
    }

    /** Names the preset a whole wrong magic belongs to, so a user who picked the wrong --network sees which. */
    private static String otherNetwork(ByteBuf in, int start, int available) {
        if (available < 4) {
            return "";
        }
        byte[] seen = new byte[4];
        in.getBytes(start, seen);
        String names = BitcoinNetwork.namesWithMagic(seen);
        return names.isEmpty() ? "" : "; " + HexFormat.of().formatHex(seen) + " is " + names;
    }

    /** Printable ASCII up to the first NUL, NULs after it; null when the field breaks that rule. */
    public static String command(byte[] field) {
        int end = 0;
        while (end < field.length && field[end] != 0) {
            int c = field[end] & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
            end++;
        }
        if (end == 0) {
            return null;
        }
        for (int i = end; i < field.length; i++) {
            if (field[i] != 0) {
                return null;
            }
        }
        return new String(field, 0, end, StandardCharsets.US_ASCII);
    }

}
