package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.libp2p.StreamMuxer.StreamId;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

class MplexSessionTest {

    private static final HexFormat HEX = HexFormat.of();

    private static ByteBuf buf(MplexFrame... frames) {
        ByteBuf b = Unpooled.buffer();
        for (MplexFrame f : frames) {
            b.writeBytes(f.write());
        }
        return b;
    }

    private static MplexFrame frame(long id, int flag, String data) {
        return new MplexFrame(id, flag, data.getBytes());
    }

    private static List<MplexFrame> frames(List<byte[]> output) throws Exception {
        ByteBuf b = Unpooled.buffer();
        output.forEach(b::writeBytes);
        List<MplexFrame> all = new ArrayList<>();
        for (Optional<MplexFrame> f = MplexFrame.read(b); f.isPresent(); f = MplexFrame.read(b)) {
            all.add(f.get());
        }
        assertEquals(0, b.readableBytes());
        return all;
    }

    // ---- frames

    @Test
    void newStreamZeroNamedZero() {
        assertEquals("000130", HEX.formatHex(frame(0, MplexFrame.NEW_STREAM, "0").write()));
        // id 17, MESSAGE_INITIATOR: header 17 << 3 | 2 = 138 = varint 8a01
        assertEquals("8a01026869", HEX.formatHex(frame(17, MplexFrame.MESSAGE_INITIATOR, "hi").write()));
    }

    @Test
    void framesReadBackEqual() throws Exception {
        MplexFrame f = new MplexFrame(MplexFrame.MAX_STREAM_ID, MplexFrame.RESET_INITIATOR, new byte[] {9});
        MplexFrame back = MplexFrame.read(Unpooled.wrappedBuffer(f.write())).orElseThrow();
        assertEquals(f.streamId(), back.streamId());
        assertEquals(f.flag(), back.flag());
        assertArrayEquals(f.data(), back.data());
    }

    @Test
    void anIncompleteFrameWaitsAndMovesNothing() throws Exception {
        byte[] whole = new MplexFrame(300, MplexFrame.MESSAGE_RECEIVER, new byte[200]).write();
        for (int cut = 0; cut < whole.length; cut++) {
            ByteBuf in = Unpooled.wrappedBuffer(whole, 0, cut);
            assertEquals(Optional.empty(), MplexFrame.read(in));
            assertEquals(0, in.readerIndex());
        }
    }

    @Test
    void aLengthOverOneMebibyteIsRefusedBeforeItsBody() {
        ByteBuf in = Unpooled.buffer().writeByte(0x02).writeBytes(Varint.encode(MplexFrame.MAX_DATA_BYTES + 1));
        assertEquals(Violation.Kind.OVERSIZED, assertThrows(Violation.class, () -> MplexFrame.read(in)).kind());
    }

