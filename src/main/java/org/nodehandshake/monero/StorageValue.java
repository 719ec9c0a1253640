package org.nodehandshake.monero;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One value in an epee portable storage section. The type codes are the wire's
 * (contrib/epee/include/storages/portable_storage_base.h).
 */
public sealed interface StorageValue permits StorageValue.Int, StorageValue.Real, StorageValue.Str,
        StorageValue.Bool, StorageValue.Obj, StorageValue.Arr {

    int TYPE_DOUBLE = 9;
    int TYPE_STRING = 10;
    int TYPE_BOOL = 11;
    int TYPE_OBJECT = 12;
    /** A type byte of 13 announces an array whose own type byte (with {@link #ARRAY_FLAG}) follows. */
    int TYPE_ARRAY = 13;
    int ARRAY_FLAG = 0x80;

    /** The wire type code of this value (for an array, the flag and its element type). */
    int typeCode();

    /** The eight integer types, each with its code, byte width and signedness. */
    enum IntType {
        INT64(1, 8, true), INT32(2, 4, true), INT16(3, 2, true), INT8(4, 1, true),
        UINT64(5, 8, false), UINT32(6, 4, false), UINT16(7, 2, false), UINT8(8, 1, false);

        private final int code;
        private final int width;
        private final boolean signed;

        IntType(int code, int width, boolean signed) {
            this.code = code;
            this.width = width;
            this.signed = signed;
        }

        public int code() {
            return code;
        }

        /** Bytes on the wire. */
        public int width() {
            return width;
        }

        public boolean signed() {
            return signed;
        }

        /** Whether {@code value} fits; UINT64 takes any long, read as the raw 64 bits. */
        public boolean fits(long value) {
            if (width == 8) {
                return true;
            }
            int bits = width * 8;
            return signed
                    ? value >= -(1L << (bits - 1)) && value < (1L << (bits - 1))
                    : value >= 0 && value < (1L << bits);
        }

        public static Optional<IntType> ofCode(int code) {
            return code >= 1 && code <= 8 ? Optional.of(values()[code - 1]) : Optional.empty();
        }
    }

    /** An integer of one of the eight wire types; UINT64 holds the raw 64 bits (use Long.toUnsignedString). */
    record Int(IntType type, long value) implements StorageValue {
        public Int {
            if (type == null) {
                throw new IllegalArgumentException("integer type is required");
            }
            if (!type.fits(value)) {
                throw new IllegalArgumentException(value + " does not fit " + type);
            }
        }

        @Override
        public int typeCode() {
            return type.code();
        }

        @Override
        public String toString() {
            return type.name().toLowerCase() + " "
                    + (type == IntType.UINT64 ? Long.toUnsignedString(value) : Long.toString(value));
        }
    }

    record Real(double value) implements StorageValue {
        @Override
        public int typeCode() {
            return TYPE_DOUBLE;
        }
    }

    /** Raw bytes: epee strings are byte strings, and POD blobs (ids, hashes) travel as strings. */
    record Str(byte[] bytes) implements StorageValue {
        public Str {
            if (bytes == null) {
                throw new IllegalArgumentException("string bytes are required");
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The length without copying. */
        public int length() {
            return bytes.length;
        }

        @Override
        public int typeCode() {
            return TYPE_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "str " + bytes.length + " bytes " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64))
                    + (bytes.length > 64 ? "..." : "");
        }
    }

    record Bool(boolean value) implements StorageValue {
        @Override
        public int typeCode() {
            return TYPE_BOOL;
        }
    }

    record Obj(Section section) implements StorageValue {
        public Obj {
            if (section == null) {
                throw new IllegalArgumentException("section is required");
            }
        }

        @Override
        public int typeCode() {
            return TYPE_OBJECT;
        }
    }

    /**
     * An array of one element type (1-12). Arrays of arrays are not representable: monerod cannot read
     * them (portable_storage_from_bin.h, read(array_entry&) throws), so nothing a peer accepts holds one.
     */
    record Arr(int elementType, List<StorageValue> elements) implements StorageValue {
        public Arr {
            if (elementType < IntType.INT64.code() || elementType > TYPE_OBJECT) {
                throw new IllegalArgumentException("array element type " + elementType + " is not 1-12");
            }
            if (elements == null) {
                throw new IllegalArgumentException("elements are required");
            }
            elements = List.copyOf(elements);
            for (StorageValue e : elements) {
                if (e.typeCode() != elementType) {
                    throw new IllegalArgumentException("element of type " + e.typeCode()
                            + " in an array of type " + elementType);
                }
            }
        }

        @Override
        public int typeCode() {
            return ARRAY_FLAG | elementType;
        }
    }
}
