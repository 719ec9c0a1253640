package org.nodehandshake.monero;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * epee's "portable storage" binary format, the body of every Levin message
 * (contrib/epee/include/storages/portable_storage_{from,to}_bin.h).
 *
 * <p>Layout: a 9-byte header (u32 0x01011101, u32 0x01020101, version 1, little-endian), then the root
 * section. A section is a varint field count and, per field, a name (u8 length 1-255, bytes), a type
 * byte and the value. Arrays are {@code 0x80 | element type}, a varint count, and the elements without
 * type bytes. A varint's low two bits give its width (1, 2, 4 or 8 bytes, little-endian); the value is
 * the rest, shifted down by two.
 */
public final class PortableStorage {

    public static final int SIGNATURE_A = 0x01011101;
    public static final int SIGNATURE_B = 0x01020101;
    public static final int FORMAT_VERSION = 1;
    public static final int HEADER_BYTES = 9;

    private PortableStorage() {
    }

    /**
     * Reads the whole readable region of {@code body} as one blob: header, root section, nothing after.
     * On success the region is consumed; on failure the reader index is left where it was.
     */
    public static Section read(ByteBuf body, StorageLimits limits) throws MalformedStorageException {
        ByteBuf in = body.duplicate();
        Section root = new Reader(in, limits).readBlob();
        body.skipBytes(body.readableBytes());
        return root;
    }

    public static Section read(byte[] body, StorageLimits limits) throws MalformedStorageException {
        return read(Unpooled.wrappedBuffer(body), limits);
    }

    /**
     * Writes the header and {@code root}. Refuses (IllegalArgumentException, before writing anything) a
     * section that {@link StorageLimits#MONEROD} would not read back, so whatever this writes, monerod's
     * limits and ours accept.
     */
    public static void write(Section root, ByteBuf out) {
        new Census(StorageLimits.MONEROD).section(root, 1, null);
        out.writeIntLE(SIGNATURE_A);
        out.writeIntLE(SIGNATURE_B);
        out.writeByte(FORMAT_VERSION);
        writeSection(root, out);
    }

