package org.nodehandshake.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodehandshake.bitcoin.WireBytes.drain;
import static org.nodehandshake.bitcoin.WireBytes.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Golden bytes for the v1 frame, computed from the protocol documentation. */
class BitcoinFrameTest {

    @Test
    void checksumOfEmptyPayloadIsFirstFourBytesOfDoubleSha256OfNothing() {
        assertEquals("5df6e0e2", hex(BitcoinFrame.checksum(new byte[0])));
    }

    @Test
    void verackFrameForMainnetIsTheDocumented24Bytes() {
        ByteBuf out = Unpooled.buffer();
        BitcoinFrame verack = BitcoinFrame.of(new BitcoinMessage.Verack(), Unpooled.buffer());
        verack.write(out, BitcoinNetwork.BITCOIN.magic());
        assertEquals("f9beb4d9" + "76657261636b000000000000" + "00000000" + "5df6e0e2", hex(drain(out)));
        assertEquals(24, verack.wireSize());
    }

    @Test
    void pingFrameCarriesLengthEightAndLittleEndianNonce() {
        ByteBuf out = Unpooled.buffer();
        BitcoinFrame.of(new BitcoinMessage.Ping(0x0102030405060708L), Unpooled.buffer()).write(out, WireBytes.REGTEST);
        byte[] payload = hex("0807060504030201");
        assertArrayEquals(WireBytes.frame(WireBytes.REGTEST, "ping", payload), drain(out));
    }

    @Test
    void frameRejectsCommandLongerThanTwelveCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new BitcoinFrame("abcdefghijklm", new byte[0]));
    }

    @Test
    void frameRejectsNonPrintableOrEmptyCommand() {
        assertThrows(IllegalArgumentException.class, () -> new BitcoinFrame("ver\u0001ack", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new BitcoinFrame("", new byte[0]));
    }

    @Test
    void pingAndPongPayloadsParseAsLittleEndianNonce() throws Exception {
        byte[] payload = hex("efcdab8967452301");
        assertEquals(new BitcoinMessage.Ping(0x0123456789abcdefL),
                BitcoinMessage.read(new BitcoinFrame("ping", payload)));
        assertEquals(new BitcoinMessage.Pong(0x0123456789abcdefL),
                BitcoinMessage.read(new BitcoinFrame("pong", payload)));
    }

    @Test
    void truncatedPingIsMalformed() {
        assertThrows(MalformedMessageException.class,
                () -> BitcoinMessage.read(new BitcoinFrame("ping", hex("01020304"))));
    }

    @Test
    void unknownCommandIsKeptAsUnknownMessage() throws Exception {
        assertEquals(new BitcoinMessage.UnknownMessage("sendaddrv2", 0),
                BitcoinMessage.read(new BitcoinFrame("sendaddrv2", new byte[0])));
    }
}
