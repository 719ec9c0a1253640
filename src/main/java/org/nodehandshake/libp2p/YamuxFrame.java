package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

/**
 * One yamux frame (libp2p/specs yamux, hashicorp's spec.md): a 12-byte big-endian header (version 8 bits,
 * type 8, flags 16, stream id 32, length 32) and, for DATA only, {@code length} bytes of body. For the other
 * types the length is a value: a window delta, a ping's opaque value, a GoAway code.
 */
public record YamuxFrame(int version, int type, int flags, long streamId, long length, byte[] body) {

    public static final int HEADER_BYTES = 12;
    public static final int VERSION = 0;

    public static final int TYPE_DATA = 0;
    public static final int TYPE_WINDOW_UPDATE = 1;
    public static final int TYPE_PING = 2;
    public static final int TYPE_GO_AWAY = 3;

    public static final int FLAG_SYN = 1;
    public static final int FLAG_ACK = 2;
    public static final int FLAG_FIN = 4;
    public static final int FLAG_RST = 8;

    public static final int GO_AWAY_NORMAL = 0;
    public static final int GO_AWAY_PROTOCOL_ERROR = 1;
    public static final int GO_AWAY_INTERNAL_ERROR = 2;

    /** Every stream's window at the start, both ways (the spec's 256 KiB). */
    public static final int INITIAL_WINDOW = 256 * 1024;
    /** Largest DATA body {@link #read(ByteBuf)} accepts: we never grant a window beyond the initial one. */
    public static final int MAX_DATA_BYTES = INITIAL_WINDOW;

    public static final long MAX_U32 = 0xFFFF_FFFFL;

    public YamuxFrame {
        if (version < 0 || version > 0xFF || type < 0 || type > 0xFF || flags < 0 || flags > 0xFFFF) {
            throw new IllegalArgumentException("yamux header field out of range");
        }
        if (streamId < 0 || streamId > MAX_U32 || length < 0 || length > MAX_U32) {
            throw new IllegalArgumentException("yamux stream id or length out of 32 bits");
        }
        if (type == TYPE_DATA ? body.length != length : body.length != 0) {
            throw new IllegalArgumentException("only a DATA frame has a body, of exactly its length");
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public static YamuxFrame data(long streamId, int flags, byte[] body) {
        return new YamuxFrame(VERSION, TYPE_DATA, flags, streamId, body.length, body);
    }

    public static YamuxFrame windowUpdate(long streamId, int flags, long delta) {
        return new YamuxFrame(VERSION, TYPE_WINDOW_UPDATE, flags, streamId, delta, new byte[0]);
    }

    public static YamuxFrame ping(int flags, long opaque) {
        return new YamuxFrame(VERSION, TYPE_PING, flags, 0, opaque, new byte[0]);
    }

    public static YamuxFrame goAway(long code) {
        return new YamuxFrame(VERSION, TYPE_GO_AWAY, 0, 0, code, new byte[0]);
    }

    /** The wire form: header, then the body of a DATA frame. */
    public byte[] write() {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + body.length); // big-endian by default
        out.put((byte) version).put((byte) type).putShort((short) flags)
                .putInt((int) streamId).putInt((int) length).put(body);
        return out.array();
    }

    /** {@link #read(ByteBuf, long)} with the cap {@link #MAX_DATA_BYTES}. */
    public static Optional<YamuxFrame> read(ByteBuf in) throws Violation {
        return read(in, MAX_DATA_BYTES);
    }

    /**
     * Reads one whole frame at the reader index, or returns empty and moves nothing while it is incomplete.
     * The header is judged before the body is awaited: an unknown version or type is a protocol violation,
     * a DATA length over {@code maxData} is oversized.
     */
    public static Optional<YamuxFrame> read(ByteBuf in, long maxData) throws Violation {
        if (maxData < 0 || maxData > Integer.MAX_VALUE - HEADER_BYTES) {
            throw new IllegalArgumentException("DATA cap out of range: " + maxData);
        }
        if (in.readableBytes() < HEADER_BYTES) {
            return Optional.empty();
        }
        int at = in.readerIndex();
        int version = in.getUnsignedByte(at);
        int type = in.getUnsignedByte(at + 1);
        int flags = in.getUnsignedShort(at + 2);
        long streamId = in.getUnsignedInt(at + 4);
        long length = in.getUnsignedInt(at + 8);
        if (version != VERSION) {
            throw new Violation(Violation.Kind.PROTOCOL, "yamux version " + version + ", only 0 exists");
        }
        if (type > TYPE_GO_AWAY) {
            throw new Violation(Violation.Kind.PROTOCOL, "unknown yamux frame type " + type);
        }
        long bodyLength = type == TYPE_DATA ? length : 0;
        if (bodyLength > maxData) {
            throw new Violation(Violation.Kind.OVERSIZED,
                    "yamux DATA frame of " + length + " bytes, more than " + maxData);
        }
        if (in.readableBytes() < HEADER_BYTES + bodyLength) {
            return Optional.empty();
        }
        in.skipBytes(HEADER_BYTES);
        byte[] body = new byte[(int) bodyLength];
        in.readBytes(body);
        return Optional.of(new YamuxFrame(version, type, flags, streamId, length, body));
    }
}
