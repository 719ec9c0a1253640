package org.nodehandshake.monero;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Typed reads of a message's fields. Like monerod's own deserializer, an integer field may arrive
 * in any integer type as long as its value fits; unlike it, a field we need is never silently zero.
 */
final class Fields {

    private Fields() {
    }

    static Section section(Section in, String name, String path) throws MalformedStorageException {
        if (in.get(name).isPresent() && in.section(name).isEmpty()) {
            throw new MalformedStorageException("'" + path + name + "' is not an object");
        }
        return in.section(name).orElseThrow(() -> missing(path + name, "object"));
    }

    /** An unsigned integer of at most {@code bits} bits; missing is an error. */
    static long unsigned(Section in, String name, int bits, String path) throws MalformedStorageException {
        return optionalUnsigned(in, name, bits, path)
                .orElseThrow(() -> missing(path + name, "integer"));
    }

    /** An unsigned integer of at most {@code bits} bits, or empty when absent. */
    static OptionalLong optionalUnsigned(Section in, String name, int bits, String path)
            throws MalformedStorageException {
        Optional<StorageValue> value = in.get(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!(value.get() instanceof StorageValue.Int number)) {
            throw new MalformedStorageException("'" + path + name + "' is not an integer");
        }
        long raw = number.value();
        boolean unsigned64 = number.type() == StorageValue.IntType.UINT64;
        if (!unsigned64 && raw < 0) {
            throw new MalformedStorageException("'" + path + name + "' is negative: " + raw);
        }
        if (bits < 64 && (unsigned64 ? Long.compareUnsigned(raw, 1L << bits) >= 0 : raw >= (1L << bits))) {
            throw new MalformedStorageException("'" + path + name + "' does not fit " + bits + " bits: "
                    + Long.toUnsignedString(raw));
        }
        return OptionalLong.of(raw);
    }

    /** A blob of exactly {@code length} bytes (a POD serialized as a string). */
    static byte[] blob(Section in, String name, int length, String path) throws MalformedStorageException {
        if (in.get(name).isPresent() && in.bytes(name).isEmpty()) {
            throw new MalformedStorageException("'" + path + name + "' is not a string");
        }
        byte[] bytes = in.bytes(name).orElseThrow(() -> missing(path + name, length + "-byte string"));
        if (bytes.length != length) {
            throw new MalformedStorageException("'" + path + name + "' has " + bytes.length + " bytes (expected: "
                    + length + ")");
        }
        return bytes;
    }

    private static MalformedStorageException missing(String field, String type) {
        return new MalformedStorageException("missing field '" + field + "' (" + type + ")");
    }
}
