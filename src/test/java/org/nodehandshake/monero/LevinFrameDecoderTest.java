package org.nodehandshake.monero;

import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.FrameViolation;
import org.nodehandshake.protocol.ReasonCode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodehandshake.monero.LevinWire.BEGIN;
import static org.nodehandshake.monero.LevinWire.END;
import static org.nodehandshake.monero.LevinWire.REQUEST;
import static org.nodehandshake.monero.LevinWire.RESPONSE;
import static org.nodehandshake.monero.LevinWire.concat;
import static org.nodehandshake.monero.LevinWire.header;
import static org.nodehandshake.monero.LevinWire.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Levin frame decoder on an EmbeddedChannel: one test per framing rule, with its code and exact reason. */
class LevinFrameDecoderTest {

    static final int CAP = 1024;
    static final int TOTAL = 4096;
    static final byte[] PING = LevinWire.request(1003, LevinWire.EMPTY_BODY);

    /** A budget of {@code maxBytes} bytes before conclusion (frames are the handler's to count). */
    static HandshakeBudget bytes(long maxBytes) {
        return new HandshakeBudget(new HandshakeBudget.Limits(Integer.MAX_VALUE, maxBytes));
    }

    private EmbeddedChannel channel = new EmbeddedChannel(new LevinFrameDecoder(CAP, bytes(TOTAL)));
    private final List<ByteBuf> fed = new ArrayList<>();

