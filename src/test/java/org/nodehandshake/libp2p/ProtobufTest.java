package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtobufTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void writesTheStandardEncoding() {
        // field 1 varint 150 is protobuf's documented example "08 96 01"; field 2 "testing" is "12 07 ..."
        byte[] message = Protobuf.writer().varint(1, 150).string(2, "testing").toByteArray();
        assertEquals("089601120774657374696e67", HEX.formatHex(message));
    }

    @Test
    void readsFieldsRepeatedAndLastWins() throws Exception {
        byte[] message = Protobuf.writer().string(3, "/a").varint(1, 1).string(3, "/b").varint(1, 2).toByteArray();
        Protobuf.Message m = Protobuf.read(message, 10);
        assertEquals(List.of("/a", "/b"), m.repeatedStrings(3));
        assertEquals(2, m.varint(1).getAsLong());
        assertEquals(Optional.of("/b"), m.string(3));
        assertTrue(m.bytes(9).isEmpty());
    }

    @Test
    void fixedWidthFieldsAreSkipped() throws Exception {
        byte[] message = HEX.parseHex("0d01020304" + "110102030405060708" + "1801");
        Protobuf.Message m = Protobuf.read(message, 10);
        assertEquals(1, m.fields().size());
        assertEquals(1, m.varint(3).getAsLong());
    }

    @Test
    void aLengthPastTheEndIsRefused() {
        assertThrows(MalformedMessageException.class, () -> Protobuf.read(HEX.parseHex("0a05616263"), 10));
    }

    @Test
    void aHugeDeclaredLengthIsRefusedWithoutAllocating() {
        assertThrows(MalformedMessageException.class, () -> Protobuf.read(HEX.parseHex("0affffffff0f"), 10));
    }

    @Test
    void groupsAreRefused() {
        assertThrows(MalformedMessageException.class, () -> Protobuf.read(HEX.parseHex("0b"), 10));
    }

    @Test
    void fieldNumberZeroIsRefused() {
        assertThrows(MalformedMessageException.class, () -> Protobuf.read(HEX.parseHex("0001"), 10));
    }

    @Test
    void aCutFixedFieldIsRefused() {
        assertThrows(MalformedMessageException.class, () -> Protobuf.read(HEX.parseHex("0d0102"), 10));
    }

    @Test
    void moreFieldsThanTheCapAreRefused() {
        byte[] message = Protobuf.writer().varint(1, 1).varint(1, 2).varint(1, 3).toByteArray();
        assertThrows(MalformedMessageException.class, () -> Protobuf.read(message, 2));
    }

    @Test
    void aVarintWhereBytesBelongIsRefused() throws Exception {
        Protobuf.Message m = Protobuf.read(Protobuf.writer().varint(2, 5).toByteArray(), 10);
        assertThrows(MalformedMessageException.class, () -> m.bytes(2));
        Protobuf.Message n = Protobuf.read(Protobuf.writer().string(1, "x").toByteArray(), 10);
        assertThrows(MalformedMessageException.class, () -> n.varint(1));
    }

    @Test
    void bytesRoundTrip() throws Exception {
        byte[] key = HEX.parseHex("00ff10");
        assertArrayEquals(key, Protobuf.read(Protobuf.writer().bytes(2, key).toByteArray(), 4).bytes(2).orElseThrow());
    }
}
