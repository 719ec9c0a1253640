package org.nodehandshake.libp2p;

import static org.nodehandshake.libp2p.MplexFrame.CLOSE_INITIATOR;
import static org.nodehandshake.libp2p.MplexFrame.CLOSE_RECEIVER;
import static org.nodehandshake.libp2p.MplexFrame.MESSAGE_INITIATOR;
import static org.nodehandshake.libp2p.MplexFrame.MESSAGE_RECEIVER;
import static org.nodehandshake.libp2p.MplexFrame.RESET_INITIATOR;
import static org.nodehandshake.libp2p.MplexFrame.RESET_RECEIVER;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.libp2p.StreamMuxer.Violation.Kind;

/**
 * One mplex session (libp2p/specs mplex) over one secured connection. Both sides number their own streams
 * from 0, so a stream is named by its id and who opened it: the flag of each message says whether its
 * sender is the stream's initiator or receiver. mplex has no flow control; bytes are handed over at once.
 * Streams the peer opens beyond our cap are reset.
 */
public final class MplexSession implements StreamMuxer {

    /** Inbound streams open at once; one more is reset. */
    public static final int MAX_INBOUND_STREAMS = 8;
    /** Inbound streams over the session's life: past this the peer is flooding. */
    public static final int MAX_INBOUND_STREAMS_TOTAL = 64;
    /** Messages for streams we do not know (e.g. in flight after our reset), ignored up to this many. */
    public static final int MAX_STRAY_FRAMES = 64;

    private static final class Stream {
        boolean localClosed;
        boolean remoteClosed;
    }

    private long nextId;
    private final Map<StreamId, Stream> streams = new LinkedHashMap<>();
    private final List<byte[]> output = new ArrayList<>();
    private int inboundTotal;
    /** The highest id the peer has opened (-1: none yet): ids only grow, so an id is never opened twice. */
    private long highestPeerOpened = -1;
    /** False once the handshake concluded: a lingering connection limits open streams, not their total. */
    private boolean lifetimeCap = true;
    private int strays;
    private boolean failed;

    @Override
    public String protocol() {
        return MPLEX;
    }

    /** Opens a stream with NEW_STREAM named by its id, as js-libp2p names them. */
    @Override
    public StreamId openStream() {
        live();
        if (nextId > MplexFrame.MAX_STREAM_ID) {
            throw new IllegalStateException("mplex stream ids exhausted");
        }
        long id = nextId++;
        StreamId stream = new StreamId(id, true);
        streams.put(stream, new Stream());
        emit(id, MplexFrame.NEW_STREAM, String.valueOf(id).getBytes(StandardCharsets.US_ASCII));
        return stream;
    }

    @Override
    public void send(StreamId stream, byte[] data) {
        live();
        Stream s = streams.get(stream);
        if (s == null || s.localClosed) {
            throw new IllegalStateException("stream " + stream + " is not open for writing");
        }
        int flag = stream.local() ? MESSAGE_INITIATOR : MESSAGE_RECEIVER;
        for (int at = 0; at < data.length; at += MplexFrame.MAX_DATA_BYTES) {
            emit(stream.id(), flag, Arrays.copyOfRange(data, at, Math.min(data.length, at + MplexFrame.MAX_DATA_BYTES)));
        }
    }

    @Override
    public void concluded() {
        lifetimeCap = false;
    }

    @Override
    public boolean writable(StreamId stream) {
        Stream s = streams.get(stream);
        return s != null && !s.localClosed;
    }

    @Override
    public void close(StreamId stream) {
        live();
        Stream s = streams.get(stream);
        if (s == null || s.localClosed) {
            return;
        }
        s.localClosed = true;
        emit(stream.id(), stream.local() ? CLOSE_INITIATOR : CLOSE_RECEIVER, new byte[0]);
        if (s.remoteClosed) {
            streams.remove(stream);
        }
    }

    @Override
    public void reset(StreamId stream) {
        live();
        if (streams.remove(stream) != null) {
            emit(stream.id(), stream.local() ? RESET_INITIATOR : RESET_RECEIVER, new byte[0]);
        }
    }

    @Override
    public List<MuxerEvent> onInput(ByteBuf in) throws MalformedMessageException, Violation {
        live();
        List<MuxerEvent> events = new ArrayList<>();
        try {
            while (true) {
                Optional<MplexFrame> frame = MplexFrame.read(in);
                if (frame.isEmpty()) {
                    return events;
                }
                handle(frame.get(), events);
            }
        } catch (MalformedMessageException | Violation e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public List<byte[]> takeOutput() {
        List<byte[]> taken = List.copyOf(output);
        output.clear();
        return taken;
    }

    private void handle(MplexFrame f, List<MuxerEvent> events) throws Violation {
        int flag = f.flag();
        if (flag == MplexFrame.NEW_STREAM) {
            open(new StreamId(f.streamId(), false), events);
            return;
        }
        // odd flags (1, 3, 5) come from the receiver, so name a stream we opened; even ones the peer's
        StreamId stream = new StreamId(f.streamId(), flag % 2 == 1);
        Stream s = streams.get(stream);
        if (s == null) {
            if (++strays > MAX_STRAY_FRAMES) {
                throw new Violation(Kind.TOO_MANY, "more than " + MAX_STRAY_FRAMES + " mplex messages for unknown streams");
            }
            return;
        }
        switch (flag) {
            case MESSAGE_RECEIVER, MESSAGE_INITIATOR -> {
                if (s.remoteClosed) {
                    throw new Violation(Kind.PROTOCOL, "mplex message on stream " + f.streamId() + " after its close");
                }
                if (f.data().length > 0) {
                    events.add(new MuxerEvent.Data(stream, f.data()));
                }
            }
            case CLOSE_RECEIVER, CLOSE_INITIATOR -> {
                // the spec says a close carries no body; one that does is read as a close all the same
                if (!s.remoteClosed) {
                    s.remoteClosed = true;
                    events.add(new MuxerEvent.StreamClosed(stream));
                    if (s.localClosed) {
                        streams.remove(stream);
                    }
                }
            }
            default -> { // RESET_RECEIVER, RESET_INITIATOR
                streams.remove(stream);
                events.add(new MuxerEvent.StreamReset(stream));
            }
        }
    }

    private void open(StreamId stream, List<MuxerEvent> events) throws Violation {
        if (streams.containsKey(stream)) {
            throw new Violation(Kind.PROTOCOL, "mplex NEW_STREAM for stream " + stream.id() + ", already open");
        }
        if (stream.id() <= highestPeerOpened) {
            // ids only grow (the spec; go and js count up): a reused one would alias a stream we already answered
            throw new Violation(Kind.PROTOCOL, "mplex NEW_STREAM for stream " + stream.id() + ", an id the peer already used (reuse)");
        }
        if (++inboundTotal > MAX_INBOUND_STREAMS_TOTAL && lifetimeCap) {
            throw new Violation(Kind.TOO_MANY, "stream flood: more than " + MAX_INBOUND_STREAMS_TOTAL + " mplex streams opened");
        }
        highestPeerOpened = stream.id();
        long open = streams.keySet().stream().filter(k -> !k.local()).count();
        if (open >= MAX_INBOUND_STREAMS) {
            emit(stream.id(), RESET_RECEIVER, new byte[0]);
            return;
        }
        streams.put(stream, new Stream());
        events.add(new MuxerEvent.StreamOpened(stream));
    }

    private void emit(long id, int flag, byte[] data) {
        output.add(new MplexFrame(id, flag, data).write());
    }

    private void live() {
        if (failed) {
            throw new IllegalStateException("mplex session ended by a violation");
        }
    }
}