    @AfterEach
    void noLeaks() {
        assertFalse(channel.finishAndReleaseAll(), "nothing left unread");
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "decoder released every input buffer");
        }
    }

    private void useDecoder(LevinFrameDecoder decoder) {
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(decoder);
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

    private static FrameViolation malformed(String reason) {
        return new FrameViolation(ReasonCode.MALFORMED_FRAME, reason);
    }

    private static FrameViolation oversized(String reason) {
        return new FrameViolation(ReasonCode.OVERSIZED_FRAME, reason);
    }

    private static FrameViolation tooManyBytes(String reason) {
        return new FrameViolation(ReasonCode.TOO_MANY_BYTES, reason);
    }

    private static LevinFrame frame(byte[] packet) {
        byte[] body = Arrays.copyOfRange(packet, 33, packet.length);
        ByteBuf h = Unpooled.wrappedBuffer(packet, 8, 25);
        return new LevinFrame(LevinHeader.readAfterSignature(h), body);
    }

    // ---- valid streams ----

    @Test
    void capturedHandshakeRequestDecodesToItsHeaderAndBody() {
        useDecoder(new LevinFrameDecoder(65_536, bytes(131_072)));
        byte[] request = LevinWire.capturedRequest();
        feed(request);
        List<Object> out = inbound();
        assertEquals(1, out.size());
        LevinFrame f = assertInstanceOf(LevinFrame.class, out.get(0));
        assertEquals(new LevinHeader(262, true, 1001, 0, 1, 1), f.header());
        assertArrayEquals(Arrays.copyOfRange(request, 33, 295), f.body());
    }

    @Test
    void capturedNotificationAndResponseInOneStreamDecodeInOrder() {
        useDecoder(new LevinFrameDecoder(65_536, bytes(131_072)));
        feed(concat(LevinWire.capturedTxpoolComplement(), LevinWire.capturedResponse()));
        List<Object> out = inbound();
        assertEquals(2, out.size(), out.toString());
        assertEquals("get_txpool_complement notification", ((LevinFrame) out.get(0)).describe());
        assertEquals("handshake response", ((LevinFrame) out.get(1)).describe());
        assertEquals(1, ((LevinFrame) out.get(1)).header().returnCode());
    }

    @Test
    void frameDeliveredOneByteAtATimeDecodesOnItsLastByte() {
        byte[] packet = LevinWire.request(1003, LevinWire.EMPTY_BODY);
        for (int i = 0; i < packet.length - 1; i++) {
            feed(new byte[] {packet[i]});
            assertEquals(List.of(), inbound(), "after byte " + i);
        }
        feed(new byte[] {packet[packet.length - 1]});
        assertEquals(List.of(frame(packet)), inbound());
    }

    @Test
    void frameSplitAtEveryBoundaryDecodesTheSame() {
        byte[] packet = LevinWire.capturedRequest();
        for (int split = 1; split < packet.length; split++) {
            useDecoder(new LevinFrameDecoder(65_536, bytes(131_072)));
            feed(Arrays.copyOf(packet, split));
            assertEquals(List.of(), inbound(), "split at " + split);
            feed(Arrays.copyOfRange(packet, split, packet.length));
            assertEquals(List.of(frame(packet)), inbound(), "split at " + split);
        }
    }

    @Test
    void twoFramesInOneBufferBothDecode() {
        byte[] second = LevinWire.notification(2010, LevinWire.EMPTY_BODY);
        feed(concat(PING, second));
        assertEquals(List.of(frame(PING), frame(second)), inbound());
    }

    @Test
    void oneAndAHalfFramesThenTheRest() {
        byte[] both = concat(PING, PING);
        feed(Arrays.copyOf(both, PING.length + 20));
        assertEquals(List.of(frame(PING)), inbound());
        feed(Arrays.copyOfRange(both, PING.length + 20, both.length));
        assertEquals(List.of(frame(PING)), inbound());
    }

    @Test
    void emptyBodyIsAFrame() {
        byte[] packet = header(0, false, 2002, 0, REQUEST, 1);
        feed(packet);
        assertEquals(List.of(new LevinFrame(new LevinHeader(0, false, 2002, 0, 1, 1), new byte[0])), inbound());
    }

    @Test
    void bodyExactlyAtTheCapIsAccepted() {
        byte[] packet = concat(header(CAP, false, 2002, 0, REQUEST, 1), new byte[CAP]);
        feed(Arrays.copyOf(packet, 33));
        assertEquals(List.of(), inbound(), "a header within the cap waits for its body");
        feed(Arrays.copyOfRange(packet, 33, packet.length));
        assertEquals(1, inbound().size());
    }

    @Test
    void requestFlagWithBeginAndEndIsAFrame() {
        byte[] packet = concat(header(0, false, 2002, 0, REQUEST | BEGIN | END, 1));
        feed(packet);
        assertEquals(1, inbound().size());
    }

    // ---- invalid headers ----

    @Test
    void badSignatureIsCaughtAtItsFirstByte() {
        feed(hex("02"));
        assertEquals(malformed("bad Levin signature: 02 (expected: 0121010101010101)"), singleError());
    }

    @Test
    void badSignatureInItsLastByteIsCaughtWhenThatByteArrives() {
        feed(hex("01210101010101"));
        assertEquals(List.of(), inbound(), "seven right bytes are not an error yet");
        feed(hex("02"));
        assertEquals(malformed("bad Levin signature: 0121010101010102 (expected: 0121010101010101)"), singleError());
    }

    @Test
    void badSignatureIsReportedBeforeTheHeaderIsComplete() {
        feed(hex("0121010101010101000000")); // an 11-byte prefix: nothing to say yet
        assertEquals(List.of(), inbound());
        useDecoder(new LevinFrameDecoder(CAP, bytes(TOTAL)));
        feed(hex("0121ff")); // wrong third byte, 3 bytes in
        assertEquals(malformed("bad Levin signature: 0121ff (expected: 0121010101010101)"), singleError());
    }

    @Test
    void aBitcoinMagicIsABadSignature() {
        feed(hex("fabfb5da76657273696f6e0000000000"));
        assertEquals(malformed("bad Levin signature: fabfb5da76657273 (expected: 0121010101010101)"), singleError());
    }

    @Test
    void protocolVersion2IsUnsupported() {
        feed(header(0, true, 1001, 0, REQUEST, 2));
        assertEquals(malformed("unsupported Levin protocol version 2 in 'handshake' (expected: 1)"), singleError());
    }

    @Test
    void protocolVersion0IsUnsupported() {
        feed(header(0, true, 1003, 0, REQUEST, 0));
        assertEquals(malformed("unsupported Levin protocol version 0 in 'ping' (expected: 1)"), singleError());
    }

    @Test
    void protocolVersionIsReadUnsigned() {
        feed(header(0, true, 1001, 0, REQUEST, -1));
        assertEquals(malformed("unsupported Levin protocol version 4294967295 in 'handshake' (expected: 1)"), singleError());
    }

    @Test
    void requestAndResponseTogetherAreInvalidFlags() {
        feed(header(0, true, 1001, 0, REQUEST | RESPONSE, 1));
        assertEquals(malformed("invalid Levin flags 3 in 'handshake'"), singleError());
    }

    @Test
    void noFlagsAtAllAreInvalid() {
        feed(header(0, false, 1001, 0, 0, 1));
        assertEquals(malformed("invalid Levin flags 0 in 'handshake'"), singleError());
    }

    @Test
    void aBeginFragmentAloneIsInvalid() {
        feed(header(0, false, 2002, 0, BEGIN, 1));
        assertEquals(malformed("invalid Levin flags 4 in 'new_transactions'"), singleError());
    }

    @Test
    void anEndFragmentAloneIsInvalid() {
        feed(header(0, false, 2002, 0, END, 1));
        assertEquals(malformed("invalid Levin flags 8 in 'new_transactions'"), singleError());
    }

    @Test
    void bodyOneAboveTheCapIsRejectedFromTheHeaderAlone() {
        feed(header(CAP + 1, true, 1001, 0, REQUEST, 1)); // the header only: no body byte has arrived
        assertEquals(oversized("oversized packet: 'handshake' declares 1025 bytes (limit: 1024)"), singleError());
    }

    @Test
    void bodyOf2To63Minus1IsRejectedFromTheHeaderAlone() {
        feed(header(Long.MAX_VALUE, true, 1001, 0, REQUEST, 1));
        assertEquals(oversized("oversized packet: 'handshake' declares 9223372036854775807 bytes (limit: 1024)"), singleError());
    }

    @Test
    void bodySizeWithTheTopBitSetIsReadUnsignedAndRejected() {
        feed(header(Long.MIN_VALUE, true, 1001, 0, REQUEST, 1));
        assertEquals(oversized("oversized packet: 'handshake' declares 9223372036854775808 bytes (limit: 1024)"), singleError());
    }

    @Test
    void bodySizeOfAllOnesIsRejected() {
        feed(header(-1L, false, 1003, 0, RESPONSE, 1));
        assertEquals(oversized("oversized packet: 'ping' declares 18446744073709551615 bytes (limit: 1024)"), singleError());
    }

    @Test
    void bodySizeAbove2To32IsNotTruncatedToAnInt() {
        feed(header((1L << 32) + 10, false, 1003, 0, RESPONSE, 1)); // as an int: 10, which would be accepted
        assertEquals(oversized("oversized packet: 'ping' declares 4294967306 bytes (limit: 1024)"), singleError());
    }

    @Test
    void versionIsCheckedBeforeFlagsAndSize() {
        feed(header(-1L, false, 1001, 0, 0, 7));
        assertEquals(malformed("unsupported Levin protocol version 7 in 'handshake' (expected: 1)"), singleError());
    }

    // ---- caps on the whole stream ----

    @Test
    void totalBytesCapEndsTheStreamAfterTheLastPacketThatFits() {
        byte[] packet = concat(header(1000, false, 2002, 0, REQUEST, 1), new byte[1000]); // 1033 bytes
        feed(concat(packet, packet, packet)); // 3099 bytes: within 4096
        assertEquals(3, inbound().size());
        feed(packet); // 4132 bytes
        assertEquals(tooManyBytes("too many bytes before the handshake concluded (limit: 4096)"), singleError());
    }

    @Test
    void noisePacketsAreSkippedButCounted() {
        feed(LevinWire.noise(500));
        feed(PING);
        assertEquals(List.of(frame(PING)), inbound(), "noise is not handed on");
        byte[] noise = LevinWire.noise(500); // 533 bytes each
        for (int i = 0; i < 6; i++) {
            feed(noise);
        }
        assertEquals(List.of(), inbound());
        feed(noise); // 533 + 43 + 7 * 533 = 4307 bytes: over 4096
        assertEquals(tooManyBytes("too many bytes before the handshake concluded (limit: 4096)"), singleError());
    }

    @Test
    void oversizedNoiseIsRejectedLikeAnyPacket() {
        feed(header(CAP + 1, false, 0, 0, BEGIN | END, 1));
        assertEquals(oversized("oversized packet: 'command 0' declares 1025 bytes (limit: 1024)"), singleError());
    }

    @Test
    void afterSkipOversizedFramesLargePacketsAreSkippedWithoutBuffering() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(Integer.MAX_VALUE, TOTAL));
        LevinFrameDecoder decoder = new LevinFrameDecoder(CAP, budget);
        useDecoder(decoder);
        budget.close(); // the handshake concluded
        int size = 1_000_000;
        feed(header(size, false, 2008, 0, REQUEST, 1));
        byte[] chunk = new byte[65_536];
        for (int sent = 0; sent < size; sent += chunk.length) {
            feed(Arrays.copyOf(chunk, Math.min(chunk.length, size - sent)));
            assertEquals(List.of(), inbound());
            ByteBuf last = fed.get(fed.size() - 1);
            assertEquals(0, last.refCnt(), "a skipped body is released as it arrives, never accumulated");
        }
        feed(PING);
        assertEquals(List.of(frame(PING)), inbound(), "the next packet decodes");
    }

    @Test
    void afterSkipOversizedFramesTheTotalByteCapNoLongerApplies() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(Integer.MAX_VALUE, TOTAL));
        LevinFrameDecoder decoder = new LevinFrameDecoder(CAP, budget);
        useDecoder(decoder);
        budget.close(); // the handshake concluded
        byte[] packet = concat(header(1000, false, 2002, 0, REQUEST, 1), new byte[1000]);
        for (int i = 0; i < 10; i++) {
            feed(packet);
        }
        assertEquals(10, inbound().size());
    }

    @Test
    void afterSkipOversizedFramesAPacketAbove100MillionBytesIsStillAnError() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(Integer.MAX_VALUE, TOTAL));
        LevinFrameDecoder decoder = new LevinFrameDecoder(CAP, budget);
        useDecoder(decoder);
        budget.close(); // the handshake concluded
        feed(header(100_000_001, false, 2008, 0, REQUEST, 1));
        assertEquals(oversized("oversized packet: 'new_fluffy_block' declares 100000001 bytes (limit: 1024)"), singleError());
    }

    @Test
    void afterSkipOversizedFramesANegativeSizeIsStillAnError() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(Integer.MAX_VALUE, TOTAL));
        LevinFrameDecoder decoder = new LevinFrameDecoder(CAP, budget);
        useDecoder(decoder);
        budget.close(); // the handshake concluded
        feed(header(Long.MIN_VALUE, false, 2008, 0, REQUEST, 1));
        assertEquals(oversized("oversized packet: 'new_fluffy_block' declares 9223372036854775808 bytes (limit: 1024)"),
                singleError());
    }

    // ---- after the first error ----

    @Test
    void nothingIsDecodedAfterTheFirstError() {
        feed(concat(header(0, true, 1001, 0, REQUEST | RESPONSE, 1), PING));
        assertEquals(malformed("invalid Levin flags 3 in 'handshake'"), singleError());
        feed(PING);
        feed(hex("ff"));
        feed(LevinWire.capturedRequest());
        assertEquals(List.of(), inbound(), "one error, then silence");
    }

    @Test
    void validFramesBeforeTheErrorAreHandedOnFirst() {
        feed(concat(PING, hex("00")));
        List<Object> out = inbound();
        assertEquals(2, out.size(), out.toString());
        assertEquals(frame(PING), out.get(0));
        assertEquals(malformed("bad Levin signature: 00 (expected: 0121010101010101)"),
                assertInstanceOf(FrameViolation.class, out.get(1)));
    }

    // ---- the constructor's rules ----

    @Test
    void maxBodyMustNotBeNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LevinFrameDecoder(-1, bytes(TOTAL)));
        assertEquals("maxBody must be within 0..100000000: -1", e.getMessage());
    }

    @Test
    void maxBodyMustNotExceedMonerodsPacketMaximum() {
        assertThrows(IllegalArgumentException.class,
                () -> new LevinFrameDecoder((int) LevinFrameDecoder.MAX_PACKET_SIZE + 1, bytes(TOTAL)));
    }

    @Test
    void maxBodyMayBeAnythingFromZeroToMonerodsPacketMaximum() {
        new LevinFrameDecoder(0, bytes(TOTAL));
        new LevinFrameDecoder((int) LevinFrameDecoder.MAX_PACKET_SIZE, bytes(TOTAL));
    }

    @Test
    void withMaxBodyZeroOnlyEmptyBodiesPass() {
        useDecoder(new LevinFrameDecoder(0, bytes(TOTAL)));
        byte[] empty = header(0, false, 2002, 0, REQUEST, 1);
        feed(empty);
        assertEquals(List.of(frame(empty)), inbound());
        feed(header(1, false, 2002, 0, REQUEST, 1));
        assertEquals(oversized("oversized packet: 'new_transactions' declares 1 bytes (limit: 0)"), singleError());
    }
}