    @Test
    void flagSevenIsAViolation() {
        ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex("0700"));
        assertEquals(Violation.Kind.PROTOCOL, assertThrows(Violation.class, () -> MplexFrame.read(in)).kind());
    }

    @Test
    void aBadVarintIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> MplexFrame.read(Unpooled.wrappedBuffer(HEX.parseHex("8000"))));
        assertThrows(MalformedMessageException.class,
                () -> MplexFrame.read(Unpooled.wrappedBuffer(HEX.parseHex("ffffffffffffffffff01"))));
    }

    // ---- session

    @Test
    void openSendCloseUseTheInitiatorFlags() throws Exception {
        MplexSession session = new MplexSession();
        StreamId s = session.openStream();
        assertEquals(new StreamId(0, true), s);
        session.send(s, "hi".getBytes());
        session.close(s);
        assertEquals("000130" + "02026869" + "0400", HEX.formatHex(YamuxSessionTest.concat(session.takeOutput())));
        assertEquals(1, session.openStream().id());
    }

    @Test
    void theReceiverAnswersWithReceiverFlags() throws Exception {
        MplexSession session = new MplexSession();
        StreamId theirs = new StreamId(0, false);
        List<MuxerEvent> events = session.onInput(buf(frame(0, MplexFrame.NEW_STREAM, "0"),
                frame(0, MplexFrame.MESSAGE_INITIATOR, "ab")));
        assertEquals(new MuxerEvent.StreamOpened(theirs), events.get(0));
        assertArrayEquals("ab".getBytes(), ((MuxerEvent.Data) events.get(1)).bytes());
        session.send(theirs, "c".getBytes());
        session.close(theirs);
        assertEquals("010163" + "0300", HEX.formatHex(YamuxSessionTest.concat(session.takeOutput())));
    }

    @Test
    void bothSidesMayUseTheSameIdTheFlagTellsWhichStream() throws Exception {
        MplexSession session = new MplexSession();
        StreamId ours = session.openStream();
        session.onInput(buf(frame(0, MplexFrame.NEW_STREAM, "0")));
        List<MuxerEvent> events = session.onInput(buf(frame(0, MplexFrame.MESSAGE_RECEIVER, "to ours"),
                frame(0, MplexFrame.MESSAGE_INITIATOR, "to theirs")));
        assertEquals(ours, ((MuxerEvent.Data) events.get(0)).stream());
        assertEquals(new StreamId(0, false), ((MuxerEvent.Data) events.get(1)).stream());
    }

    @Test
    void closeAndResetAreReported() throws Exception {
        MplexSession session = new MplexSession();
        StreamId a = session.openStream();
        StreamId b = session.openStream();
        assertEquals(List.of(new MuxerEvent.StreamClosed(a), new MuxerEvent.StreamReset(b)),
                session.onInput(buf(frame(0, MplexFrame.CLOSE_RECEIVER, ""), frame(1, MplexFrame.RESET_RECEIVER, ""))));
    }

    @Test
    void aMessageAfterCloseIsAViolation() throws Exception {
        MplexSession session = new MplexSession();
        session.onInput(buf(frame(4, MplexFrame.NEW_STREAM, "4"), frame(4, MplexFrame.CLOSE_INITIATOR, "")));
        assertEquals(Violation.Kind.PROTOCOL, assertThrows(Violation.class,
                () -> session.onInput(buf(frame(4, MplexFrame.MESSAGE_INITIATOR, "late")))).kind());
        assertThrows(IllegalStateException.class, () -> session.onInput(Unpooled.buffer()));
    }

    @Test
    void aSecondNewStreamForAnOpenIdIsAViolation() throws Exception {
        MplexSession session = new MplexSession();
        session.onInput(buf(frame(4, MplexFrame.NEW_STREAM, "")));
        assertThrows(Violation.class, () -> session.onInput(buf(frame(4, MplexFrame.NEW_STREAM, ""))));
    }

    @Test
    void streamsBeyondTheCapAreReset() throws Exception {
        MplexSession session = new MplexSession();
        for (int i = 0; i < MplexSession.MAX_INBOUND_STREAMS; i++) {
            session.onInput(buf(frame(i, MplexFrame.NEW_STREAM, "")));
        }
        session.takeOutput();
        long extra = MplexSession.MAX_INBOUND_STREAMS;
        assertEquals(List.of(), session.onInput(buf(frame(extra, MplexFrame.NEW_STREAM, ""),
                frame(extra, MplexFrame.MESSAGE_INITIATOR, "ignored"))));
        List<MplexFrame> out = frames(session.takeOutput());
        assertEquals(1, out.size());
        assertEquals(extra, out.get(0).streamId());
        assertEquals(MplexFrame.RESET_RECEIVER, out.get(0).flag());
    }

    @Test
    void aStreamFloodIsAViolation() {
        MplexSession session = new MplexSession();
        Violation v = assertThrows(Violation.class, () -> {
            for (long id = 0; ; id++) {
                session.onInput(buf(frame(id, MplexFrame.NEW_STREAM, ""), frame(id, MplexFrame.RESET_INITIATOR, "")));
            }
        });
        assertEquals(Violation.Kind.TOO_MANY, v.kind());
    }

    @Test
    void afterTheHandshakeConcludedStreamsHaveNoLifetimeCap() throws Exception {
        MplexSession session = new MplexSession();
        session.concluded();
        for (long id = 0; id < MplexSession.MAX_INBOUND_STREAMS_TOTAL + 10; id++) {
            session.onInput(buf(frame(id, MplexFrame.NEW_STREAM, ""), frame(id, MplexFrame.RESET_INITIATOR, "")));
        }
        Violation v = assertThrows(Violation.class, () -> session.onInput(buf(frame(3, MplexFrame.NEW_STREAM, ""))),
                "ids still only grow");
        assertEquals(Violation.Kind.PROTOCOL, v.kind());
    }

    @Test
    void messagesForUnknownStreamsAreIgnoredUpToACap() throws Exception {
        MplexSession session = new MplexSession();
        for (int i = 0; i < MplexSession.MAX_STRAY_FRAMES; i++) {
            assertEquals(List.of(), session.onInput(buf(frame(3, MplexFrame.MESSAGE_INITIATOR, "x"))));
        }
        assertEquals(Violation.Kind.TOO_MANY, assertThrows(Violation.class,
                () -> session.onInput(buf(frame(3, MplexFrame.MESSAGE_INITIATOR, "x")))).kind());
    }

    @Test
    void bigWritesAreSplitAtOneMebibyte() throws Exception {
        MplexSession session = new MplexSession();
        StreamId s = session.openStream();
        session.send(s, new byte[MplexFrame.MAX_DATA_BYTES + 5]);
        List<MplexFrame> out = frames(session.takeOutput());
        assertEquals(List.of(1, MplexFrame.MAX_DATA_BYTES, 5), out.stream().map(f -> f.data().length).toList());
    }

    @Test
    void aStreamThePeerResetInTheSameReadIsNoLongerWritable() throws Exception {
        MplexSession session = new MplexSession();
        session.onInput(buf(frame(0, MplexFrame.NEW_STREAM, ""), frame(0, MplexFrame.MESSAGE_INITIATOR, "x"),
                frame(1, MplexFrame.NEW_STREAM, ""), frame(0, MplexFrame.RESET_INITIATOR, "")));
        assertEquals(false, session.writable(new StreamId(0, false)));
        assertEquals(true, session.writable(new StreamId(1, false)));
        StreamId ours = session.openStream();
        assertEquals(true, session.writable(ours));
        session.close(ours);
        assertEquals(false, session.writable(ours), "closed by us");
    }

    @Test
    void aStreamIdThePeerAlreadyUsedIsAViolation() throws Exception {
        MplexSession session = new MplexSession();
        Violation v = assertThrows(Violation.class, () -> session.onInput(buf(frame(0, MplexFrame.NEW_STREAM, ""),
                frame(0, MplexFrame.RESET_INITIATOR, ""), frame(0, MplexFrame.NEW_STREAM, ""))));
        assertEquals(Violation.Kind.PROTOCOL, v.kind());
        assertTrue(v.getMessage().contains("reuse"), v.getMessage());
    }

    @Test
    void sendingOnAClosedStreamIsOurMistake() {
        MplexSession session = new MplexSession();
        StreamId s = session.openStream();
        session.close(s);
        assertThrows(IllegalStateException.class, () -> session.send(s, new byte[1]));
        assertTrue(session.takeOutput().size() == 2);
    }

    @Test
    void forProtocolPicksTheMuxer() {
        assertEquals(StreamMuxer.YAMUX, StreamMuxer.forProtocol("/yamux/1.0.0", true).protocol());
        assertEquals(StreamMuxer.MPLEX, StreamMuxer.forProtocol("/mplex/6.7.0", false).protocol());
        assertEquals(1, StreamMuxer.forProtocol(StreamMuxer.YAMUX, true).openStream().id());
        assertEquals(2, StreamMuxer.forProtocol(StreamMuxer.YAMUX, false).openStream().id());
        assertThrows(IllegalArgumentException.class, () -> StreamMuxer.forProtocol("/quic", true));
    }
}
