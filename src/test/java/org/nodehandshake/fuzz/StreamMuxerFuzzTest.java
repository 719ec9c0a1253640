package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nodehandshake.libp2p.MalformedMessageException;
import org.nodehandshake.libp2p.MplexFrame;
import org.nodehandshake.libp2p.MplexSession;
import org.nodehandshake.libp2p.MuxerEvent;
import org.nodehandshake.libp2p.StreamMuxer;
import org.nodehandshake.libp2p.StreamMuxer.StreamId;
import org.nodehandshake.libp2p.StreamMuxer.Violation;
import org.nodehandshake.libp2p.YamuxFrame;
import org.nodehandshake.libp2p.YamuxSession;

/**
 * The yamux and mplex sessions on arbitrary bytes, fed in fuzzer-chosen chunks, with our own commands
 * (open, send, close, reset) interleaved as the handshake issues them. {@code onInput} consumes whole
 * frames only and fails only with {@link MalformedMessageException} or {@link Violation}, after which the
 * session refuses every use with {@link IllegalStateException}; what it leaves unread is less than one
 * frame at its cap; every stream an event names was opened, and one the peer reset is no longer writable;
 * everything the session writes reads back as well-formed frames.
 */
class StreamMuxerFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void sessions(FuzzedDataProvider data) throws Exception {
        int kind = data.consumeInt(0, 2);
        StreamMuxer muxer = kind == 2 ? new MplexSession() : new YamuxSession(kind == 0);
        long maxUnread = kind == 2 ? MplexFrame.MAX_DATA_BYTES + 2L * 10 : YamuxFrame.HEADER_BYTES + (long) YamuxFrame.MAX_DATA_BYTES;
        List<StreamId> known = new ArrayList<>();
        ByteBuf in = Unpooled.buffer();
        try {
            for (int step = 0; step < 64 && data.remainingBytes() > 0; step++) {
                switch (data.consumeInt(0, 5)) {
                    case 0 -> known.add(open(muxer));
                    case 1 -> {
                        if (!known.isEmpty()) {
                            StreamId s = known.get(data.consumeInt(0, known.size() - 1));
                            if (muxer.writable(s)) {
                                muxer.send(s, data.consumeBytes(data.consumeInt(0, 300)));
                            }
                        }
                    }
                    case 2 -> {
                        if (!known.isEmpty()) {
                            StreamId s = known.get(data.consumeInt(0, known.size() - 1));
                            if (data.consumeBoolean()) {
                                muxer.close(s);
                                assertFalse(muxer.writable(s), "writable after our close");
                            } else {
                                muxer.reset(s);
                                assertFalse(muxer.writable(s), "writable after our reset");
                            }
                        }
                    }
                    default -> {
                        in.writeBytes(data.consumeBytes(data.consumeInt(1, 400)));
                        List<MuxerEvent> events;
                        try {
                            events = muxer.onInput(in);
                        } catch (MalformedMessageException | Violation e) {
                            wellFormed(muxer, kind);
                            assertThrows(IllegalStateException.class, () -> muxer.onInput(Unpooled.buffer()),
                                    "a failed session goes on reading");
                            return;
                        }
                        assertTrue(in.readableBytes() < maxUnread, "more than a frame left unread: " + in.readableBytes());
                        in.discardReadBytes();
                        for (MuxerEvent e : events) {
                            if (e instanceof MuxerEvent.StreamOpened o) {
                                assertFalse(o.stream().local(), "the peer opened a stream named ours");
                                known.add(o.stream());
                            } else if (e instanceof MuxerEvent.StreamReset r) {
                                assertFalse(muxer.writable(r.stream()), "writable after the peer's reset: kind " + kind + " " + events);
                            }
                        }
                    }
                }
                wellFormed(muxer, kind);
            }
        } finally {
            in.release();
        }
    }

    private static StreamId open(StreamMuxer muxer) {
        try {
            return muxer.openStream();
        } catch (IllegalStateException e) {
            // documented: yamux after the peer's GoAway
            return new StreamId(1L << 40, true);
        }
    }

    /** Everything queued reads back as whole frames of the session's kind. */
    private static void wellFormed(StreamMuxer muxer, int kind) throws Exception {
        ByteBuf out = Unpooled.buffer();
        try {
            muxer.takeOutput().forEach(out::writeBytes);
            while (out.isReadable()) {
                Optional<?> f = kind == 2 ? MplexFrame.read(out) : YamuxFrame.read(out);
                assertTrue(f.isPresent(), "our own output ends in a partial frame");
            }
            assertEquals(0, out.readableBytes());
        } finally {
            out.release();
        }
    }
}
