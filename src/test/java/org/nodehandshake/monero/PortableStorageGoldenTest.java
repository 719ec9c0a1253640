package org.nodehandshake.monero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.monero.StorageBytes.HEADER;
import static org.nodehandshake.monero.StorageBytes.hex;
import static org.nodehandshake.monero.StorageBytes.toHex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nodehandshake.monero.StorageValue.Arr;
import org.nodehandshake.monero.StorageValue.Int;
import org.nodehandshake.monero.StorageValue.IntType;
import org.nodehandshake.monero.StorageValue.Obj;

/** Blobs worked out by hand from the format definition, written and read back. */
class PortableStorageGoldenTest {

    /** Writes {@code section}, expects {@code golden}, and reads {@code golden} back to {@code section}. */
    private static void assertGolden(byte[] golden, Section section) throws MalformedStorageException {
        assertEquals(toHex(golden), toHex(PortableStorage.toBytes(section)), "written bytes");
        assertEquals(section, PortableStorage.read(golden, StorageLimits.HANDSHAKE), "read back");
        assertEquals(section, PortableStorage.read(golden, StorageLimits.MONEROD), "read back (monerod limits)");
    }

    @Test
    void emptyRoot() throws Exception {
        assertGolden(hex(HEADER, "00"), Section.EMPTY); // 0 fields
    }

    @Test
    void oneUint32() throws Exception {
        byte[] golden = hex(HEADER,
                "04", // root: 1 field (varint 1 << 2, width mark 0)
                "04 706f7274", // name: 4 bytes "port"
                "06", // type UINT32
                "a0460000"); // 18080 little-endian
        assertGolden(golden, Section.builder().putUint32("port", 18080).build());
    }

    @Test
    void string() throws Exception {
        byte[] golden = hex(HEADER,
                "04", // 1 field
                "01 73", // name "s"
                "0a", // type STRING
                "08 6869"); // length 2 (2 << 2), "hi"
        assertGolden(golden, Section.builder().putString("s", new byte[] {'h', 'i'}).build());
    }

    @Test
    void nestedObject() throws Exception {
        byte[] golden = hex(HEADER,
                "04", // 1 field
                "01 6f", // name "o"
                "0c", // type OBJECT
                "04", // nested section: 1 field
                "01 62", // name "b"
                "0b", // type BOOL
                "01"); // true
        Section inner = Section.builder().putBool("b", true).build();
        assertGolden(golden, Section.builder().putSection("o", inner).build());
    }

    @Test
    void arrayOfUint64() throws Exception {
        byte[] golden = hex(HEADER,
                "04", // 1 field
                "01 6e", // name "n"
                "85", // 0x80 | UINT64
                "08", // 2 elements
                "0100000000000000", // 1
                "ffffffffffffffff"); // 2^64 - 1 (raw bits -1)
        assertGolden(golden, Section.builder().putArray("n", IntType.UINT64.code(),
                List.of(new Int(IntType.UINT64, 1), new Int(IntType.UINT64, -1))).build());
    }

    @Test
    void arrayOfObjects() throws Exception {
        byte[] golden = hex(HEADER,
                "04", // 1 field
                "01 70", // name "p"
                "8c", // 0x80 | OBJECT
                "08", // 2 elements
                "04 01 78 08 07", // {x: u8 7}: 1 field, name "x", UINT8, 7
                "00"); // {}: 0 fields
        Section first = Section.builder().putUint8("x", 7).build();
        assertGolden(golden, Section.builder().putArray("p", StorageValue.TYPE_OBJECT,
                List.of(new Obj(first), new Obj(Section.EMPTY))).build());
    }

    @Test
    void emptyArray() throws Exception {
        byte[] golden = hex(HEADER,
                "04", // 1 field
                "01 65", // name "e"
                "8a", // 0x80 | STRING
                "00"); // 0 elements
        assertGolden(golden, Section.builder().putArray("e", StorageValue.TYPE_STRING, List.of()).build());
    }

