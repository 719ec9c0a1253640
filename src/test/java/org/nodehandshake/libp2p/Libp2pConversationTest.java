package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nodehandshake.libp2p.MultistreamNegotiation.Result;
import org.nodehandshake.libp2p.StreamMuxer.StreamId;

/**
 * A dialer and a listener session wired back to back, as the lead's handler will drive them: the dialer
 * opens a stream, negotiates identify over it with multistream-select, and reads the listener's Identify,
 * which the listener writes and closes its side after. The wire is cut into 7-byte chunks on the way.
 */
class Libp2pConversationTest {

    private static final int CHUNK = 7;

    private static final Identify LISTENERS_IDENTIFY = new Identify("ipfs/0.1.0", "node-handshake/test",
            new byte[] {8, 1, 18, 32, 1, 2, 3}, List.of(new byte[] {4, 127, 0, 0, 1, 6, 15, (byte) 161}),
            List.of(Identify.PROTOCOL, "/ipfs/ping/1.0.0"), Optional.of(new byte[] {4, 127, 0, 0, 2, 6, 0, 1}),
            Optional.empty());

    /** Moves a session's output into the other side's input buffer. */
    private static void pump(StreamMuxer from, ByteBuf wire) {
        from.takeOutput().forEach(wire::writeBytes);
    }

    /** Hands the peer the next few bytes only, as TCP may. */
    private static List<MuxerEvent> deliver(StreamMuxer to, ByteBuf wire, ByteBuf received) throws Exception {
        List<MuxerEvent> events = new ArrayList<>();
        while (wire.isReadable()) {
            received.writeBytes(wire, Math.min(CHUNK, wire.readableBytes()));
            events.addAll(to.onInput(received));
            received.discardReadBytes();
        }
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {StreamMuxer.YAMUX, StreamMuxer.MPLEX})
    void theDialerReadsTheListenersIdentify(String muxer) throws Exception {
        StreamMuxer dialer = StreamMuxer.forProtocol(muxer, true);
        StreamMuxer listener = StreamMuxer.forProtocol(muxer, false);
        ByteBuf toListener = Unpooled.buffer();
        ByteBuf toDialer = Unpooled.buffer();
        ByteBuf listenerIn = Unpooled.buffer();
        ByteBuf dialerIn = Unpooled.buffer();

        // the dialer: open a stream, propose identify
        StreamId stream = dialer.openStream();
        MultistreamNegotiation dialerSide = MultistreamNegotiation.dialer(List.of(Identify.PROTOCOL));
        dialerSide.start().forEach(b -> dialer.send(stream, b));
        ByteBuf dialerStream = Unpooled.buffer();
        Optional<Identify> identified = Optional.empty();
        boolean closedByListener = false;

        // the listener: one negotiation per inbound stream, identify answered once selected
        Map<StreamId, MultistreamNegotiation> negotiations = new HashMap<>();
        Map<StreamId, ByteBuf> listenerStreams = new HashMap<>();

        for (int round = 0; round < 20 && identified.isEmpty(); round++) {
            pump(dialer, toListener);
            for (MuxerEvent e : deliver(listener, toListener, listenerIn)) {
                if (e instanceof MuxerEvent.StreamOpened o) {
                    MultistreamNegotiation n = MultistreamNegotiation.listener(Set.of(Identify.PROTOCOL));
                    n.start();
                    negotiations.put(o.stream(), n);
                    listenerStreams.put(o.stream(), Unpooled.buffer());
                } else if (e instanceof MuxerEvent.Data d) {
                    ByteBuf in = listenerStreams.get(d.stream()).writeBytes(d.bytes());
                    MultistreamNegotiation n = negotiations.get(d.stream());
                    boolean undecided = n.result().isEmpty();
                    n.onInput(in).forEach(b -> listener.send(d.stream(), b));
                    if (undecided && n.result().isPresent()) {
                        assertEquals(new Result.Selected(Identify.PROTOCOL), n.result().get());
                        listener.send(d.stream(), LISTENERS_IDENTIFY.writeDelimited());
                        listener.close(d.stream());
                    }
                }
            }
            pump(listener, toDialer);
            for (MuxerEvent e : deliver(dialer, toDialer, dialerIn)) {
                if (e instanceof MuxerEvent.Data d) {
                    assertEquals(stream, d.stream());
                    dialerStream.writeBytes(d.bytes());
                    dialerSide.onInput(dialerStream);
                    if (dialerSide.result().isPresent()) {
                        assertInstanceOf(Result.Selected.class, dialerSide.result().get());
                        identified = Identify.readDelimited(dialerStream);
                    }
                } else if (e instanceof MuxerEvent.StreamClosed c) {
                    assertEquals(stream, c.stream());
                    closedByListener = true;
                }
            }
        }

        Identify got = identified.orElseThrow();
        assertEquals("node-handshake/test", got.agentVersion());
        assertEquals(LISTENERS_IDENTIFY.protocols(), got.protocols());
        assertArrayEquals(LISTENERS_IDENTIFY.write(), got.write());
        assertTrue(closedByListener);
        assertEquals(0, dialerStream.readableBytes());
    }
}
