package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

/**
 * One mplex message (libp2p/specs mplex): a varint header {@code id << 3 | flag}, a varint length, then
 * that many bytes. The spec allows up to 1 MiB a message; the length is judged before the body is awaited.
 */
public record MplexFrame(long streamId, int flag, byte[] data) {

    public static final int NEW_STREAM = 0;
    public static final int MESSAGE_RECEIVER = 1;
    public static final int MESSAGE_INITIATOR = 2;
    public static final int CLOSE_RECEIVER = 3;
    public static final int CLOSE_INITIATOR = 4;
    public static final int RESET_RECEIVER = 5;
    public static final int RESET_INITIATOR = 6;

    /** The spec's largest message body. */
    public static final int MAX_DATA_BYTES = 1 << 20;
    /** A nine-byte header varint leaves 60 bits for the id. */
    public static final long MAX_STREAM_ID = (1L << 60) - 1;

    public MplexFrame {
        if (streamId < 0 || streamId > MAX_STREAM_ID) {
            throw new IllegalArgumentException("mplex stream id out of range: " + streamId);
        }
        if (flag < NEW_STREAM || flag > RESET_INITIATOR) {
            throw new IllegalArgumentException("mplex flag out of range: " + flag);
        }
        if (data.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("mplex message over " + MAX_DATA_BYTES + " bytes");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public byte[] write() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 12);
        Varint.write(streamId << 3 | flag, out);
        Varint.write(data.length, out);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /**
     * Reads one whole message at the reader index, or returns empty and moves nothing while it is incomplete.
     *
     * @throws MalformedMessageException for a bad varint
     * @throws Violation OVERSIZED for a declared length over {@link #MAX_DATA_BYTES}, PROTOCOL for flag 7
     */
    public static Optional<MplexFrame> read(ByteBuf in) throws MalformedMessageException, Violation {
        int start = in.readerIndex();
        long header = Varint.read(in);
        if (header == Varint.INCOMPLETE) {
            return Optional.empty();
        }
        int flag = (int) (header & 7);
        if (flag > RESET_INITIATOR) {
            throw new Violation(Violation.Kind.PROTOCOL, "unknown mplex flag " + flag);
        }
        long length = Varint.read(in);
        if (length == Varint.INCOMPLETE) {
            in.readerIndex(start);
            return Optional.empty();
        }
        if (length > MAX_DATA_BYTES) {
            throw new Violation(Violation.Kind.OVERSIZED,
                    "mplex message declares " + length + " bytes, more than " + MAX_DATA_BYTES);
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return Optional.empty();
        }
        byte[] data = new byte[(int) length];
        in.readBytes(data);
        return Optional.of(new MplexFrame(header >>> 3, flag, data));
    }
}
