package org.nodehandshake.libp2p;

import static org.nodehandshake.libp2p.YamuxFrame.FLAG_ACK;
import static org.nodehandshake.libp2p.YamuxFrame.FLAG_FIN;
import static org.nodehandshake.libp2p.YamuxFrame.FLAG_RST;
import static org.nodehandshake.libp2p.YamuxFrame.FLAG_SYN;
import static org.nodehandshake.libp2p.YamuxFrame.INITIAL_WINDOW;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.libp2p.StreamMuxer.Violation.Kind;

/**
 * One yamux session (libp2p/specs yamux) over one secured connection. The client (the connection's dialer)
 * opens odd stream ids, the server even ones. Flow control is per stream: we grant the initial 256 KiB and
 * top it up once half is used (bytes are handed to the caller at once, so they count as consumed); what
 * we send waits for the peer's window. Pings are answered, GoAway reported, streams the peer opens beyond
 * our cap are reset. On a violation a GoAway (protocol error) is queued before the exception is thrown.
 */
public final class YamuxSession implements StreamMuxer {

    /** Inbound streams open at once; one more is answered with RST (a handshake needs identify and ping). */
    public static final int MAX_INBOUND_STREAMS = 8;
    /** Inbound streams over the session's life: past this the peer is flooding, not talking. */
    public static final int MAX_INBOUND_STREAMS_TOTAL = 64;
    /** Pings answered over the session's life (js pings at once and every 30 s). */
    public static final int MAX_PINGS = 100;
    /** Frames for streams we do not know (e.g. in flight after our RST), ignored up to this many. */
    public static final int MAX_STRAY_FRAMES = 64;
    /** Our own bytes waiting for the peer's window on one stream. */
    public static final int MAX_PENDING_SEND_BYTES = 1 << 20;
    /** We top the receive window back up to {@link YamuxFrame#INITIAL_WINDOW} once it falls below this. */
    public static final int WINDOW_UPDATE_THRESHOLD = INITIAL_WINDOW / 2;

    private static final class Stream {
        final boolean local;
        long receiveWindow = INITIAL_WINDOW; // what the peer may still send us
        long sendWindow = INITIAL_WINDOW; // what we may still send
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        long pendingBytes;
        boolean closing; // close() called: FIN goes out once pending is flushed
        boolean finSent;
        boolean remoteClosed;

        Stream(boolean local) {
            this.local = local;
        }
    }

    private final boolean client;
    private long nextId;
    private final Map<Long, Stream> streams = new LinkedHashMap<>();
    private final List<byte[]> output = new ArrayList<>();
    private int inboundTotal;
    /** The highest id the peer has opened (-1: none yet): ids only grow, so an id is never opened twice. */
    private long highestPeerOpened = -1;
    /** False once the handshake concluded: a lingering connection limits open streams, not their total or its pings. */
    private boolean lifetimeCap = true;
    private int pings;
    private int strays;
    private boolean peerGoneAway;
    private boolean failed;

    /** {@code client}: the connection's dialer (odd stream ids). */
    public YamuxSession(boolean client) {
        this.client = client;
        this.nextId = client ? 1 : 2;
    }

    @Override
    public String protocol() {
        return YAMUX;
    }

    /** Opens a stream with a WINDOW_UPDATE carrying SYN (delta 0: the initial window stays), which the spec allows. */
    @Override
    public StreamId openStream() {
        live();
        if (peerGoneAway) {
            throw new IllegalStateException("the peer sent GoAway: no new streams");
        }
        if (nextId > YamuxFrame.MAX_U32) {
            throw new IllegalStateException("yamux stream ids exhausted");
        }
        long id = nextId;
        nextId += 2;
        streams.put(id, new Stream(true));
        emit(YamuxFrame.windowUpdate(id, FLAG_SYN, 0));
        return new StreamId(id, true);
    }