    public static byte[] toBytes(Section root) {
        ByteBuf buf = Unpooled.buffer();
        try {
            write(root, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** Field path for messages, built only when one is needed. */
    private record Path(Path parent, String name, int index) {
        static Path field(Path parent, String name) {
            return new Path(parent, name, -1);
        }

        static Path element(Path parent, int index) {
            return new Path(parent, null, index);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            append(sb);
            return printable(sb.toString());
        }

        private void append(StringBuilder sb) {
            if (parent != null) {
                parent.append(sb);
            }
            if (name != null) {
                if (parent != null) {
                    sb.append('.');
                }
                sb.append(name);
            } else {
                sb.append('[').append(index).append(']');
            }
        }
    }

    /** Names come from the peer: escape anything but printable ASCII before it reaches a log. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        return sb.toString();
    }

    private static String where(Path path) {
        return path == null ? "in the root section" : "at '" + path + "'";
    }

    private static final class Reader {
        private final ByteBuf in;
        private final int start;
        private final StorageLimits limits;
        private long objects;
        private long fields;
        private long strings;

        Reader(ByteBuf in, StorageLimits limits) {
            this.in = in;
            this.start = in.readerIndex();
            this.limits = limits;
        }

        Section readBlob() throws MalformedStorageException {
            if (in.readableBytes() < HEADER_BYTES) {
                throw fail("truncated header: " + in.readableBytes() + " of " + HEADER_BYTES + " bytes");
            }
            int a = in.readIntLE();
            if (a != SIGNATURE_A) {
                throw new MalformedStorageException(String.format("bad signature A 0x%08x, expected 0x%08x", a, SIGNATURE_A));
            }
            int b = in.readIntLE();
            if (b != SIGNATURE_B) {
                throw new MalformedStorageException(String.format("bad signature B 0x%08x, expected 0x%08x", b, SIGNATURE_B));
            }
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new MalformedStorageException("bad format version " + version + ", expected " + FORMAT_VERSION);
            }
            Section root = readSection(1, null);
            if (in.isReadable()) {
                // monerod ignores what follows the root; a well-formed body has nothing there.
                throw fail(in.readableBytes() + " trailing bytes after the root section");
            }
            return root;
        }

        private MalformedStorageException fail(String message) {
            return new MalformedStorageException(message + " (offset " + (in.readerIndex() - start) + ")");
        }

        private void need(int bytes, String what, Path path) throws MalformedStorageException {
            if (in.readableBytes() < bytes) {
                throw fail("truncated " + what + " " + where(path) + ": needs " + bytes + " bytes, "
                        + in.readableBytes() + " left");
            }
        }

        /** An unsigned value of up to 62 bits; callers bound it before using it as a size. */
        private long varint(String what, Path path) throws MalformedStorageException {
            need(1, what, path);
            int width = 1 << (in.getUnsignedByte(in.readerIndex()) & 0x03);
            need(width, what, path);
            long raw = switch (width) {
                case 1 -> in.readUnsignedByte();
                case 2 -> in.readUnsignedShortLE();
                case 4 -> in.readUnsignedIntLE();
                default -> in.readLongLE();
            };
            return raw >>> 2;
        }

        private Section readSection(int depth, Path path) throws MalformedStorageException {
            if (depth > limits.maxDepth()) {
                throw fail("sections nested deeper than the " + limits.maxDepth() + " limit " + where(path));
            }
            long count = varint("field count", path);
            if (count > limits.maxFields() - fields) {
                throw fail(count + " fields over the " + limits.maxFields() + " field limit (" + fields
                        + " read before) " + where(path));
            }
            fields += count;
            // Nothing is sized by the count: a count the bytes cannot back ends in "truncated" below.
            Section.Builder builder = Section.builder();
            for (long i = 0; i < count; i++) {
                String name = readName(path);
                Path here = Path.field(path, name);
                if (builder.has(name)) {
                    throw fail("duplicate field '" + here + "'");
                }
                builder.put(name, readValue(depth, here));
            }
            return builder.build();
        }

        private String readName(Path section) throws MalformedStorageException {
            need(1, "field name length", section);
            int length = in.readUnsignedByte();
            if (length == 0) {
                throw fail("zero-length field name " + where(section));
            }
            need(length, "field name", section);
            return in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString();
        }

        private StorageValue readValue(int depth, Path path) throws MalformedStorageException {
            need(1, "type", path);
            int type = in.readUnsignedByte();
            if ((type & StorageValue.ARRAY_FLAG) != 0) {
                return readArray(type & ~StorageValue.ARRAY_FLAG, depth, path);
            }
            return switch (type) {
                case StorageValue.TYPE_STRING -> {
                    countString(1, path);
                    yield readString(path);
                }
                case StorageValue.TYPE_OBJECT -> {
                    if (objects >= limits.maxObjects()) {
                        throw fail("object over the " + limits.maxObjects() + " object limit " + where(path));
                    }
                    objects++;
                    yield new StorageValue.Obj(readSection(depth + 1, path));
                }
                case StorageValue.TYPE_ARRAY -> {
                    // monerod's reader also takes an array as type 13 followed by its 0x80|type byte.
                    need(1, "array type after type 13", path);
                    int inner = in.readUnsignedByte();
                    if ((inner & StorageValue.ARRAY_FLAG) == 0) {
                        throw fail(String.format("type 13 followed by 0x%02x, not an array type, %s", inner, where(path)));
                    }
                    yield readArray(inner & ~StorageValue.ARRAY_FLAG, depth, path);
                }
                default -> {
                    if (type < 1 || type > StorageValue.TYPE_BOOL) {
                        throw fail("unknown type code " + type + " " + where(path));
                    }
                    yield readScalar(type, path);
                }
            };
        }

        /** Integers, double and bool: fixed width. */
        private StorageValue readScalar(int type, Path path) throws MalformedStorageException {
            if (type == StorageValue.TYPE_DOUBLE) {
                need(8, "double", path);
                return new StorageValue.Real(in.readDoubleLE());
            }
            if (type == StorageValue.TYPE_BOOL) {
                need(1, "bool", path);
                int b = in.readUnsignedByte();
                if (b > 1) {
                    // monerod 0.18 rejects these too ("Invalid bool value", portable_storage_from_bin.h).
                    throw fail("bool byte " + b + " is not 0 or 1 " + where(path));
                }
                return new StorageValue.Bool(b == 1);
            }
            StorageValue.IntType t = StorageValue.IntType.values()[type - 1];
            need(t.width(), t.name().toLowerCase(), path);
            long v = switch (t) {
                case INT8 -> in.readByte();
                case UINT8 -> in.readUnsignedByte();
                case INT16 -> in.readShortLE();
                case UINT16 -> in.readUnsignedShortLE();
                case INT32 -> in.readIntLE();
                case UINT32 -> in.readUnsignedIntLE();
                case INT64, UINT64 -> in.readLongLE();
            };
            return new StorageValue.Int(t, v);
        }

        private void countString(long n, Path path) throws MalformedStorageException {
            if (n > limits.maxTotalStrings() - strings) {
                throw fail((strings + n) + " strings over the " + limits.maxTotalStrings() + " string limit "
                        + where(path));
            }
            strings += n;
        }

        private StorageValue.Str readString(Path path) throws MalformedStorageException {
            long length = varint("string length", path);
            if (length > limits.maxStringBytes()) {
                throw fail("string of " + length + " bytes over the " + limits.maxStringBytes() + " limit "
                        + where(path));
            }
            need((int) length, "string of " + length + " bytes", path);
            byte[] bytes = new byte[(int) length];
            in.readBytes(bytes);
            return new StorageValue.Str(bytes);
        }

        private static int minElementBytes(int type) {
            return switch (type) {
                case StorageValue.TYPE_DOUBLE -> 8;
                case StorageValue.TYPE_STRING, StorageValue.TYPE_OBJECT, StorageValue.TYPE_BOOL -> 1;
                default -> StorageValue.IntType.values()[type - 1].width();
            };
        }

        private StorageValue readArray(int elementType, int depth, Path path) throws MalformedStorageException {
            if (elementType == StorageValue.TYPE_ARRAY) {
                // monerod's read(array_entry&) throws "Reading array entry is not supported".
                throw fail("array of arrays (type 0x8d) " + where(path) + ": monerod cannot read these");
            }
            if (elementType < 1 || elementType > StorageValue.TYPE_OBJECT) {
                throw fail(String.format("unknown array element type code 0x%02x %s",
                        StorageValue.ARRAY_FLAG | elementType, where(path)));
            }
            long count = varint("array count", path);
            if (count > limits.maxArrayElements()) {
                throw fail("array of " + count + " elements over the " + limits.maxArrayElements() + " limit "
                        + where(path));
            }
            int min = minElementBytes(elementType);
            // Before allocating: every element takes at least `min` bytes of what is left.
            if (count > in.readableBytes() / min) {
                throw fail("array of " + count + " elements " + where(path) + " larger than " + in.readableBytes()
                        + " remaining bytes can hold (at least " + min + " each)");
            }
            if (elementType == StorageValue.TYPE_OBJECT) {
                if (count > limits.maxObjects() - objects) {
                    throw fail((objects + count) + " objects over the " + limits.maxObjects() + " object limit "
                            + where(path));
                }
                objects += count;
            } else if (elementType == StorageValue.TYPE_STRING) {
                countString(count, path);
            }
            List<StorageValue> elements = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                Path here = Path.element(path, i);
                elements.add(switch (elementType) {
                    case StorageValue.TYPE_STRING -> readString(here);
                    case StorageValue.TYPE_OBJECT -> new StorageValue.Obj(readSection(depth + 1, here));
                    default -> readScalar(elementType, here);
                });
            }
            return new StorageValue.Arr(elementType, elements);
        }
    }

    /** Counts a section as the reader would, failing where StorageLimits would. */
    private static final class Census {
        private final StorageLimits limits;
        private long objects;
        private long fields;
        private long strings;

        Census(StorageLimits limits) {
            this.limits = limits;
        }

        void section(Section s, int depth, Path path) {
            if (depth > limits.maxDepth()) {
                throw refuse("sections nested deeper than the " + limits.maxDepth() + " limit " + where(path));
            }
            fields += s.size();
            if (fields > limits.maxFields()) {
                throw refuse(fields + " fields over the " + limits.maxFields() + " limit");
            }
            for (Map.Entry<String, StorageValue> e : s.asMap().entrySet()) {
                value(e.getValue(), depth, Path.field(path, e.getKey()));
            }
        }

        private void value(StorageValue v, int depth, Path path) {
            if (v instanceof StorageValue.Str str) {
                string(str, path);
            } else if (v instanceof StorageValue.Obj obj) {
                object(1);
                section(obj.section(), depth + 1, path);
            } else if (v instanceof StorageValue.Arr arr) {
                if (arr.elements().size() > limits.maxArrayElements()) {
                    throw refuse("array of " + arr.elements().size() + " elements over the "
                            + limits.maxArrayElements() + " limit " + where(path));
                }
                if (arr.elementType() == StorageValue.TYPE_OBJECT) {
                    object(arr.elements().size());
                }
                int i = 0;
                for (StorageValue e : arr.elements()) {
                    Path here = Path.element(path, i++);
                    if (e instanceof StorageValue.Obj obj) {
                        section(obj.section(), depth + 1, here);
                    } else if (e instanceof StorageValue.Str str) {
                        string(str, here);
                    }
                }
            }
        }

        private void object(int n) {
            objects += n;
            if (objects > limits.maxObjects()) {
                throw refuse(objects + " objects over the " + limits.maxObjects() + " limit");
            }
        }

        private void string(StorageValue.Str s, Path path) {
            if (++strings > limits.maxTotalStrings()) {
                throw refuse(strings + " strings over the " + limits.maxTotalStrings() + " limit");
            }
            if (s.length() > limits.maxStringBytes()) {
                throw refuse("string of " + s.length() + " bytes over the " + limits.maxStringBytes() + " limit "
                        + where(path));
            }
        }

        private static IllegalArgumentException refuse(String why) {
            return new IllegalArgumentException("monerod could not read this section: " + why);
        }
    }

    private static void writeSection(Section s, ByteBuf out) {
        writeVarint(s.size(), out);
        for (Map.Entry<String, StorageValue> e : s.asMap().entrySet()) {
            byte[] name = Section.nameBytes(e.getKey());
            out.writeByte(name.length);
            out.writeBytes(name);
            StorageValue v = e.getValue();
            out.writeByte(v.typeCode());
            if (v instanceof StorageValue.Arr arr) {
                writeVarint(arr.elements().size(), out);
                for (StorageValue element : arr.elements()) {
                    writeBare(element, out);
                }
            } else {
                writeBare(v, out);
            }
        }
    }

    /** A value without its type byte, as in an array or after the type byte of a field. */
    private static void writeBare(StorageValue v, ByteBuf out) {
        if (v instanceof StorageValue.Int i) {
            switch (i.type().width()) {
                case 1 -> out.writeByte((int) i.value());
                case 2 -> out.writeShortLE((int) i.value());
                case 4 -> out.writeIntLE((int) i.value());
                default -> out.writeLongLE(i.value());
            }
        } else if (v instanceof StorageValue.Real r) {
            out.writeDoubleLE(r.value());
        } else if (v instanceof StorageValue.Str s) {
            writeVarint(s.length(), out);
            out.writeBytes(s.bytes());
        } else if (v instanceof StorageValue.Bool b) {
            out.writeByte(b.value() ? 1 : 0);
        } else if (v instanceof StorageValue.Obj o) {
            writeSection(o.section(), out);
        } else {
            throw new IllegalStateException("arrays of arrays are not representable");
        }
    }

    /** The smallest of the four widths that holds {@code value} (as monerod's pack_varint chooses). */
    static void writeVarint(long value, ByteBuf out) {
        if (value < 0 || value > 0x3FFF_FFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("varint out of range: " + value);
        }
        if (value <= 63) {
            out.writeByte((int) (value << 2));
        } else if (value <= 16_383) {
            out.writeShortLE((int) ((value << 2) | 1));
        } else if (value <= 0x3FFF_FFFFL) {
            out.writeIntLE((int) ((value << 2) | 2));
        } else {
            out.writeLongLE((value << 2) | 3);
        }
    }
}
