package org.nodehandshake.libp2p;

import org.nodehandshake.libp2p.StreamMuxer.StreamId;

/** What {@link StreamMuxer#onInput} saw happen on the connection's streams. */
public sealed interface MuxerEvent {

    /** The peer opened a stream and we accepted it (streams beyond our cap are reset, not reported). */
    record StreamOpened(StreamId stream) implements MuxerEvent {
    }

    /** Bytes the peer wrote on a stream. */
    record Data(StreamId stream, byte[] bytes) implements MuxerEvent {
        public Data {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** The peer half-closed the stream: it sends no more (we may still write). */
    record StreamClosed(StreamId stream) implements MuxerEvent {
    }

    /** The peer reset the stream: both directions are over. */
    record StreamReset(StreamId stream) implements MuxerEvent {
    }

    /** yamux only: the peer is ending the session (0 normal, 1 protocol error, 2 internal error). */
    record GoAway(long code) implements MuxerEvent {
    }
}
