package org.nodehandshake.bitcoin;

import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.FrameViolation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.bitcoin.WireBytes.MAINNET;
import static org.nodehandshake.bitcoin.WireBytes.bytes;
import static org.nodehandshake.bitcoin.WireBytes.frame;
import static org.nodehandshake.bitcoin.WireBytes.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The v1 frame decoder on an EmbeddedChannel: one test per framing rule. */
class BitcoinFrameDecoderTest {

    private static final byte[] VERACK = frame(MAINNET, "verack", new byte[0]);
    private static final byte[] PING = frame(MAINNET, "ping", hex("0102030405060708"));

    private final EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(MAINNET, 4096, new HandshakeBudget(HandshakeBudget.Limits.UNLIMITED)));
    private final List<ByteBuf> fed = new ArrayList<>();

    @AfterEach
    void noLeaks() {
        assertFalse(channel.finishAndReleaseAll(), "nothing left unread");
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "decoder released every input buffer");
        }
    }

    private void feed(byte[] bytes) {
        ByteBuf buf = Unpooled.copiedBuffer(bytes);
        fed.add(buf);
        channel.writeInbound(buf);
    }

    private List<Object> inbound() {
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            out.add(o);
        }
        return out;
    }

    private String singleError() {
        List<Object> out = inbound();
        assertEquals(1, out.size(), out.toString());
        return assertInstanceOf(FrameViolation.class, out.get(0)).reason();
    }

    private static byte[] header(String commandHex, long length, String checksumHex) {
        return bytes().raw(MAINNET).hexBytes(commandHex).u32(length).hexBytes(checksumHex).array();
    }

    // ---- invalid frames ----

    @Test
    void wrongMagicIsDetectedFromTheFirstByte() {
        feed(hex("0b"));
        String reason = singleError();
        assertTrue(reason.contains("wrong magic"), reason);
        assertTrue(reason.contains("0b"), reason);
    }

    @Test
    void wrongMagicIsDetectedAtTheFirstDifferingByte() {
        feed(hex("f9be"));
        assertEquals(List.of(), inbound());
        feed(hex("b4"));
        assertEquals(List.of(), inbound());
        feed(hex("00"));
        assertTrue(singleError().contains("wrong magic"));
    }

    @Test
    void commandWithNonPrintableByteIsInvalid() {
        feed(header("76657201636b000000000000", 0, "5df6e0e2"));
        String reason = singleError();
        assertTrue(reason.contains("invalid command"), reason);
    }

    @Test
    void commandWithNonNulAfterNulIsInvalid() {
        feed(header("76657261636b000000000041", 0, "5df6e0e2"));
        assertTrue(singleError().contains("invalid command"));
    }

    @Test
    void commandOfAllNulsIsInvalid() {
        feed(header("000000000000000000000000", 0, "5df6e0e2"));
        assertTrue(singleError().contains("invalid command"));
    }

    @Test
    void twelveCharacterCommandWithoutNulIsValid() {
        feed(frame(MAINNET, "abcdefghijkl", new byte[0]));
        assertEquals(List.of(new BitcoinFrame("abcdefghijkl", new byte[0])), inbound());
    }

    @Test
    void declared4GiBLengthIsRejectedFromTheHeaderAlone() {
        feed(header("76657273696f6e0000000000", 0xffffffffL, "00000000"));
        String reason = singleError();
        assertTrue(reason.contains("oversized"), reason);
        assertTrue(reason.contains("4294967295"), reason);
        assertTrue(reason.contains("4096"), reason);
    }

    @Test
    void lengthOneAboveCapIsRejectedBeforeBody() {
        feed(header("76657273696f6e0000000000", 4097, "00000000"));
        assertTrue(singleError().contains("oversized"));
    }

    @Test
    void lengthExactlyAtCapIsAccepted() {
        byte[] payload = new byte[4096];
        Arrays.fill(payload, (byte) 7);
        byte[] whole = frame(MAINNET, "big", payload);
        feed(Arrays.copyOf(whole, 24));
        assertEquals(List.of(), inbound(), "header within the cap waits for its body");
        feed(Arrays.copyOfRange(whole, 24, whole.length));
        assertEquals(List.of(new BitcoinFrame("big", payload)), inbound());
    }

    @Test
    void badChecksumIsRejected() {
        byte[] bad = PING.clone();
        bad[20] ^= 1;
        feed(bad);
        String reason = singleError();
        assertTrue(reason.contains("checksum"), reason);
        assertTrue(reason.contains("ping"), reason);
    }

    @Test
    void afterAnErrorFurtherBytesProduceNothing() {
        feed(hex("00"));
        assertTrue(singleError().contains("wrong magic"));
        feed(VERACK);
        feed(PING);
        assertEquals(List.of(), inbound());
    }

    @Test
    void validFrameBeforeAnErrorIsDeliveredThenTheErrorOnce() {
        feed(WireBytes.concat(VERACK, hex("deadbeef"), VERACK));
        List<Object> out = inbound();
        assertEquals(2, out.size(), out.toString());
        assertEquals(new BitcoinFrame("verack", new byte[0]), out.get(0));
        assertTrue(assertInstanceOf(FrameViolation.class, out.get(1)).reason().contains("wrong magic"));
    }

    // ---- valid frames ----

    @Test
    void frameSplitIntoOneByteWritesIsDecodedOnce() {
        for (int i = 0; i < PING.length; i++) {
            feed(new byte[] {PING[i]});
            if (i < PING.length - 1) {
                assertNull(channel.readInbound(), "nothing before byte " + i + " completes the frame");
            }
        }
        BitcoinFrame ping = assertInstanceOf(BitcoinFrame.class, channel.readInbound());
        assertEquals("ping", ping.command());
        assertArrayEquals(hex("0102030405060708"), ping.payload());
        assertNull(channel.readInbound());
    }

    @Test
    void twoFramesCoalescedInOneBufferAreBothDecoded() {
        feed(WireBytes.concat(VERACK, PING));
        assertEquals(List.of(new BitcoinFrame("verack", new byte[0]),
                new BitcoinFrame("ping", hex("0102030405060708"))), inbound());
    }

    @Test
    void headerThenBodyInSeparateWritesIsDecoded() {
        feed(Arrays.copyOf(PING, 24));
        assertEquals(List.of(), inbound());
        feed(Arrays.copyOfRange(PING, 24, PING.length));
        assertEquals(List.of(new BitcoinFrame("ping", hex("0102030405060708"))), inbound());
    }

    @Test
    void magicMustBeFourBytes() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new BitcoinFrameDecoder(new byte[3], 4096, new HandshakeBudget(HandshakeBudget.Limits.UNLIMITED)));
    }

    @Test
    void aWrongMagicThatIsAnotherPresetsIsNamed() {
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(BitcoinNetwork.BITCOIN.magic(), 4096, new HandshakeBudget(HandshakeBudget.Limits.UNLIMITED)));
        channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(java.util.HexFormat.of().parseHex("fbc0b6db76657273696f6e00")));
        FrameViolation error = (FrameViolation) channel.readInbound();
        assertEquals("wrong magic: fbc0b6db (expected: f9beb4d9; fbc0b6db is litecoin)", error.reason());
        channel.finishAndReleaseAll();
    }
}
