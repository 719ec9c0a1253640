package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/**
 * The multiformats unsigned varint: seven bits a byte, least significant group first, the high bit set on
 * every byte but the last. The spec caps it at nine bytes (63 bits) and requires the shortest form; both
 * are enforced, so a peer cannot make us read an endless run of continuation bytes.
 */
public final class Varint {

    /** The spec's maximum: nine bytes carry 63 bits. */
    public static final int MAX_BYTES = 9;

    /** {@link #read(ByteBuf)}'s answer when the buffer does not yet hold a whole varint. */
    public static final long INCOMPLETE = -1;

    private Varint() {
    }

    public static byte[] encode(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
        write(value, out);
        return out.toByteArray();
    }

    public static void write(long value, ByteArrayOutputStream out) {
        if (value < 0) {
            throw new IllegalArgumentException("a varint is unsigned: " + value);
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    public static void write(long value, ByteBuf out) {
        out.writeBytes(encode(value));
    }

    /** How many bytes {@code value} takes. */
    public static int size(long value) {
        int size = 1;
        while (value >= 0x80) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /**
     * Reads one varint at the reader index and moves past it, or returns {@link #INCOMPLETE} and moves
     * nothing when the buffer ends first (a stream decoder waits for more).
     */
    public static long read(ByteBuf in) throws MalformedMessageException {
        int start = in.readerIndex();
        int available = in.readableBytes();
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (i == available) {
                return INCOMPLETE;
            }
            int b = in.getUnsignedByte(start + i);
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new MalformedMessageException("varint not in its shortest form");
                }
                in.readerIndex(start + i + 1);
                return value;
            }
        }
        throw new MalformedMessageException("varint longer than " + MAX_BYTES + " bytes");
    }

    /** A varint read from a byte array: its value and the offset just past it. */
    public record Read(long value, int next) {
    }

    /** Reads one varint of {@code data} at {@code offset}, which must lie wholly before {@code end}. */
    public static Read read(byte[] data, int offset, int end) throws MalformedMessageException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= end) {
                throw new MalformedMessageException("varint cut short");
            }
            int b = data[offset + i] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new MalformedMessageException("varint not in its shortest form");
                }
                return new Read(value, offset + i + 1);
            }
        }
        throw new MalformedMessageException("varint longer than " + MAX_BYTES + " bytes");
    }
}
