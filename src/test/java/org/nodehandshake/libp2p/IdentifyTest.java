package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

class IdentifyTest {

    private static final HexFormat HEX = HexFormat.of();
    // /ip4/127.0.0.1/tcp/4001 in binary: 04 7f000001 06 0fa1
    private static final byte[] ADDR = HEX.parseHex("047f000001060fa1");

    private static Identify sample() {
        return new Identify("ipfs/0.1.0", "js-libp2p/3.3.11 node/22.23.5", HEX.parseHex("08011220" + "11".repeat(32)),
                List.of(ADDR, HEX.parseHex("047f000002060fa1")), List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"),
                Optional.of(HEX.parseHex("047f000001060001")), Optional.of(new byte[] {1, 2, 3}));
    }

    @Test
    void writesFieldsInNumberOrder() {
        Identify id = new Identify("p", "a", new byte[] {7}, List.of(new byte[] {4}), List.of("/x"),
                Optional.of(new byte[] {5}), Optional.empty());
        assertEquals("0a0107" + "120104" + "1a022f78" + "220105" + "2a0170" + "320161", HEX.formatHex(id.write()));
    }

    @Test
    void roundTrips() throws Exception {
        Identify id = sample();
        Identify back = Identify.read(id.write());
        assertEquals("ipfs/0.1.0", back.protocolVersion());
        assertEquals("js-libp2p/3.3.11 node/22.23.5", back.agentVersion());
        assertArrayEquals(id.publicKey(), back.publicKey());
        assertEquals(2, back.listenAddrs().size());
        assertArrayEquals(ADDR, back.listenAddrs().get(0));
        assertEquals(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), back.protocols());
        assertArrayEquals(HEX.parseHex("047f000001060001"), back.observedAddr().orElseThrow());
        assertTrue(back.hasSignedPeerRecord());
        assertArrayEquals(id.write(), back.write());
    }

    @Test
    void anEmptyMessageHasEveryFieldAbsent() throws Exception {
        Identify id = Identify.read(new byte[0]);
        assertEquals("", id.agentVersion());
        assertEquals(0, id.publicKey().length);
        assertEquals(List.of(), id.protocols());
        assertTrue(id.observedAddr().isEmpty());
        assertFalse(id.hasSignedPeerRecord());
    }

    @Test
    void theRecordKeepsItsOwnCopies() {
        byte[] key = {1};
        Identify id = new Identify("", "", key, List.of(), List.of(), Optional.empty(), Optional.empty());
        key[0] = 9;
        id.publicKey()[0] = 8;
        assertEquals(1, id.publicKey()[0]);
    }

    @Test
    void aMessageOverEightKibibytesIsRefused() {
        byte[] big = Protobuf.writer().bytes(Identify.PUBLIC_KEY, new byte[Identify.MAX_MESSAGE_BYTES]).toByteArray();
        assertEquals(Violation.Kind.OVERSIZED, assertThrows(Violation.class, () -> Identify.read(big)).kind());
    }

    @Test
    void tooManyListenAddrsAreMalformed() {
        Protobuf.Writer w = Protobuf.writer();
        for (int i = 0; i <= Identify.MAX_LISTEN_ADDRS; i++) {
            w.bytes(Identify.LISTEN_ADDRS, ADDR);
        }
        assertThrows(MalformedMessageException.class, () -> Identify.read(w.toByteArray()));
    }

    @Test
    void tooManyProtocolsAreMalformed() {
        Protobuf.Writer w = Protobuf.writer();
        for (int i = 0; i <= Identify.MAX_PROTOCOLS; i++) {
            w.string(Identify.PROTOCOLS, "/p");
        }
        assertThrows(MalformedMessageException.class, () -> Identify.read(w.toByteArray()));
    }

    @Test
    void aStringOverOneKibibyteIsMalformed() {
        byte[] m = Protobuf.writer().string(Identify.AGENT_VERSION, "a".repeat(Identify.MAX_STRING_BYTES + 1)).toByteArray();
        assertThrows(MalformedMessageException.class, () -> Identify.read(m));
        byte[] p = Protobuf.writer().string(Identify.PROTOCOLS, "a".repeat(Identify.MAX_STRING_BYTES + 1)).toByteArray();
        assertThrows(MalformedMessageException.class, () -> Identify.read(p));
        byte[] a = Protobuf.writer().bytes(Identify.LISTEN_ADDRS, new byte[Identify.MAX_STRING_BYTES + 1]).toByteArray();
        assertThrows(MalformedMessageException.class, () -> Identify.read(a));
    }

    @Test
    void nonUtf8TextIsMalformed() {
        byte[] m = Protobuf.writer().bytes(Identify.AGENT_VERSION, HEX.parseHex("c328")).toByteArray();
        assertThrows(MalformedMessageException.class, () -> Identify.read(m));
    }

    @Test
    void aVarintWhereBytesBelongIsMalformed() {
        byte[] m = Protobuf.writer().varint(Identify.AGENT_VERSION, 1).toByteArray();
        assertThrows(MalformedMessageException.class, () -> Identify.read(m));
    }

    @Test
    void aTruncatedFieldIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> Identify.read(HEX.parseHex("32ff01")));
    }

    @Test
    void theDelimitedFormRoundTripsAndLeavesTheRest() throws Exception {
        ByteBuf in = Unpooled.wrappedBuffer(sample().writeDelimited(), new byte[] {42});
        assertArrayEquals(sample().write(), Identify.readDelimited(in).orElseThrow().write());
        assertEquals(1, in.readableBytes());
    }

    @Test
    void anIncompleteDelimitedMessageWaitsAndMovesNothing() throws Exception {
        byte[] whole = sample().writeDelimited();
        for (int cut = 0; cut < whole.length; cut++) {
            ByteBuf in = Unpooled.wrappedBuffer(whole, 0, cut);
            assertEquals(Optional.empty(), Identify.readDelimited(in));
            assertEquals(0, in.readerIndex());
        }
    }

    @Test
    void aHugeDeclaredLengthIsRefusedBeforeTheBodyArrives() {
        ByteBuf in = Unpooled.wrappedBuffer(Varint.encode(Identify.MAX_MESSAGE_BYTES + 1));
        assertEquals(Violation.Kind.OVERSIZED, assertThrows(Violation.class, () -> Identify.readDelimited(in)).kind());
        ByteBuf huge = Unpooled.wrappedBuffer(Varint.encode(Long.MAX_VALUE));
        assertThrows(Violation.class, () -> Identify.readDelimited(huge));
    }
}