    @Test
    void everyScalarType() throws Exception {
        byte[] golden = hex(HEADER,
                "2c", // 11 fields (11 << 2)
                "01 61 01 feffffffffffffff", // a: INT64 -2
                "01 62 02 fdffffff", // b: INT32 -3
                "01 63 03 fcff", // c: INT16 -4
                "01 64 04 fb", // d: INT8 -5
                "01 65 05 0000000000000080", // e: UINT64 2^63
                "01 66 06 ffffffff", // f: UINT32 2^32 - 1
                "01 67 07 ffff", // g: UINT16 65535
                "01 68 08 ff", // h: UINT8 255
                "01 69 09 000000000000f83f", // i: DOUBLE 1.5
                "01 6a 0b 00", // j: BOOL false
                "01 6b 0c 00"); // k: OBJECT {}
        Section expected = Section.builder()
                .putInt64("a", -2).putInt32("b", -3).putInt16("c", -4).putInt8("d", -5)
                .putUint64("e", Long.MIN_VALUE).putUint32("f", 0xffff_ffffL).putUint16("g", 65535).putUint8("h", 255)
                .putDouble("i", 1.5).putBool("j", false).putSection("k", Section.EMPTY)
                .build();
        assertGolden(golden, expected);
    }

    /** The varint's width mark at each boundary, as monerod's pack_varint chooses it. */
    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "63, fc", // 63 << 2, mark 0: the largest one-byte value
        "64, 0101", // (64 << 2) | 1 = 0x0101
        "16383, fdff", // (16383 << 2) | 1 = 0xfffd
        "16384, 02000100", // (16384 << 2) | 2 = 0x00010002
        "1073741823, feffffff", // ((2^30 - 1) << 2) | 2 = 0xfffffffe
        "1073741824, 0300000001000000", // (2^30 << 2) | 3 = 0x100000003
        "4611686018427387903, ffffffffffffffff", // 2^62 - 1, the largest
    })
    void varintWidths(long value, String expected) {
        ByteBuf out = Unpooled.buffer();
        PortableStorage.writeVarint(value, out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        assertEquals(expected, toHex(bytes));
    }

    @Test
    void varintBeyondSixtyTwoBitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PortableStorage.writeVarint(1L << 62, Unpooled.buffer()));
        assertThrows(IllegalArgumentException.class, () -> PortableStorage.writeVarint(-1, Unpooled.buffer()));
    }

    /** String lengths across the one/two/four-byte varint boundaries, read and written. */
    @ParameterizedTest
    @CsvSource({"63, fc", "64, 0101", "16383, fdff", "16384, 02000100"})
    void stringLengthVarints(int length, String lengthHex) throws Exception {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        byte[] golden = hex(HEADER,
                "04", // 1 field
                "01 73", // name "s"
                "0a", // STRING
                lengthHex, // the length varint
                HexFormat.of().formatHex(payload));
        assertGolden(golden, Section.builder().putString("s", payload).build());
    }

    /** Reading takes any width for a value, the non-canonical ones included (monerod does too). */
    @Test
    void nonCanonicalVarintsAreRead() throws Exception {
        byte[] blob = hex(HEADER,
                "0700000000000000", // 1 field as an 8-byte varint: (1 << 2) | 3
                "01 73", // name "s"
                "0a", // STRING
                "0a000000", // length 2 as a 4-byte varint: (2 << 2) | 2
                "6869"); // "hi"
        Section read = PortableStorage.read(blob, StorageLimits.HANDSHAKE);
        assertArrayEquals(new byte[] {'h', 'i'}, read.bytes("s").orElseThrow());
        // ...and writes them back canonically.
        assertEquals(toHex(hex(HEADER, "04 0173 0a 08 6869")), toHex(PortableStorage.toBytes(read)));
    }

    /** monerod's reader also takes an array as type 13 (ARRAY) then its own 0x80 | type byte. */
    @Test
    void arrayAnnouncedByTypeThirteen() throws Exception {
        byte[] blob = hex(HEADER,
                "04", // 1 field
                "01 6e", // name "n"
                "0d", // type ARRAY
                "88", // 0x80 | UINT8
                "08 0102"); // 2 elements: 1, 2
        Section read = PortableStorage.read(blob, StorageLimits.HANDSHAKE);
        Section expected = Section.builder().putArray("n", IntType.UINT8.code(),
                List.of(new Int(IntType.UINT8, 1), new Int(IntType.UINT8, 2))).build();
        assertEquals(expected, read);
        assertEquals(toHex(hex(HEADER, "04 016e 88 08 0102")), toHex(PortableStorage.toBytes(read)));
    }

    /**
     * A COMMAND_HANDSHAKE request body (id 1001), as our initiator sends it. Wire types, from the
     * KV_SERIALIZE maps in the monero source (a uint64_t field is written UINT64, uint32_t UINT32,
     * uint8_t UINT8; a POD serialized with KV_SERIALIZE_VAL_POD_AS_BLOB is a STRING of its bytes):
     * <ul>
     *   <li>src/p2p/p2p_protocol_defs.h, basic_node_data: network_id is a uuid as blob (16-byte STRING),
     *       peer_id uint64_t (peerid_type), my_port uint32_t, support_flags uint32_t (optional);
     *   <li>src/cryptonote_protocol/cryptonote_protocol_defs.h, CORE_SYNC_DATA: current_height,
     *       cumulative_difficulty, cumulative_difficulty_top64 uint64_t; top_id a crypto::hash as blob
     *       (32-byte STRING); top_version uint8_t; pruning_seed uint32_t.
     * </ul>
     * monerod writes fields sorted by name (its sections are std::map); it reads them in any order.
     * Debian's monerod 0.18.0.0 (--regtest) accepted exactly these bytes and answered with return code 1.
     */
    @Test
    void handshakeRequest() throws Exception {
        byte[] networkId = HexFormat.of().parseHex("1230f171610441611731008216a1a110"); // mainnet
        byte[] genesis = HexFormat.of().parseHex("418015bb9ae982a1975da7d79277c2705727a56894ba0fb246adaabb1f4632e3");
        byte[] golden = hex(HEADER,
                "08", // root: 2 fields
                "09 6e6f64655f64617461", // "node_data"
                "0c", // OBJECT
                "10", //   4 fields
                "0a 6e6574776f726b5f6964", //   "network_id"
                "0a", //   STRING
                "40 1230f171610441611731008216a1a110", //   16 bytes (16 << 2 = 0x40): mainnet NETWORK_ID
                "07 6d795f706f7274", //   "my_port"
                "06 00000000", //   UINT32 0: we do not listen
                "07 706565725f6964", //   "peer_id"
                "05 efcdab8967452301", //   UINT64 0x0123456789abcdef
                "0d 737570706f72745f666c616773", //   "support_flags"
                "06 01000000", //   UINT32 1 (FLUFFY_BLOCKS)
                "0c 7061796c6f61645f64617461", // "payload_data"
                "0c", // OBJECT
                "18", //   6 fields
                "15 63756d756c61746976655f646966666963756c7479", //   "cumulative_difficulty" (21 bytes)
                "05 0100000000000000", //   UINT64 1
                "1b 63756d756c61746976655f646966666963756c74795f746f703634", //   "cumulative_difficulty_top64" (27)
                "05 0000000000000000", //   UINT64 0
                "0e 63757272656e745f686569676874", //   "current_height" (14)
                "05 0100000000000000", //   UINT64 1
                "06 746f705f6964", //   "top_id"
                "0a 80", //   STRING, 32 bytes (32 << 2 = 0x80, still one byte)
                "418015bb9ae982a1975da7d79277c2705727a56894ba0fb246adaabb1f4632e3", //   mainnet genesis hash
                "0b 746f705f76657273696f6e", //   "top_version"
                "08 01", //   UINT8 1
                "0c 7072756e696e675f73656564", //   "pruning_seed"
                "06 00000000"); //   UINT32 0: not pruned
        Section nodeData = Section.builder()
                .putString("network_id", networkId)
                .putUint32("my_port", 0)
                .putUint64("peer_id", 0x0123456789abcdefL)
                .putUint32("support_flags", 1)
                .build();
        Section payload = Section.builder()
                .putUint64("cumulative_difficulty", 1)
                .putUint64("cumulative_difficulty_top64", 0)
                .putUint64("current_height", 1)
                .putString("top_id", genesis)
                .putUint8("top_version", 1)
                .putUint32("pruning_seed", 0)
                .build();
        Section request = Section.builder().putSection("node_data", nodeData).putSection("payload_data", payload).build();
        assertGolden(golden, request);

        Section read = PortableStorage.read(golden, StorageLimits.HANDSHAKE);
        Section node = read.section("node_data").orElseThrow();
        assertArrayEquals(networkId, node.bytes("network_id").orElseThrow());
        assertEquals(0x0123456789abcdefL, node.integer("peer_id").orElseThrow());
        assertEquals(IntType.UINT32, ((Int) node.get("my_port").orElseThrow()).type());
        Section sync = read.section("payload_data").orElseThrow();
        assertArrayEquals(genesis, sync.bytes("top_id").orElseThrow());
        assertEquals(1, sync.integer("top_version").orElseThrow());
        assertEquals(List.of("node_data", "payload_data"), List.copyOf(read.names()));
    }

    /**
     * The COMMAND_HANDSHAKE response body Debian's monerod 0.18.0.0 (--regtest) sent for the request
     * above. Note what it shows: fields sorted by name, pruning_seed (0, an _OPT default) left out, and
     * local_peerlist_new absent altogether when the list is empty.
     */
    @Test
    void monerodHandshakeResponse() throws Exception {
        byte[] captured = hex(HEADER,
                "08", // root: 2 fields
                "09 6e6f64655f64617461 0c 10", // node_data: OBJECT of 4 fields
                "07 6d795f706f7274 06 57980000", //   my_port UINT32 38999
                "0a 6e6574776f726b5f6964 0a 40 1230f171610441611731008216a1a110", //   network_id (mainnet's)
                "07 706565725f6964 05 cc3980db6a247ff3", //   peer_id UINT64
                "0d 737570706f72745f666c616773 06 01000000", //   support_flags UINT32 1
                "0c 7061796c6f61645f64617461 0c 14", // payload_data: OBJECT of 5 fields
                "15 63756d756c61746976655f646966666963756c7479 05 0100000000000000", //   cumulative_difficulty 1
                "1b 63756d756c61746976655f646966666963756c74795f746f703634 05 0000000000000000", //   ..._top64 0
                "0e 63757272656e745f686569676874 05 0100000000000000", //   current_height 1
                "06 746f705f6964 0a 80", //   top_id: STRING of 32
                "418015bb9ae982a1975da7d79277c2705727a56894ba0fb246adaabb1f4632e3",
                "0b 746f705f76657273696f6e 08 01"); //   top_version UINT8 1
        Section response = PortableStorage.read(captured, StorageLimits.HANDSHAKE);
        Section node = response.section("node_data").orElseThrow();
        assertEquals(38999, node.integer("my_port").orElseThrow());
        assertEquals(0xf37f246adb8039ccL, node.integer("peer_id").orElseThrow());
        assertEquals(1, node.integer("support_flags").orElseThrow());
        Section sync = response.section("payload_data").orElseThrow();
        assertEquals(1, sync.integer("current_height").orElseThrow());
        assertTrue(sync.get("pruning_seed").isEmpty());
        assertTrue(response.array("local_peerlist_new").isEmpty());
        assertEquals(toHex(captured), toHex(PortableStorage.toBytes(response)), "our writer gives the same bytes");
    }

    @Test
    void readConsumesTheWholeRegionOnlyOnSuccess() throws Exception {
        byte[] blob = hex(HEADER, "04 0161 08 07");
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {(byte) 0xee, (byte) 0xee}); // bytes before the region
        buf.writeBytes(blob);
        buf.skipBytes(2);
        assertEquals(7, PortableStorage.read(buf, StorageLimits.HANDSHAKE).integer("a").orElseThrow());
        assertFalse(buf.isReadable());

        ByteBuf bad = Unpooled.wrappedBuffer(hex(HEADER, "04 0161 08"));
        assertThrows(MalformedStorageException.class, () -> PortableStorage.read(bad, StorageLimits.HANDSHAKE));
        assertEquals(0, bad.readerIndex());
    }

    @Test
    void writeAppendsAfterWhatIsInTheBuffer() {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x55);
        PortableStorage.write(Section.EMPTY, out);
        assertEquals(1 + PortableStorage.HEADER_BYTES + 1, out.readableBytes());
        assertTrue(out.getByte(0) == 0x55);
    }

    @Test
    void arrOfIntsKeepsItsElementType() {
        Arr arr = new Arr(IntType.INT16.code(), List.of(new Int(IntType.INT16, -1)));
        assertEquals(0x83, arr.typeCode());
    }
}
