package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.libp2p.YamuxFrame.FLAG_ACK;
import static org.nodehandshake.libp2p.YamuxFrame.FLAG_FIN;
import static org.nodehandshake.libp2p.YamuxFrame.FLAG_RST;
import static org.nodehandshake.libp2p.YamuxFrame.FLAG_SYN;
import static org.nodehandshake.libp2p.YamuxFrame.INITIAL_WINDOW;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.libp2p.StreamMuxer.StreamId;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

class YamuxSessionTest {

    private static final HexFormat HEX = HexFormat.of();

    private static ByteBuf buf(YamuxFrame... frames) {
        ByteBuf b = Unpooled.buffer();
        for (YamuxFrame f : frames) {
            b.writeBytes(f.write());
        }
        return b;
    }

    private static List<YamuxFrame> frames(List<byte[]> output) throws Exception {
        ByteBuf b = Unpooled.buffer();
        output.forEach(b::writeBytes);
        List<YamuxFrame> all = new ArrayList<>();
        for (Optional<YamuxFrame> f = YamuxFrame.read(b); f.isPresent(); f = YamuxFrame.read(b)) {
            all.add(f.get());
        }
        assertEquals(0, b.readableBytes());
        return all;
    }

    // ---- frames

    @Test
    void aSynWindowUpdateIsTwelveBigEndianBytes() {
        assertEquals("000100010000000100000000", HEX.formatHex(YamuxFrame.windowUpdate(1, FLAG_SYN, 0).write()));
        assertEquals("000000020000000300000002" + "6869", HEX.formatHex(YamuxFrame.data(3, FLAG_ACK, "hi".getBytes()).write()));
        assertEquals("000200020000000012345678", HEX.formatHex(YamuxFrame.ping(FLAG_ACK, 0x12345678L).write()));
        assertEquals("000300000000000000000001", HEX.formatHex(YamuxFrame.goAway(1).write()));
    }

    @Test
    void framesReadBackEqual() throws Exception {
        YamuxFrame f = YamuxFrame.data(0xFFFF_FFFFL, FLAG_FIN | FLAG_RST, new byte[] {1, 2, 3});
        YamuxFrame back = YamuxFrame.read(Unpooled.wrappedBuffer(f.write())).orElseThrow();
        assertEquals(List.of(f.version(), f.type(), f.flags(), f.streamId(), f.length()),
                List.of(back.version(), back.type(), back.flags(), back.streamId(), back.length()));
        assertArrayEquals(f.body(), back.body());
        YamuxFrame w = YamuxFrame.windowUpdate(7, 0, 0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFFL, YamuxFrame.read(Unpooled.wrappedBuffer(w.write())).orElseThrow().length());
    }

    @Test
    void anIncompleteFrameWaitsAndMovesNothing() throws Exception {
        byte[] whole = YamuxFrame.data(1, 0, new byte[10]).write();
        for (int cut = 0; cut < whole.length; cut++) {
            ByteBuf in = Unpooled.wrappedBuffer(whole, 0, cut);
            assertEquals(Optional.empty(), YamuxFrame.read(in));
            assertEquals(0, in.readerIndex());
        }
    }

