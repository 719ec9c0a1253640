package org.nodehandshake.bitcoin;

import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.FrameViolation;
import org.nodehandshake.protocol.ReasonCode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/**
 * The v1 frame decoder on an EmbeddedChannel: one test per framing rule, each asserting the rule's
 * reason code; where the words carry the values seen and expected, the exact words too.
 */
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

    private FrameViolation singleError() {
        List<Object> out = inbound();
        assertEquals(1, out.size(), out.toString());
        return assertInstanceOf(FrameViolation.class, out.get(0));
    }

    /** Exactly one violation, of this rule. */
    private void assertSingleViolation(ReasonCode code) {
        FrameViolation violation = singleError();
        assertEquals(code, violation.code(), violation::toString);
    }

    /** Exactly one violation, of this rule, in exactly these words. */
    private void assertSingleViolation(ReasonCode code, String reason) {
        assertEquals(new FrameViolation(code, reason), singleError());
    }

    private static BitcoinFrameDecoder decoder(byte[] magic, int maxPayload) {
        return new BitcoinFrameDecoder(magic, maxPayload, new HandshakeBudget(HandshakeBudget.Limits.UNLIMITED));
    }

    private static byte[] header(String commandHex, long length, String checksumHex) {
        return bytes().raw(MAINNET).hexBytes(commandHex).u32(length).hexBytes(checksumHex).array();
    }

    // ---- invalid frames ----

    @Test
    void wrongMagicIsDetectedFromTheFirstByte() {
        feed(hex("0b"));
        assertSingleViolation(ReasonCode.WRONG_NETWORK, "wrong magic: 0b (expected: f9beb4d9)");
    }

    @Test
    void wrongMagicIsDetectedAtTheFirstDifferingByte() {
        feed(hex("f9be"));
        assertEquals(List.of(), inbound());
        feed(hex("b4"));
        assertEquals(List.of(), inbound());
        feed(hex("00"));
        assertSingleViolation(ReasonCode.WRONG_NETWORK, "wrong magic: f9beb400 (expected: f9beb4d9)");
    }

    @Test
    void commandWithNonPrintableByteIsInvalid() {
        feed(header("76657201636b000000000000", 0, "5df6e0e2"));
        assertSingleViolation(ReasonCode.MALFORMED_FRAME, "invalid command: 76657201636b000000000000");
    }

    @Test
    void commandWithNonNulAfterNulIsInvalid() {
        feed(header("76657261636b000000000041", 0, "5df6e0e2"));
        assertSingleViolation(ReasonCode.MALFORMED_FRAME);
    }

    @Test
    void commandOfAllNulsIsInvalid() {
        feed(header("000000000000000000000000", 0, "5df6e0e2"));
        assertSingleViolation(ReasonCode.MALFORMED_FRAME);
    }

    @Test
    void twelveCharacterCommandWithoutNulIsValid() {
        feed(frame(MAINNET, "abcdefghijkl", new byte[0]));
        assertEquals(List.of(new BitcoinFrame("abcdefghijkl", new byte[0])), inbound());
    }

    @Test
    void declared4GiBLengthIsRejectedFromTheHeaderAlone() {
        feed(header("76657273696f6e0000000000", 0xffffffffL, "00000000"));
        assertSingleViolation(ReasonCode.OVERSIZED_FRAME,
                "oversized frame: 'version' declares 4294967295 bytes (limit: 4096)");
    }

    @Test
    void lengthOneAboveCapIsRejectedBeforeBody() {
        feed(header("76657273696f6e0000000000", 4097, "00000000"));
        assertSingleViolation(ReasonCode.OVERSIZED_FRAME);
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
        FrameViolation violation = singleError();
        assertEquals(ReasonCode.BAD_CHECKSUM, violation.code(), violation::toString);
        assertEquals("bad checksum for 'ping': " + hex(Arrays.copyOfRange(bad, 20, 24)) + " (expected: "
                + hex(Arrays.copyOfRange(PING, 20, 24)) + ")", violation.reason());
    }

    @Test
    void afterAnErrorFurtherBytesProduceNothing() {
        feed(hex("00"));
        assertSingleViolation(ReasonCode.WRONG_NETWORK);
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
        assertEquals(ReasonCode.WRONG_NETWORK, assertInstanceOf(FrameViolation.class, out.get(1)).code());
    }

    @Test
    void theFrameThatPassesTheSessionsByteBudgetIsNotPassedOn() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(Integer.MAX_VALUE, 48));
        EmbeddedChannel limited = new EmbeddedChannel(new BitcoinFrameDecoder(MAINNET, 4096, budget));
        limited.writeInbound(Unpooled.wrappedBuffer(WireBytes.concat(VERACK, VERACK, VERACK))); // 24 bytes each
        assertEquals(new BitcoinFrame("verack", new byte[0]), limited.readInbound());
        assertEquals(new BitcoinFrame("verack", new byte[0]), limited.readInbound());
        assertEquals(new FrameViolation(ReasonCode.TOO_MANY_BYTES,
                "too many bytes before the handshake concluded (limit: 48)"), limited.readInbound());
        assertNull(limited.readInbound());
        assertFalse(limited.finishAndReleaseAll());
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

    // ---- the constructor's rules ----

    @Test
    void magicMustBeFourBytes() {
        assertThrows(IllegalArgumentException.class, () -> decoder(new byte[3], 4096));
        assertThrows(IllegalArgumentException.class, () -> decoder(new byte[5], 4096));
    }

    @Test
    void maxPayloadMustNotBeNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder(MAINNET, -1));
        assertEquals("maxPayload must be within 0..4000000: -1", e.getMessage());
    }

    @Test
    void maxPayloadMustNotExceedTheProtocolMaximum() {
        assertThrows(IllegalArgumentException.class,
                () -> decoder(MAINNET, BitcoinFrameDecoder.MAX_PROTOCOL_MESSAGE_LENGTH + 1));
    }

    @Test
    void maxPayloadMayBeAnythingFromZeroToTheProtocolMaximum() {
        decoder(MAINNET, 0);
        decoder(MAINNET, BitcoinFrameDecoder.MAX_PROTOCOL_MESSAGE_LENGTH);
    }

    @Test
    void withMaxPayloadZeroOnlyEmptyFramesPass() {
        EmbeddedChannel zero = new EmbeddedChannel(decoder(MAINNET, 0));
        zero.writeInbound(Unpooled.wrappedBuffer(VERACK));
        assertEquals(new BitcoinFrame("verack", new byte[0]), zero.readInbound());
        zero.writeInbound(Unpooled.wrappedBuffer(PING));
        FrameViolation violation = assertInstanceOf(FrameViolation.class, zero.readInbound());
        assertEquals(new FrameViolation(ReasonCode.OVERSIZED_FRAME, "oversized frame: 'ping' declares 8 bytes (limit: 0)"),
                violation);
        assertFalse(zero.finishAndReleaseAll());
    }

    @Test
    void aWrongMagicThatIsAnotherPresetsIsNamed() {
        EmbeddedChannel channel = new EmbeddedChannel(decoder(BitcoinNetwork.BITCOIN.magic(), 4096));
        channel.writeInbound(Unpooled.wrappedBuffer(hex("fbc0b6db76657273696f6e00")));
        FrameViolation error = (FrameViolation) channel.readInbound();
        assertEquals(ReasonCode.WRONG_NETWORK, error.code());
        assertEquals("wrong magic: fbc0b6db (expected: f9beb4d9; fbc0b6db is litecoin)", error.reason());
        channel.finishAndReleaseAll();
    }
}
