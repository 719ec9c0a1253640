package org.nodehandshake.ethereum;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Recursive Length Prefix, as the Ethereum yellow paper (appendix B) and devp2p define it: a value is a
 * byte string or a list of values. The reader takes untrusted input: every length is checked against
 * the bytes left before anything is allocated, the encoding must be canonical (the shortest form, as
 * go-ethereum's rlp package requires), and depth and item count are bounded.
 */
public final class Rlp {

    /** Nesting deeper than this is refused (a Hello or a record nests three levels). */
    public static final int MAX_DEPTH = 16;

    private Rlp() {
    }

    /** An RLP value: a byte string or a list. */
    public sealed interface Item permits Bytes, Items {

        /** This item as a byte string, or why it is not one ({@code what} names it in the message). */
        default byte[] bytes(String what) throws MalformedRlpException {
            if (this instanceof Bytes b) {
                return b.value();
            }
            throw new MalformedRlpException(what + ": a list where a byte string belongs");
        }

        /** This item as a list, or why it is not one. */
        default List<Item> list(String what) throws MalformedRlpException {
            if (this instanceof Items l) {
                return l.items();
            }
            throw new MalformedRlpException(what + ": a byte string where a list belongs");
        }

        /** A byte string read as an unsigned big-endian integer that fits in 63 bits, no leading zeros. */
        default long number(String what) throws MalformedRlpException {
            byte[] b = bytes(what);
            if (b.length > 8 || (b.length == 8 && (b[0] & 0x80) != 0)) {
                throw new MalformedRlpException(what + ": integer of " + b.length + " bytes is too large");
            }
            if (b.length > 0 && b[0] == 0) {
                throw new MalformedRlpException(what + ": integer with a leading zero byte");
            }
            long value = 0;
            for (byte x : b) {
                value = (value << 8) | (x & 0xff);
            }
            return value;
        }

        /** A byte string read as an unsigned big-endian integer of any size, no leading zeros. */
        default BigInteger bigNumber(String what) throws MalformedRlpException {
            byte[] b = bytes(what);
            if (b.length > 0 && b[0] == 0) {
                throw new MalformedRlpException(what + ": integer with a leading zero byte");
            }
            return new BigInteger(1, b);
        }

        /** A byte string read as UTF-8 text (malformed sequences replaced, for a report). */
        default String text(String what) throws MalformedRlpException {
            return new String(bytes(what), StandardCharsets.UTF_8);
        }
    }

    /** A byte string. */
    public record Bytes(byte[] value) implements Item {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** A list of items. */
    public record Items(List<Item> items) implements Item {
        public Items {
            items = List.copyOf(items);
        }
    }

    // ---- building values ----

    public static Item bytes(byte[] value) {
        return new Bytes(value);
    }

    public static Item text(String value) {
        return new Bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** An unsigned integer in its shortest big-endian form (0 is the empty string). */
    public static Item number(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned: " + value);
        }
        return number(BigInteger.valueOf(value));
    }

    public static Item number(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned: " + value);
        }
        byte[] b = value.toByteArray();
        int skip = 0;
        while (skip < b.length && b[skip] == 0) {
            skip++;
        }
        return new Bytes(Arrays.copyOfRange(b, skip, b.length));
    }

    public static Item list(Item... items) {
        return new Items(List.of(items));
    }

    public static Item list(List<Item> items) {
        return new Items(items);
    }

    // ---- encoding ----

    public static byte[] encode(Item item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(item, out);
        return out.toByteArray();
    }

    private static void write(Item item, ByteArrayOutputStream out) {
        if (item instanceof Bytes b) {
            byte[] v = b.value;
            if (v.length == 1 && (v[0] & 0xff) < 0x80) {
                out.write(v[0]);
            } else {
                header(0x80, v.length, out);
                out.writeBytes(v);
            }
        } else {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Item child : ((Items) item).items()) {
                write(child, body);
            }
            header(0xc0, body.size(), out);
            out.writeBytes(body.toByteArray());
        }
    }

    private static void header(int base, int length, ByteArrayOutputStream out) {
        if (length < 56) {
            out.write(base + length);
            return;
        }
        byte[] len = BigInteger.valueOf(length).toByteArray();
        int skip = len[0] == 0 ? 1 : 0;
        out.write(base + 55 + len.length - skip);
        out.write(len, skip, len.length - skip);
    }

    // ---- decoding ----

    /**
     * Decodes exactly one item that fills {@code input}.
     *
     * @param maxItems items (strings and lists, at every depth) accepted before the input is refused
     */
    public static Item decode(byte[] input, int maxItems) throws MalformedRlpException {
        Objects.requireNonNull(input, "input");
        Reader reader = new Reader(input, maxItems);
        Item item = reader.item(0, input.length);
        if (reader.position != input.length) {
            throw new MalformedRlpException((input.length - reader.position) + " bytes after the RLP item");
        }
        return item;
    }

    /**
     * Decodes the one item at the start of {@code input} and says where it ends: for formats that put
     * data after the RLP (EIP-8 padding, frame headers).
     */
    public static Decoded decodePrefix(byte[] input, int maxItems) throws MalformedRlpException {
        Reader reader = new Reader(input, maxItems);
        Item item = reader.item(0, input.length);
        return new Decoded(item, reader.position);
    }

    /** An item and the bytes it took. */
    public record Decoded(Item item, int length) {
    }

    private static final class Reader {
        private final byte[] in;
        private final int maxItems;
        private int position;
        private int items;

        Reader(byte[] in, int maxItems) {
            this.in = in;
            this.maxItems = maxItems;
        }

        Item item(int depth, int end) throws MalformedRlpException {
            if (depth > MAX_DEPTH) {
                throw new MalformedRlpException("nested deeper than " + MAX_DEPTH);
            }
            if (++items > maxItems) {
                throw new MalformedRlpException("more than " + maxItems + " RLP items");
            }
            if (position >= end) {
                throw new MalformedRlpException("truncated: an item expected at byte " + position);
            }
            int prefix = in[position++] & 0xff;
            if (prefix < 0x80) {
                return new Bytes(new byte[] {(byte) prefix});
            }
            if (prefix < 0xc0) {
                int length = length(prefix, 0x80, end);
                if (length == 1 && (in[position] & 0xff) < 0x80) {
                    throw new MalformedRlpException("non-canonical: single byte " + (in[position] & 0xff)
                            + " encoded as a string at byte " + (position - 1));
                }
                byte[] value = Arrays.copyOfRange(in, position, position + length);
                position += length;
                return new Bytes(value);
            }
            int length = length(prefix, 0xc0, end);
            int listEnd = position + length;
            List<Item> children = new ArrayList<>();
            while (position < listEnd) {
                children.add(item(depth + 1, listEnd));
            }
            return new Items(children);
        }

        /** The payload length after a prefix, checked against what is left before {@code end}. */
        private int length(int prefix, int base, int end) throws MalformedRlpException {
            int shortForm = prefix - base;
            long length;
            if (shortForm <= 55) {
                length = shortForm;
            } else {
                int lengthBytes = shortForm - 55;
                if (lengthBytes > 4 || position + lengthBytes > end) {
                    throw new MalformedRlpException("truncated or oversized length at byte " + (position - 1));
                }
                if (in[position] == 0) {
                    throw new MalformedRlpException("non-canonical: length with a leading zero at byte " + position);
                }
                length = 0;
                for (int i = 0; i < lengthBytes; i++) {
                    length = (length << 8) | (in[position++] & 0xff);
                }
                if (length < 56) {
                    throw new MalformedRlpException("non-canonical: long form for a length of " + length);
                }
            }
            if (length > end - position) {
                throw new MalformedRlpException("item declares " + length + " bytes, " + (end - position) + " left");
            }
            return (int) length;
        }
    }
}