    @Override
    public void send(StreamId stream, byte[] data) {
        live();
        Stream s = streams.get(stream.id());
        if (s == null || s.closing) {
            throw new IllegalStateException("stream " + stream.id() + " is not open for writing");
        }
        if (s.pendingBytes + data.length > MAX_PENDING_SEND_BYTES) {
            throw new IllegalStateException("more than " + MAX_PENDING_SEND_BYTES + " bytes waiting for the peer's window");
        }
        if (data.length == 0) {
            return;
        }
        s.pending.add(data.clone());
        s.pendingBytes += data.length;
        flush(stream.id(), s);
    }

    @Override
    public void concluded() {
        lifetimeCap = false;
    }

    @Override
    public boolean writable(StreamId stream) {
        Stream s = streams.get(stream.id());
        return s != null && !s.closing;
    }

    @Override
    public void close(StreamId stream) {
        live();
        Stream s = streams.get(stream.id());
        if (s == null || s.closing) {
            return; // already reset or closed: nothing left to say
        }
        s.closing = true;
        flush(stream.id(), s);
    }

    @Override
    public void reset(StreamId stream) {
        live();
        if (streams.remove(stream.id()) != null) {
            emit(YamuxFrame.windowUpdate(stream.id(), FLAG_RST, 0));
        }
    }

    /** Queues a GoAway with {@code code} (see {@link YamuxFrame#GO_AWAY_NORMAL}): we open no more streams. */
    public void goAway(int code) {
        live();
        emit(YamuxFrame.goAway(code));
    }

