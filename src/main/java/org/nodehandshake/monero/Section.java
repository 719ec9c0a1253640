package org.nodehandshake.monero;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An immutable, ordered map of field name to value: one epee portable storage section.
 *
 * <p>Names are byte strings of 1-255 bytes on the wire; here each byte is one char (ISO-8859-1), so any
 * name a peer sends survives a read and write unchanged. Every real field name is ASCII.
 *
 * <p>Order is kept for writing, but equality ignores it: monerod keeps fields in a std::map and so
 * itself writes them sorted, whatever order they arrived in.
 */
public final class Section {

    public static final Section EMPTY = new Section(new LinkedHashMap<>());

    public static final int MAX_NAME_BYTES = 255;

    private final Map<String, StorageValue> fields;

    private Section(LinkedHashMap<String, StorageValue> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<StorageValue> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public Optional<Section> section(String name) {
        return fields.get(name) instanceof StorageValue.Obj o ? Optional.of(o.section()) : Optional.empty();
    }

    /** The bytes of a string field (a copy). */
    public Optional<byte[]> bytes(String name) {
        return fields.get(name) instanceof StorageValue.Str s ? Optional.of(s.bytes()) : Optional.empty();
    }

    /** Any integer type's value; for UINT64 the raw 64 bits. */
    public OptionalLong integer(String name) {
        return fields.get(name) instanceof StorageValue.Int i ? OptionalLong.of(i.value()) : OptionalLong.empty();
    }

    public Optional<List<StorageValue>> array(String name) {
        return fields.get(name) instanceof StorageValue.Arr a ? Optional.of(a.elements()) : Optional.empty();
    }

    public Optional<Boolean> bool(String name) {
        return fields.get(name) instanceof StorageValue.Bool b ? Optional.of(b.value()) : Optional.empty();
    }

    /** The names in order. */
    public Set<String> names() {
        return fields.keySet();
    }

    /** All fields in order (unmodifiable). */
    public Map<String, StorageValue> asMap() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Section other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** The wire bytes of a name, or an IllegalArgumentException saying why it cannot be one. */
    static byte[] nameBytes(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a field name needs 1-" + MAX_NAME_BYTES + " bytes");
        }
        if (name.length() > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("field name of " + name.length() + " bytes over " + MAX_NAME_BYTES);
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0xff) {
                throw new IllegalArgumentException("field name '" + name + "' has a char outside one byte (ISO-8859-1)");
            }
        }
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Collects fields in order; duplicate or unencodable names are an IllegalArgumentException. */
    public static final class Builder {
        private final LinkedHashMap<String, StorageValue> fields = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String name, StorageValue value) {
            nameBytes(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for '" + name + "'");
            }
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("duplicate field '" + name + "'");
            }
            fields.put(name, value);
            return this;
        }

        boolean has(String name) {
            return fields.containsKey(name);
        }

        public Builder putUint64(String name, long rawBits) {
            return put(name, new StorageValue.Int(StorageValue.IntType.UINT64, rawBits));
        }

        public Builder putUint32(String name, long value) {
            return put(name, new StorageValue.Int(StorageValue.IntType.UINT32, value));
        }

        public Builder putUint16(String name, int value) {
            return put(name, new StorageValue.Int(StorageValue.IntType.UINT16, value));
        }

        public Builder putUint8(String name, int value) {
            return put(name, new StorageValue.Int(StorageValue.IntType.UINT8, value));
        }

        public Builder putInt64(String name, long value) {
            return put(name, new StorageValue.Int(StorageValue.IntType.INT64, value));
        }

        public Builder putInt32(String name, int value) {
            return put(name, new StorageValue.Int(StorageValue.IntType.INT32, value));
        }

        public Builder putInt16(String name, int value) {
            return put(name, new StorageValue.Int(StorageValue.IntType.INT16, value));
        }

        public Builder putInt8(String name, int value) {
            return put(name, new StorageValue.Int(StorageValue.IntType.INT8, value));
        }

        public Builder putDouble(String name, double value) {
            return put(name, new StorageValue.Real(value));
        }

        public Builder putString(String name, byte[] bytes) {
            return put(name, new StorageValue.Str(bytes));
        }

        public Builder putBool(String name, boolean value) {
            return put(name, new StorageValue.Bool(value));
        }

        public Builder putSection(String name, Section section) {
            return put(name, new StorageValue.Obj(section));
        }

        public Builder putArray(String name, int elementType, List<? extends StorageValue> elements) {
            return put(name, new StorageValue.Arr(elementType, List.copyOf(elements)));
        }

        public Builder putArray(String name, StorageValue.Arr array) {
            return put(name, array);
        }

        public Section build() {
            return fields.isEmpty() ? EMPTY : new Section(new LinkedHashMap<>(fields));
        }
    }
}
