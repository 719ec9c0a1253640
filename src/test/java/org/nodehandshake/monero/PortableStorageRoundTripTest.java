package org.nodehandshake.monero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nodehandshake.monero.StorageValue.Arr;
import org.nodehandshake.monero.StorageValue.Bool;
import org.nodehandshake.monero.StorageValue.Int;
import org.nodehandshake.monero.StorageValue.IntType;
import org.nodehandshake.monero.StorageValue.Obj;
import org.nodehandshake.monero.StorageValue.Real;
import org.nodehandshake.monero.StorageValue.Str;

/** Write then read gives back the same section, for every type and edge value; the writer's refusals. */
class PortableStorageRoundTripTest {

    private static long min(IntType t) {
        return switch (t) {
            case INT64 -> Long.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT8 -> Byte.MIN_VALUE;
            case UINT64 -> Long.MIN_VALUE; // raw bits 2^63
            default -> 0;
        };
    }

    private static long max(IntType t) {
        return switch (t) {
            case INT64 -> Long.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT8 -> Byte.MAX_VALUE;
            case UINT64 -> -1; // raw bits 2^64 - 1
            case UINT32 -> 0xffff_ffffL;
            case UINT16 -> 0xffff;
            case UINT8 -> 0xff;
        };
    }

    /** A section with every type as a field and as an array, empty arrays and nesting included. */
    static Section everything() {
        Section.Builder b = Section.builder();
        for (IntType t : IntType.values()) {
            String n = t.name().toLowerCase();
            b.put(n + "_min", new Int(t, min(t)));
            b.put(n + "_max", new Int(t, max(t)));
            b.put(n + "_zero", new Int(t, 0));
            b.putArray(n + "_array", t.code(), List.of(new Int(t, min(t)), new Int(t, max(t)), new Int(t, 0)));
        }
        List<StorageValue> reals = List.of(new Real(0.0), new Real(-0.0), new Real(Double.NaN),
                new Real(Double.POSITIVE_INFINITY), new Real(Double.MIN_VALUE), new Real(-1e300));
        for (int i = 0; i < reals.size(); i++) {
            b.put("real" + i, reals.get(i));
        }
        b.putArray("reals", StorageValue.TYPE_DOUBLE, reals);
        b.putString("empty", new byte[0]);
        b.putString("binary", new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80, '\n'});
        b.putArray("strings", StorageValue.TYPE_STRING, List.of(new Str(new byte[0]), new Str(new byte[] {1, 2, 3})));
        b.putBool("yes", true).putBool("no", false);
        b.putArray("bools", StorageValue.TYPE_BOOL, List.of(new Bool(true), new Bool(false)));
        Section inner = Section.builder().putUint8("x", 1).putSection("deeper", Section.builder()
                .putString("leaf", new byte[] {9}).build()).build();
        b.putSection("inner", inner);
        b.putSection("nothing", Section.EMPTY);
        b.putArray("objects", StorageValue.TYPE_OBJECT, List.of(new Obj(inner), new Obj(Section.EMPTY)));
        for (int type = 1; type <= StorageValue.TYPE_OBJECT; type++) {
            b.putArray("empty_array_" + type, type, List.of());
        }
        b.put("\u00ff" + "x".repeat(Section.MAX_NAME_BYTES - 1), new Int(IntType.UINT8, 1)); // longest name
        return b.build();
    }

    @Test
    void everyTypeRoundTrips() throws Exception {
        Section s = everything();
        byte[] bytes = PortableStorage.toBytes(s);
        Section back = PortableStorage.read(bytes, StorageLimits.HANDSHAKE);
        assertEquals(s, back);
        assertEquals(List.copyOf(s.names()), List.copyOf(back.names()), "order is kept");
        assertArrayEquals(bytes, PortableStorage.toBytes(back), "writing is stable");
    }

    @ParameterizedTest
    @EnumSource(IntType.class)
    void integerRangesAreChecked(IntType t) {
        if (t.width() < 8) {
            assertThrows(IllegalArgumentException.class, () -> new Int(t, max(t) + 1));
            assertThrows(IllegalArgumentException.class, () -> new Int(t, min(t) - 1));
        }
        assertEquals(t, IntType.ofCode(t.code()).orElseThrow());
    }

    @Test
    void accessorsAnswerOnlyForTheirType() {
        Section s = everything();
        assertEquals(-1, s.integer("uint64_max").orElseThrow());
        assertTrue(s.integer("empty").isEmpty());
        assertTrue(s.bytes("uint8_max").isEmpty());
        assertTrue(s.section("empty").isEmpty());
        assertTrue(s.array("inner").isEmpty());
        assertTrue(s.bool("missing").isEmpty());
        assertTrue(s.get("missing").isEmpty());
        assertEquals(true, s.bool("yes").orElseThrow());
        assertEquals(2, s.array("objects").orElseThrow().size());
        assertEquals(1, s.section("inner").orElseThrow().integer("x").orElseThrow());
    }

    @Test
    void stringsAreCopiedInAndOut() {
        byte[] bytes = {1, 2};
        Str str = new Str(bytes);
        bytes[0] = 9;
        assertEquals(1, str.bytes()[0]);
        str.bytes()[1] = 9;
        assertEquals(2, str.bytes()[1]);
        assertEquals(new Str(new byte[] {1, 2}), str);
        assertEquals(new Str(new byte[] {1, 2}).hashCode(), str.hashCode());
    }

    @Test
    void equalityIgnoresFieldOrder() {
        Section ab = Section.builder().putUint8("a", 1).putUint8("b", 2).build();
        Section ba = Section.builder().putUint8("b", 2).putUint8("a", 1).build();
        assertEquals(ab, ba);
        assertEquals(ab.hashCode(), ba.hashCode());
    }

    @Test
    void builderRefusesBadNamesAndDuplicates() {
        assertThrows(IllegalArgumentException.class, () -> Section.builder().putUint8("", 1));
        assertThrows(IllegalArgumentException.class, () -> Section.builder().putUint8("x".repeat(256), 1));
        assertThrows(IllegalArgumentException.class, () -> Section.builder().putUint8("\u0100", 1));
        assertThrows(IllegalArgumentException.class, () -> Section.builder().putUint8("a", 1).putUint8("a", 2));
    }

    @Test
    void arraysHoldOneElementTypeAndNoArrays() {
        assertThrows(IllegalArgumentException.class,
                () -> new Arr(IntType.UINT8.code(), List.of(new Int(IntType.UINT16, 1))));
        assertThrows(IllegalArgumentException.class, () -> new Arr(StorageValue.TYPE_ARRAY, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Arr(0, List.of()));
        List<StorageValue> mutable = new ArrayList<>(List.of(new Bool(true)));
        Arr arr = new Arr(StorageValue.TYPE_BOOL, mutable);
        mutable.clear();
        assertEquals(1, arr.elements().size());
    }

    @Test
    void writerRefusesWhatMonerodCouldNotRead() {
        Section deep = Section.EMPTY;
        for (int i = 1; i < StorageLimits.MONEROD.maxDepth(); i++) {
            deep = Section.builder().putSection("a", deep).build();
        }
        PortableStorage.toBytes(deep); // 18 deep: fine
        Section tooDeep = Section.builder().putSection("a", deep).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortableStorage.toBytes(tooDeep));
        assertTrue(e.getMessage().contains("nested deeper than the 18 limit"), e.getMessage());

        List<StorageValue> many = new ArrayList<>();
        for (int i = 0; i <= StorageLimits.MONEROD.maxTotalStrings(); i++) {
            many.add(new Str(new byte[0]));
        }
        Section strings = Section.builder().putArray("s", StorageValue.TYPE_STRING, many).build();
        e = assertThrows(IllegalArgumentException.class, () -> PortableStorage.toBytes(strings));
        assertTrue(e.getMessage().contains("16385 strings over the 16384 limit"), e.getMessage());
    }

    /** Whatever the writer accepts, the reader accepts under monerod's limits, and reads back equal. */
    @Test
    void writerOutputAtMonerodsLimitsReadsBack() throws Exception {
        Section.Builder b = Section.builder();
        List<StorageValue> objects = new ArrayList<>();
        for (int i = 0; i < StorageLimits.MONEROD.maxObjects(); i++) {
            objects.add(new Obj(Section.EMPTY));
        }
        b.putArray("o", StorageValue.TYPE_OBJECT, objects);
        Section s = b.build();
        assertEquals(s, PortableStorage.read(PortableStorage.toBytes(s), StorageLimits.MONEROD));
    }
}
