package org.nodehandshake.bitcoin;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bounds-checked little-endian reads over one payload. Every read checks what is left first, so a
 * short or lying payload ends in a {@link MalformedMessageException}, never an index error.
 */
final class WireReader {

    private final ByteBuffer buffer;
    private final String what;

    WireReader(byte[] payload, String what) {
        this.buffer = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        this.what = what;
    }

    int remaining() {
        return buffer.remaining();
    }

    int position() {
        return buffer.position();
    }

    int int32() throws MalformedMessageException {
        need(4, "int32");
        return buffer.getInt();
    }

    long int64() throws MalformedMessageException {
        need(8, "int64");
        return buffer.getLong();
    }

    int uint16BigEndian() throws MalformedMessageException {
        need(2, "uint16");
        return ((buffer.get() & 0xff) << 8) | (buffer.get() & 0xff);
    }

    int uint8() throws MalformedMessageException {
        need(1, "uint8");
        return buffer.get() & 0xff;
    }

    byte[] bytes(int count) throws MalformedMessageException {
        need(count, count + " bytes");
        byte[] out = new byte[count];
        buffer.get(out);
        return out;
    }

    /**
     * Bitcoin's CompactSize, rejecting non-canonical encodings (as Core does) and any value above
     * {@code max} before the caller allocates anything for it.
     */
    long compactSize(long max) throws MalformedMessageException {
        int first = uint8();
        long value;
        long minimum;
        if (first < 0xfd) {
            return checkMax(first, max);
        } else if (first == 0xfd) {
            need(2, "CompactSize");
            value = buffer.getShort() & 0xffffL;
            minimum = 0xfd;
        } else if (first == 0xfe) {
            need(4, "CompactSize");
            value = buffer.getInt() & 0xffffffffL;
            minimum = 0x10000;
        } else {
            need(8, "CompactSize");
            value = buffer.getLong();
            minimum = 0x100000000L;
        }
        if (Long.compareUnsigned(value, minimum) < 0) {
            throw new MalformedMessageException(what + ": non-canonical CompactSize " + Long.toUnsignedString(value));
        }
        return checkMax(value, max);
    }

    private long checkMax(long value, long max) throws MalformedMessageException {
        if (Long.compareUnsigned(value, max) > 0) {
            throw new MalformedMessageException(what + ": length " + Long.toUnsignedString(value)
                    + " exceeds limit " + max);
        }
        return value;
    }

    private void need(int count, String field) throws MalformedMessageException {
        if (buffer.remaining() < count) {
            throw new MalformedMessageException(what + ": truncated at byte " + buffer.position() + " reading "
                    + field + " (" + buffer.remaining() + " bytes left)");
        }
    }
}