    @Test
    void anUnknownVersionIsAViolation() {
        ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex("010100010000000100000000"));
        assertEquals(Violation.Kind.PROTOCOL, assertThrows(Violation.class, () -> YamuxFrame.read(in)).kind());
    }

    @Test
    void anUnknownTypeIsAViolation() {
        ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex("000400000000000000000000"));
        assertEquals(Violation.Kind.PROTOCOL, assertThrows(Violation.class, () -> YamuxFrame.read(in)).kind());
    }

    @Test
    void anAbsurdDataLengthIsRefusedFromTheHeaderAlone() {
        ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex("00000000" + "00000001" + "ffffffff"));
        assertEquals(Violation.Kind.OVERSIZED, assertThrows(Violation.class, () -> YamuxFrame.read(in)).kind());
    }

    @Test
    void theLengthOfOtherTypesIsAValueNotABody() throws Exception {
        // a ping with length 2^32-1 has no body: it must not be awaited nor capped
        ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex("0002000100000000ffffffff"));
        assertEquals(0xFFFF_FFFFL, YamuxFrame.read(in).orElseThrow().length());
    }

    // ---- session

    @Test
    void theClientOpensOddStreamsWithASynWindowUpdate() throws Exception {
        YamuxSession client = new YamuxSession(true);
        assertEquals(new StreamId(1, true), client.openStream());
        assertEquals(new StreamId(3, true), client.openStream());
        assertEquals("000100010000000100000000" + "000100010000000300000000", HEX.formatHex(concat(client.takeOutput())));
        YamuxSession server = new YamuxSession(false);
        assertEquals(2, server.openStream().id());
    }

    @Test
    void anInboundSynIsAcknowledgedAndReported() throws Exception {
        YamuxSession server = new YamuxSession(false);
        List<MuxerEvent> events = server.onInput(buf(YamuxFrame.data(1, FLAG_SYN, "x".getBytes())));
        assertEquals(List.of(new MuxerEvent.StreamOpened(new StreamId(1, false))), events.subList(0, 1));
        assertArrayEquals("x".getBytes(), ((MuxerEvent.Data) events.get(1)).bytes());
        YamuxFrame ack = frames(server.takeOutput()).get(0);
        assertEquals(YamuxFrame.TYPE_WINDOW_UPDATE, ack.type());
        assertEquals(FLAG_ACK, ack.flags());
        assertEquals(1, ack.streamId());
    }

    @Test
    void aSynWithOurParityIsAViolation() {
        YamuxSession client = new YamuxSession(true);
        assertThrows(Violation.class, () -> client.onInput(buf(YamuxFrame.windowUpdate(1, FLAG_SYN, 0))));
    }

    @Test
    void aSecondSynForAnOpenStreamIsAViolation() throws Exception {
        YamuxSession server = new YamuxSession(false);
        server.onInput(buf(YamuxFrame.windowUpdate(1, FLAG_SYN, 0)));
        assertThrows(Violation.class, () -> server.onInput(buf(YamuxFrame.windowUpdate(1, FLAG_SYN, 0))));
    }

    @Test
    void streamsBeyondTheCapAreReset() throws Exception {
        YamuxSession client = new YamuxSession(true);
        for (int i = 1; i <= YamuxSession.MAX_INBOUND_STREAMS; i++) {
            client.onInput(buf(YamuxFrame.windowUpdate(2L * i, FLAG_SYN, 0)));
        }
        client.takeOutput();
        long extra = 2L * (YamuxSession.MAX_INBOUND_STREAMS + 1);
        assertEquals(List.of(), client.onInput(buf(YamuxFrame.data(extra, FLAG_SYN, "hello".getBytes()))));
        YamuxFrame rst = frames(client.takeOutput()).get(0);
        assertEquals(extra, rst.streamId());
        assertEquals(FLAG_RST, rst.flags());
    }

    @Test
    void aStreamFloodIsAViolation() throws Exception {
        YamuxSession client = new YamuxSession(true);
        Violation v = assertThrows(Violation.class, () -> {
            for (long id = 2; ; id += 2) {
                client.onInput(buf(YamuxFrame.windowUpdate(id, FLAG_SYN, 0), YamuxFrame.windowUpdate(id, FLAG_RST, 0)));
            }
        });
        assertEquals(Violation.Kind.TOO_MANY, v.kind());
        assertTrue(v.getMessage().contains("stream flood"));
    }

    @Test
    void afterTheHandshakeConcludedStreamsAndPingsHaveNoLifetimeCap() throws Exception {
        YamuxSession client = new YamuxSession(true);
        client.concluded();
        for (long id = 2; id <= 2 * (YamuxSession.MAX_INBOUND_STREAMS_TOTAL + 10); id += 2) {
            client.onInput(buf(YamuxFrame.windowUpdate(id, FLAG_SYN, 0), YamuxFrame.windowUpdate(id, FLAG_RST, 0)));
        }
        for (int i = 0; i < YamuxSession.MAX_PINGS + 10; i++) {
            client.onInput(buf(YamuxFrame.ping(FLAG_SYN, i)));
        }
        Violation v = assertThrows(Violation.class,
                () -> client.onInput(buf(YamuxFrame.windowUpdate(4, FLAG_SYN, 0))), "ids still only grow");
        assertEquals(Violation.Kind.PROTOCOL, v.kind());
    }

    @Test
    void aPingIsAnsweredWithItsOpaqueValue() throws Exception {
        YamuxSession client = new YamuxSession(true);
        assertEquals(List.of(), client.onInput(buf(YamuxFrame.ping(FLAG_SYN, 42))));
        assertEquals("00020002" + "00000000" + "0000002a", HEX.formatHex(concat(client.takeOutput())));
        client.onInput(buf(YamuxFrame.ping(FLAG_ACK, 42)));
        assertEquals(List.of(), client.takeOutput()); // an answer is not answered
    }

    @Test
    void aPingFloodIsAViolation() throws Exception {
        YamuxSession client = new YamuxSession(true);
        for (int i = 0; i < YamuxSession.MAX_PINGS; i++) {
            client.onInput(buf(YamuxFrame.ping(FLAG_SYN, i)));
        }
        Violation v = assertThrows(Violation.class, () -> client.onInput(buf(YamuxFrame.ping(FLAG_SYN, 0))));
        assertEquals(Violation.Kind.TOO_MANY, v.kind());
        assertTrue(v.getMessage().contains("ping flood"));
    }

    @Test
    void aViolationQueuesAGoAwayProtocolErrorAndEndsTheSession() throws Exception {
        YamuxSession client = new YamuxSession(true);
        assertThrows(Violation.class, () -> client.onInput(buf(YamuxFrame.data(0, 0, new byte[1]))));
        assertEquals("000300000000000000000001", HEX.formatHex(concat(client.takeOutput())));
        assertThrows(IllegalStateException.class, () -> client.onInput(Unpooled.buffer()));
    }

    @Test
    void goAwayIsReported() throws Exception {
        YamuxSession client = new YamuxSession(true);
        assertEquals(List.of(new MuxerEvent.GoAway(2)), client.onInput(buf(YamuxFrame.goAway(2))));
        assertThrows(IllegalStateException.class, client::openStream);
    }

    @Test
    void dataBeyondTheWindowWeGrantedIsAViolation() throws Exception {
        YamuxSession client = new YamuxSession(true);
        StreamId s = client.openStream();
        // half the window used: no top-up yet, so half plus one byte more is beyond what we granted
        client.onInput(buf(YamuxFrame.data(s.id(), FLAG_ACK, new byte[INITIAL_WINDOW / 2])));
        Violation v = assertThrows(Violation.class,
                () -> client.onInput(buf(YamuxFrame.data(s.id(), 0, new byte[INITIAL_WINDOW / 2 + 1]))));
        assertEquals(Violation.Kind.PROTOCOL, v.kind());
    }

    @Test
    void theReceiveWindowIsToppedUpOnceHalfIsUsed() throws Exception {
        YamuxSession client = new YamuxSession(true);
        StreamId s = client.openStream();
        client.takeOutput();
        client.onInput(buf(YamuxFrame.data(s.id(), 0, new byte[INITIAL_WINDOW / 2])));
        assertEquals(List.of(), client.takeOutput());
        client.onInput(buf(YamuxFrame.data(s.id(), 0, new byte[1])));
        YamuxFrame update = frames(client.takeOutput()).get(0);
        assertEquals(YamuxFrame.TYPE_WINDOW_UPDATE, update.type());
        assertEquals(INITIAL_WINDOW / 2 + 1, update.length());
    }

    @Test
    void whatWeSendWaitsForThePeersWindow() throws Exception {
        YamuxSession client = new YamuxSession(true);
        StreamId s = client.openStream();
        client.takeOutput();
        client.send(s, new byte[INITIAL_WINDOW + 100]);
        client.close(s);
        List<YamuxFrame> sent = frames(client.takeOutput());
        assertEquals(INITIAL_WINDOW, sent.stream().mapToLong(f -> f.body().length).sum());
        assertTrue(sent.stream().noneMatch(f -> f.has(FLAG_FIN))); // the FIN waits behind the data
        client.onInput(buf(YamuxFrame.windowUpdate(s.id(), FLAG_ACK, 60)));
        sent = frames(client.takeOutput());
        assertEquals(List.of(60), sent.stream().map(f -> f.body().length).toList());
        client.onInput(buf(YamuxFrame.windowUpdate(s.id(), 0, 1000)));
        sent = frames(client.takeOutput());
        assertEquals(40, sent.get(0).body().length);
        assertEquals(FLAG_FIN, sent.get(1).flags());
    }

    @Test
    void aWindowUpdateOverflowingThirtyTwoBitsIsAViolation() throws Exception {
        YamuxSession client = new YamuxSession(true);
        StreamId s = client.openStream();
        Violation v = assertThrows(Violation.class,
                () -> client.onInput(buf(YamuxFrame.windowUpdate(s.id(), 0, YamuxFrame.MAX_U32))));
        assertEquals(Violation.Kind.PROTOCOL, v.kind());
    }

    @Test
    void finAndRstAreReported() throws Exception {
        YamuxSession server = new YamuxSession(false);
        StreamId one = new StreamId(1, false);
        StreamId three = new StreamId(3, false);
        server.onInput(buf(YamuxFrame.windowUpdate(1, FLAG_SYN, 0), YamuxFrame.windowUpdate(3, FLAG_SYN, 0)));
        assertEquals(List.of(new MuxerEvent.StreamClosed(one), new MuxerEvent.StreamReset(three)),
                server.onInput(buf(YamuxFrame.data(1, FLAG_FIN, new byte[0]), YamuxFrame.windowUpdate(3, FLAG_RST, 0))));
    }

    @Test
    void dataAfterFinIsAViolation() throws Exception {
        YamuxSession server = new YamuxSession(false);
        server.onInput(buf(YamuxFrame.windowUpdate(1, FLAG_SYN | FLAG_FIN, 0)));
        assertThrows(Violation.class, () -> server.onInput(buf(YamuxFrame.data(1, 0, new byte[1]))));
    }

    @Test
    void framesForUnknownStreamsAreIgnoredUpToACap() throws Exception {
        YamuxSession client = new YamuxSession(true);
        for (int i = 0; i < YamuxSession.MAX_STRAY_FRAMES; i++) {
            assertEquals(List.of(), client.onInput(buf(YamuxFrame.data(5, 0, new byte[3]))));
        }
        assertEquals(List.of(), client.takeOutput());
        assertEquals(Violation.Kind.TOO_MANY,
                assertThrows(Violation.class, () -> client.onInput(buf(YamuxFrame.data(5, 0, new byte[3])))).kind());
    }

    @Test
    void aStreamClosedBothWaysIsForgotten() throws Exception {
        YamuxSession client = new YamuxSession(true);
        StreamId s = client.openStream();
        client.close(s);
        client.onInput(buf(YamuxFrame.windowUpdate(s.id(), FLAG_ACK | FLAG_FIN, 0)));
        assertThrows(IllegalStateException.class, () -> client.send(s, new byte[1]));
        client.reset(s); // nothing left to reset: no frame
        assertEquals(2, frames(client.takeOutput()).size()); // SYN, FIN
    }

    @Test
    void aStreamThePeerResetInTheSameReadIsNoLongerWritable() throws Exception {
        // the handler answers a request only after onInput returned every event of the read: by then a RST
        // later in the same read has removed the stream, and send would throw
        YamuxSession server = new YamuxSession(false);
        List<MuxerEvent> events = server.onInput(buf(YamuxFrame.data(1, FLAG_SYN, "/multistream/1.0.0\n".getBytes()),
                YamuxFrame.windowUpdate(3, FLAG_SYN, 0), YamuxFrame.windowUpdate(1, FLAG_RST, 0)));
        StreamId reset = new StreamId(1, false);
        assertEquals(List.of("StreamOpened", "Data", "StreamOpened", "StreamReset"),
                events.stream().map(e -> e.getClass().getSimpleName()).toList());
        assertEquals(false, server.writable(reset));
        assertEquals(true, server.writable(new StreamId(3, false)));
        StreamId ours = server.openStream();
        assertEquals(true, server.writable(ours));
        server.close(ours);
        assertEquals(false, server.writable(ours), "closed by us");
    }

    @Test
    void aStreamIdThePeerAlreadyUsedIsAViolation() throws Exception {
        YamuxSession server = new YamuxSession(false);
        Violation v = assertThrows(Violation.class, () -> server.onInput(buf(YamuxFrame.windowUpdate(1, FLAG_SYN, 0),
                YamuxFrame.windowUpdate(1, FLAG_RST, 0), YamuxFrame.windowUpdate(1, FLAG_SYN, 0))));
        assertEquals(Violation.Kind.PROTOCOL, v.kind());
        assertTrue(v.getMessage().contains("reuse"), v.getMessage());
    }

    @Test
    void sendingOnAClosedStreamIsOurMistake() {
        YamuxSession client = new YamuxSession(true);
        StreamId s = client.openStream();
        client.close(s);
        assertThrows(IllegalStateException.class, () -> client.send(s, new byte[1]));
        assertThrows(IllegalStateException.class, () -> client.send(new StreamId(99, true), new byte[1]));
    }

    @Test
    void chunkedInputGivesTheSameEvents() throws Exception {
        YamuxSession whole = new YamuxSession(false);
        YamuxSession chunked = new YamuxSession(false);
        ByteBuf script = buf(YamuxFrame.data(1, FLAG_SYN, "abc".getBytes()), YamuxFrame.ping(FLAG_SYN, 7),
                YamuxFrame.data(1, FLAG_FIN, "de".getBytes()));
        byte[] bytes = new byte[script.readableBytes()];
        script.readBytes(bytes);
        List<MuxerEvent> expected = whole.onInput(Unpooled.wrappedBuffer(bytes));
        List<MuxerEvent> got = new ArrayList<>();
        ByteBuf in = Unpooled.buffer();
        for (byte b : bytes) {
            in.writeByte(b);
            got.addAll(chunked.onInput(in));
        }
        assertEquals(describe(expected), describe(got));
        assertArrayEquals(concat(whole.takeOutput()), concat(chunked.takeOutput()));
    }

    /** Events as text, data in hex (a record's toString shows an array's identity, not its bytes). */
    static List<String> describe(List<MuxerEvent> events) {
        return events.stream().map(e -> e instanceof MuxerEvent.Data d
                ? "Data[" + d.stream() + ", " + HEX.formatHex(d.bytes()) + "]" : e.toString()).toList();
    }

    static byte[] concat(List<byte[]> parts) {
        ByteBuf b = Unpooled.buffer();
        parts.forEach(b::writeBytes);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }
}