    @Override
    public List<MuxerEvent> onInput(ByteBuf in) throws Violation {
        live();
        List<MuxerEvent> events = new ArrayList<>();
        try {
            while (true) {
                Optional<YamuxFrame> frame = YamuxFrame.read(in, YamuxFrame.MAX_DATA_BYTES);
                if (frame.isEmpty()) {
                    return events;
                }
                handle(frame.get(), events);
            }
        } catch (Violation e) {
            failed = true;
            emit(YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
            throw e;
        }
    }

    @Override
    public List<byte[]> takeOutput() {
        List<byte[]> taken = List.copyOf(output);
        output.clear();
        return taken;
    }

    private void handle(YamuxFrame f, List<MuxerEvent> events) throws Violation {
        switch (f.type()) {
            case YamuxFrame.TYPE_PING -> {
                if (f.has(FLAG_SYN)) {
                    if (++pings > MAX_PINGS && lifetimeCap) {
                        throw new Violation(Kind.TOO_MANY, "ping flood: more than " + MAX_PINGS + " yamux pings");
                    }
                    emit(YamuxFrame.ping(FLAG_ACK, f.length()));
                } // an ACK answers a ping of ours; we send none, so it is ignored
            }
            case YamuxFrame.TYPE_GO_AWAY -> {
                peerGoneAway = true;
                events.add(new MuxerEvent.GoAway(f.length()));
            }
            default -> onStreamFrame(f, events);
        }
    }

    private void onStreamFrame(YamuxFrame f, List<MuxerEvent> events) throws Violation {
        long id = f.streamId();
        boolean data = f.type() == YamuxFrame.TYPE_DATA;
        if (id == 0) {
            throw new Violation(Kind.PROTOCOL, "yamux " + (data ? "DATA" : "WINDOW_UPDATE") + " on stream 0 (the session's)");
        }
        if (f.has(FLAG_SYN) && !accept(id, events)) {
            return;
        }
        Stream s = streams.get(id);
        if (s == null) {
            // the spec's reading (hashicorp's too): most likely a stream we reset; its data is dropped
            if (++strays > MAX_STRAY_FRAMES) {
                throw new Violation(Kind.TOO_MANY, "more than " + MAX_STRAY_FRAMES + " yamux frames for unknown streams");
            }
            return;
        }
        StreamId sid = new StreamId(id, s.local);
        if (data) {
            long n = f.length();
            if (n > 0 && s.remoteClosed) {
                throw new Violation(Kind.PROTOCOL, "yamux DATA on stream " + id + " after its FIN");
            }
            if (n > s.receiveWindow) {
                throw new Violation(Kind.PROTOCOL, "yamux DATA of " + n + " bytes on stream " + id
                        + ", more than the " + s.receiveWindow + " we granted");
            }
            s.receiveWindow -= n;
            if (n > 0) {
                events.add(new MuxerEvent.Data(sid, f.body()));
            }
            if (s.receiveWindow < WINDOW_UPDATE_THRESHOLD && !f.has(FLAG_FIN) && !f.has(FLAG_RST)) {
                emit(YamuxFrame.windowUpdate(id, 0, INITIAL_WINDOW - s.receiveWindow));
                s.receiveWindow = INITIAL_WINDOW;
            }
        } else {
            s.sendWindow += f.length();
            if (s.sendWindow > YamuxFrame.MAX_U32) {
                throw new Violation(Kind.PROTOCOL, "yamux window update on stream " + id + " overflows 2^32-1");
            }
        }
        if (f.has(FLAG_RST)) {
            streams.remove(id);
            events.add(new MuxerEvent.StreamReset(sid));
            return;
        }
        if (f.has(FLAG_FIN) && !s.remoteClosed) {
            s.remoteClosed = true;
            events.add(new MuxerEvent.StreamClosed(sid));
            if (s.finSent) {
                streams.remove(id);
                return;
            }
        }
        if (!data) {
            flush(id, s);
        }
    }

    /** An inbound SYN: true when the stream is now open, false when we reset it. */
    private boolean accept(long id, List<MuxerEvent> events) throws Violation {
        boolean peerParity = (id % 2 == 1) != client; // the client's ids are odd
        if (!peerParity) {
            throw new Violation(Kind.PROTOCOL, "yamux SYN for stream " + id + ", an id of ours to open");
        }
        if (streams.containsKey(id)) {
            throw new Violation(Kind.PROTOCOL, "yamux SYN for stream " + id + ", already open");
        }
        if (id <= highestPeerOpened) {
            // ids only grow (the spec; go and js count up): a reused one would alias a stream we already answered
            throw new Violation(Kind.PROTOCOL, "yamux SYN for stream " + id + ", an id the peer already used (reuse)");
        }
        if (++inboundTotal > MAX_INBOUND_STREAMS_TOTAL && lifetimeCap) {
            throw new Violation(Kind.TOO_MANY, "stream flood: more than " + MAX_INBOUND_STREAMS_TOTAL + " yamux streams opened");
        }
        highestPeerOpened = id;
        long open = streams.values().stream().filter(s -> !s.local).count();
        if (open >= MAX_INBOUND_STREAMS) {
            emit(YamuxFrame.windowUpdate(id, FLAG_RST, 0));
            return false;
        }
        streams.put(id, new Stream(false));
        emit(YamuxFrame.windowUpdate(id, FLAG_ACK, 0));
        events.add(new MuxerEvent.StreamOpened(new StreamId(id, false)));
        return true;
    }

    /** Sends what the peer's window allows, then the FIN once nothing is left and close() was called. */
    private void flush(long id, Stream s) {
        while (!s.pending.isEmpty() && s.sendWindow > 0) {
            byte[] head = s.pending.peek();
            int n = (int) Math.min(Math.min(head.length, s.sendWindow), YamuxFrame.MAX_DATA_BYTES);
            emit(YamuxFrame.data(id, 0, n == head.length ? head : Arrays.copyOf(head, n)));
            s.pending.poll();
            if (n < head.length) {
                s.pending.addFirst(Arrays.copyOfRange(head, n, head.length));
            }
            s.pendingBytes -= n;
            s.sendWindow -= n;
        }
        if (s.pending.isEmpty() && s.closing && !s.finSent) {
            emit(YamuxFrame.windowUpdate(id, FLAG_FIN, 0));
            s.finSent = true;
            if (s.remoteClosed) {
                streams.remove(id);
            }
        }
    }

    private void emit(YamuxFrame frame) {
        output.add(frame.write());
    }

    private void live() {
        if (failed) {
            throw new IllegalStateException("yamux session ended by a violation");
        }
    }
}
