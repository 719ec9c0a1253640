package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nodehandshake.libp2p.MultistreamNegotiation.Result;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

class MultistreamSelectTest {

    private static final HexFormat HEX = HexFormat.of();

    private static ByteBuf buf(byte[]... parts) {
        return Unpooled.wrappedBuffer(parts);
    }

    @Test
    void theHeaderIsNineteenBytesPrefixedBy0x13() {
        byte[] header = MultistreamSelect.message("/multistream/1.0.0");
        assertEquals("13" + HEX.formatHex("/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII)), HEX.formatHex(header));
        assertArrayEquals(HEX.parseHex("036e610a"), MultistreamSelect.message("na"));
    }

    @Test
    void readsOneLineAndLeavesTheRest() throws Exception {
        ByteBuf in = buf(MultistreamSelect.message("/noise"), new byte[] {1, 2});
        assertEquals(Optional.of("/noise"), MultistreamSelect.read(in));
        assertEquals(2, in.readableBytes());
    }

    @Test
    void anIncompleteLineWaitsAndMovesNothing() throws Exception {
        byte[] whole = MultistreamSelect.message("/yamux/1.0.0");
        for (int cut = 0; cut < whole.length; cut++) {
            ByteBuf in = Unpooled.wrappedBuffer(whole, 0, cut);
            assertEquals(Optional.empty(), MultistreamSelect.read(in));
            assertEquals(0, in.readerIndex());
        }
    }

    @Test
    void aOneMegabyteDeclaredLineIsRefusedBeforeItsBody() {
        ByteBuf in = buf(Varint.encode(1 << 20), "/x".getBytes(StandardCharsets.US_ASCII));
        Violation v = assertThrows(Violation.class, () -> MultistreamSelect.read(in));
        assertEquals(Violation.Kind.OVERSIZED, v.kind());
    }

    @Test
    void theLimitCountsTheNewline() throws Exception {
        byte[] longest = MultistreamSelect.message("a".repeat(MultistreamSelect.MAX_MESSAGE_BYTES - 1));
        assertEquals(Optional.of("a".repeat(1023)), MultistreamSelect.read(buf(longest)));
        assertThrows(Violation.class, () -> MultistreamSelect.read(buf(Varint.encode(1025))));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.message("a".repeat(1024)));
    }

    @Test
    void aMissingNewlineIsMalformed() {
        ByteBuf in = buf(HEX.parseHex("026e61"));
        assertThrows(MalformedMessageException.class, () -> MultistreamSelect.read(in));
    }

    @Test
    void anEmptyMessageIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> MultistreamSelect.read(buf(new byte[] {0})));
    }

    @Test
    void nonUtf8IsMalformed() {
        assertThrows(MalformedMessageException.class, () -> MultistreamSelect.read(buf(HEX.parseHex("03c3280a"))));
    }

    @Test
    void aBadVarintIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> MultistreamSelect.read(buf(HEX.parseHex("8100"))));
    }

    @Test
    void aLineWithANewlineCannotBeWritten() {
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.message("a\nb"));
    }

    // ---- negotiation

    /** Feeds one side's output to the other until both are decided or nothing moves. */
    private static void converse(MultistreamNegotiation a, MultistreamNegotiation b) throws Exception {
        ByteBuf toB = Unpooled.buffer();
        ByteBuf toA = Unpooled.buffer();
        a.start().forEach(toB::writeBytes);
        b.start().forEach(toA::writeBytes);
        for (int round = 0; round < 50 && (a.result().isEmpty() || b.result().isEmpty()); round++) {
            b.onInput(toB).forEach(toA::writeBytes);
            a.onInput(toA).forEach(toB::writeBytes);
        }
    }

    @Test
    void theDialersFirstWriteIsTheHeaderAndItsFirstProposalTogether() {
        List<byte[]> first = MultistreamNegotiation.dialer(List.of("/noise")).start();
        assertEquals(1, first.size());
        assertEquals("13" + HEX.formatHex("/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII))
                + "07" + HEX.formatHex("/noise\n".getBytes(StandardCharsets.US_ASCII)), HEX.formatHex(first.get(0)));
    }

    @Test
    void theListenerSelectsASupportedProtocol() throws Exception {
        MultistreamNegotiation dialer = MultistreamNegotiation.dialer(List.of("/noise"));
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/noise"));
        converse(dialer, listener);
        assertEquals(Optional.of(new Result.Selected("/noise")), dialer.result());
        assertEquals(Optional.of(new Result.Selected("/noise")), listener.result());
    }

    @Test
    void onNaTheDialerTriesTheNextProposal() throws Exception {
        MultistreamNegotiation dialer = MultistreamNegotiation.dialer(List.of("/yamux/1.0.0", "/mplex/6.7.0"));
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/mplex/6.7.0"));
        converse(dialer, listener);
        assertEquals(Optional.of(new Result.Selected("/mplex/6.7.0")), dialer.result());
        assertEquals(Optional.of(new Result.Selected("/mplex/6.7.0")), listener.result());
    }

    @Test
    void naToEveryProposalIsARefusal() throws Exception {
        MultistreamNegotiation dialer = MultistreamNegotiation.dialer(List.of("/a", "/b"));
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/c"));
        converse(dialer, listener);
        assertEquals(Optional.of(new Result.Refused(List.of("/a", "/b"))), dialer.result());
        assertTrue(listener.result().isEmpty()); // a listener waits for a proposal it knows
    }

    @Test
    void theDialerNeedsTheHeaderEchoedFirst() throws Exception {
        MultistreamNegotiation dialer = MultistreamNegotiation.dialer(List.of("/noise"));
        dialer.start();
        Violation v = assertThrows(Violation.class, () -> dialer.onInput(buf(MultistreamSelect.message("/noise"))));
        assertEquals(Violation.Kind.PROTOCOL, v.kind());
    }

    @Test
    void anAnswerThatIsNeitherEchoNorNaIsAViolation() throws Exception {
        MultistreamNegotiation dialer = MultistreamNegotiation.dialer(List.of("/noise"));
        dialer.start();
        ByteBuf in = buf(MultistreamSelect.message(MultistreamSelect.PROTOCOL), MultistreamSelect.message("/tls/1.0.0"));
        assertEquals(Violation.Kind.PROTOCOL, assertThrows(Violation.class, () -> dialer.onInput(in)).kind());
    }

    @Test
    void theListenerEchoesTheHeaderOnlyAfterReceivingIt() throws Exception {
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/noise"));
        assertEquals(List.of(), listener.start());
        List<byte[]> out = listener.onInput(buf(MultistreamSelect.message(MultistreamSelect.PROTOCOL)));
        assertEquals(1, out.size());
        assertArrayEquals(MultistreamSelect.message(MultistreamSelect.PROTOCOL), out.get(0));
    }

    @Test
    void theListenerNeedsTheHeaderFirst() {
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/noise"));
        listener.start();
        assertThrows(Violation.class, () -> listener.onInput(buf(MultistreamSelect.message("/noise"))));
    }

    @Test
    void lsIsAnsweredNa() throws Exception {
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/noise"));
        listener.start();
        List<byte[]> out = listener.onInput(buf(MultistreamSelect.message(MultistreamSelect.PROTOCOL),
                MultistreamSelect.message("ls")));
        assertArrayEquals(MultistreamSelect.message("na"), out.get(1));
        assertTrue(listener.result().isEmpty());
    }

    @Test
    void theListenerCapsProposals() throws Exception {
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/noise"));
        listener.start();
        List<byte[]> parts = new ArrayList<>();
        parts.add(MultistreamSelect.message(MultistreamSelect.PROTOCOL));
        for (int i = 0; i < MultistreamNegotiation.MAX_PROPOSALS; i++) {
            parts.add(MultistreamSelect.message("/unknown/" + i));
        }
        assertEquals(MultistreamNegotiation.MAX_PROPOSALS + 1, listener.onInput(buf(parts.toArray(byte[][]::new))).size());
        Violation v = assertThrows(Violation.class, () -> listener.onInput(buf(MultistreamSelect.message("/one-more"))));
        assertEquals(Violation.Kind.TOO_MANY, v.kind());
    }

    @Test
    void bytesAfterTheSelectionAreLeftForTheSelectedProtocol() throws Exception {
        MultistreamNegotiation listener = MultistreamNegotiation.listener(Set.of("/noise"));
        listener.start();
        ByteBuf in = buf(MultistreamSelect.message(MultistreamSelect.PROTOCOL), MultistreamSelect.message("/noise"),
                new byte[] {0, 32});
        listener.onInput(in);
        assertInstanceOf(Result.Selected.class, listener.result().orElseThrow());
        assertEquals(2, in.readableBytes());
        assertEquals(List.of(), listener.onInput(in));
        assertEquals(2, in.readableBytes());
    }

    @Test
    void messagesArriveInAnyChunks() throws Exception {
        MultistreamNegotiation dialer = MultistreamNegotiation.dialer(List.of("/a", "/b"));
        dialer.start();
        ByteBuf script = buf(MultistreamSelect.message(MultistreamSelect.PROTOCOL), MultistreamSelect.message("na"),
                MultistreamSelect.message("/b"));
        byte[] all = new byte[script.readableBytes()];
        script.readBytes(all);
        ByteBuf in = Unpooled.buffer();
        List<byte[]> sent = new ArrayList<>();
        for (byte b : all) {
            in.writeByte(b);
            sent.addAll(dialer.onInput(in));
            in.discardReadBytes();
        }
        assertEquals(1, sent.size());
        assertArrayEquals(MultistreamSelect.message("/b"), sent.get(0));
        assertEquals(Optional.of(new Result.Selected("/b")), dialer.result());
    }

    @Test
    void aDialerMakesBetweenOneAndTheCapOfProposals() {
        assertThrows(IllegalArgumentException.class, () -> MultistreamNegotiation.dialer(List.of()));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= MultistreamNegotiation.MAX_PROPOSALS; i++) {
            many.add("/p/" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> MultistreamNegotiation.dialer(many));
    }
}
