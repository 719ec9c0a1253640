package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.nodehandshake.monero.MalformedStorageException;
import org.nodehandshake.monero.PortableStorage;
import org.nodehandshake.monero.Section;
import org.nodehandshake.monero.StorageLimits;
import org.nodehandshake.monero.StorageValue;

/**
 * {@link PortableStorage#read} on any body: a {@link Section} within the limits it was given, or a
 * {@link MalformedStorageException} with a reason, never anything else. An accepted section writes
 * back to bytes no longer than the input that read back equal, and writing is stable.
 *
 * <p>Raw bytes rarely get past the 9-byte header, so half the time the body is built from the format
 * (written from the format definition, not from the reader): a header, nested sections of fuzzer-chosen
 * fields, any type code, varints of any width, with counts and lengths that may lie.
 */
class PortableStorageFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final int MAX_BODY = 72 * 1024;

    @FuzzTest(maxDuration = "20s")
    void parse(FuzzedDataProvider data) throws Exception {
        StorageLimits limits = switch (data.consumeInt(0, 2)) {
            case 0 -> StorageLimits.HANDSHAKE;
            case 1 -> StorageLimits.MONEROD;
            default -> new StorageLimits(data.consumeInt(1, 18), data.consumeInt(0, 64), data.consumeInt(0, 64),
                    data.consumeInt(0, 300), data.consumeInt(0, 300), data.consumeInt(0, 64));
        };
        byte[] body = data.consumeBoolean() ? new Blob(data).build() : data.consumeRemainingAsBytes();
        Section section;
        try {
            section = PortableStorage.read(body, limits);
        } catch (MalformedStorageException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a rejection needs a reason");
            return;
        }
        Census census = new Census();
        census.section(section, 1);
        assertTrue(census.depth <= limits.maxDepth(), "depth " + census.depth);
        assertTrue(census.objects <= limits.maxObjects(), "objects " + census.objects);
        assertTrue(census.fields <= limits.maxFields(), "fields " + census.fields);
        assertTrue(census.strings <= limits.maxTotalStrings(), "strings " + census.strings);
        assertTrue(census.longestString <= limits.maxStringBytes(), "string of " + census.longestString);
        assertTrue(census.longestArray <= limits.maxArrayElements(), "array of " + census.longestArray);

        // Every limit above is at most monerod's, so the writer must take it.
        byte[] written = PortableStorage.toBytes(section);
        assertTrue(written.length <= body.length, "wrote " + written.length + " bytes for " + body.length);
        Section back = PortableStorage.read(written, limits);
        assertEquals(section, back, "write then read changed the section");
        assertArrayEquals(written, PortableStorage.toBytes(back), "writing is not stable");
    }

    /** Counts independently of the reader: what the limits promise. */
    private static final class Census {
        int depth;
        long objects;
        long fields;
        long strings;
        long longestString;
        long longestArray;

        void section(Section s, int level) {
            depth = Math.max(depth, level);
            fields += s.size();
            for (Map.Entry<String, StorageValue> e : s.asMap().entrySet()) {
                String name = e.getKey();
                assertTrue(!name.isEmpty() && name.length() <= 255, "name of " + name.length());
                value(e.getValue(), level);
            }
        }

        void value(StorageValue v, int level) {
            if (v instanceof StorageValue.Str s) {
                strings++;
                longestString = Math.max(longestString, s.length());
            } else if (v instanceof StorageValue.Obj o) {
                objects++;
                section(o.section(), level + 1);
            } else if (v instanceof StorageValue.Arr a) {
                longestArray = Math.max(longestArray, a.elements().size());
                for (StorageValue e : a.elements()) {
                    assertEquals(a.elementType(), e.typeCode(), "element type");
                    value(e, level);
                }
            }
        }
    }

    /** A body built from the format, each piece possibly wrong in one fuzzer-chosen way. */
    private static final class Blob {
        private final FuzzedDataProvider data;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Blob(FuzzedDataProvider data) {
            this.data = data;
        }

        byte[] build() {
            byte[] header = {0x01, 0x11, 0x01, 0x01, 0x01, 0x01, 0x02, 0x01, 0x01};
            if (data.consumeInt(0, 31) == 0) {
                header[data.consumeInt(0, 8)] ^= (byte) data.consumeInt(1, 255);
            }
            out.writeBytes(header);
            section(0);
            if (data.consumeInt(0, 15) == 0) {
                out.writeBytes(data.consumeBytes(data.consumeInt(1, 8))); // trailing bytes
            }
            byte[] body = out.toByteArray();
            if (data.consumeInt(0, 15) == 0) {
                body = java.util.Arrays.copyOf(body, data.consumeInt(0, body.length)); // cut anywhere
            }
            return body;
        }

        private boolean full() {
            return out.size() > MAX_BODY || data.remainingBytes() == 0;
        }

        private void section(int level) {
            int fields = level > 20 || full() ? 0 : data.consumeInt(0, 6);
            varint(fields);
            for (int i = 0; i < fields; i++) {
                name();
                value(level);
            }
        }

        private void name() {
            int kind = data.consumeInt(0, 7);
            byte[] name = switch (kind) {
                case 0 -> new byte[0]; // zero-length
                case 1 -> data.consumeBytes(data.consumeInt(1, 255)); // any bytes
                default -> new byte[] {(byte) ('a' + data.consumeInt(0, 3))}; // short, so duplicates happen
            };
            out.write(name.length);
            out.writeBytes(name);
        }

        private void value(int level) {
            int type = switch (data.consumeInt(0, 9)) {
                case 0 -> data.consumeInt(0, 255); // any type byte
                case 1 -> StorageValue.TYPE_OBJECT;
                case 2 -> StorageValue.ARRAY_FLAG | data.consumeInt(1, 13);
                case 3 -> StorageValue.TYPE_ARRAY;
                default -> data.consumeInt(1, 12);
            };
            out.write(type);
            if (type == StorageValue.TYPE_ARRAY) {
                type = data.consumeBoolean() ? StorageValue.ARRAY_FLAG | data.consumeInt(1, 12) : data.consumeInt(0, 255);
                out.write(type);
            }
            if ((type & StorageValue.ARRAY_FLAG) != 0) {
                int element = type & 0x7f;
                int count = full() ? 0 : data.consumeInt(0, 12);
                varint(lie(count));
                for (int i = 0; i < count; i++) {
                    bare(element, level);
                }
            } else {
                bare(type, level);
            }
        }

        /** A value without its type byte. */
        private void bare(int type, int level) {
            switch (type) {
                case StorageValue.TYPE_STRING -> {
                    byte[] bytes = data.consumeBytes(data.consumeInt(0, 80));
                    varint(lie(bytes.length));
                    out.writeBytes(bytes);
                }
                case StorageValue.TYPE_OBJECT -> section(level + 1);
                case StorageValue.TYPE_BOOL -> out.write(data.consumeInt(0, 15) == 0 ? data.consumeInt(0, 255) : data.consumeInt(0, 1));
                case StorageValue.TYPE_DOUBLE -> out.writeBytes(FuzzWire.longLE(data.consumeLong()));
                default -> {
                    int width = type >= 1 && type <= 8 ? new int[] {8, 4, 2, 1}[(type - 1) % 4] : data.consumeInt(0, 8);
                    out.writeBytes(java.util.Arrays.copyOf(FuzzWire.longLE(data.consumeLong()), width));
                }
            }
        }

        /** Usually the truth; sometimes a nearby or a huge value. */
        private long lie(long n) {
            return switch (data.consumeInt(0, 15)) {
                case 0 -> Math.max(0, n + data.consumeInt(-2, 2));
                case 1 -> data.consumeLong(0, (1L << 62) - 1);
                default -> n;
            };
        }

        /** {@code v} in the smallest width, or any wider one (monerod reads those too). */
        private void varint(long v) {
            int smallest = v <= 63 ? 0 : v <= 16_383 ? 1 : v <= 0x3FFF_FFFFL ? 2 : 3;
            int mark = data.consumeInt(0, 7) == 0 ? data.consumeInt(smallest, 3) : smallest;
            long raw = (v << 2) | mark;
            out.writeBytes(java.util.Arrays.copyOf(FuzzWire.longLE(raw), 1 << mark));
        }
    }
}
