package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The multiformats unsigned-varint spec's examples and its two rules (nine bytes at most, shortest form). */
class VarintTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({"1,01", "127,7f", "128,8001", "255,ff01", "300,ac02", "16384,808001",
            "9223372036854775807,ffffffffffffffff7f"})
    void theSpecsExamples(long value, String hex) throws Exception {
        assertArrayEquals(HEX.parseHex(hex), Varint.encode(value));
        assertEquals(hex.length() / 2, Varint.size(value));
        byte[] bytes = HEX.parseHex(hex);
        assertEquals(new Varint.Read(value, bytes.length), Varint.read(bytes, 0, bytes.length));
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        assertEquals(value, Varint.read(buf));
        assertEquals(0, buf.readableBytes());
    }

    @Test
    void anIncompleteVarintInAStreamWaitsAndMovesNothing() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(HEX.parseHex("8080"));
        assertEquals(Varint.INCOMPLETE, Varint.read(buf));
        assertEquals(0, buf.readerIndex());
    }

    @Test
    void anIncompleteVarintInAMessageIsMalformed() {
        byte[] bytes = HEX.parseHex("8080");
        assertThrows(MalformedMessageException.class, () -> Varint.read(bytes, 0, 2));
    }

    @Test
    void tenBytesAreRefusedBeforeTheyAreAllThere() {
        ByteBuf buf = Unpooled.wrappedBuffer(HEX.parseHex("ffffffffffffffffff"));
        assertThrows(MalformedMessageException.class, () -> Varint.read(buf));
    }

    @Test
    void aLongerFormThanNeededIsRefused() {
        assertThrows(MalformedMessageException.class, () -> Varint.read(Unpooled.wrappedBuffer(HEX.parseHex("8100"))));
        assertThrows(MalformedMessageException.class, () -> Varint.read(HEX.parseHex("8100"), 0, 2));
    }

    @Test
    void negativeValuesCannotBeWritten() {
        assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
    }
}
