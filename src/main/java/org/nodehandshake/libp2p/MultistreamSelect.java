package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * multistream-select 1.0 messages (multiformats/multistream-select): an unsigned varint length, then that
 * many bytes of UTF-8 text ending in {@code \n}. The length counts the newline. The reader checks the
 * declared length before it waits for the body, so a peer cannot make us buffer a megabyte of "line".
 */
public final class MultistreamSelect {

    public static final String PROTOCOL = "/multistream/1.0.0";
    public static final String NA = "na";
    public static final String LS = "ls";

    /** Longest message accepted or written, newline included (js-libp2p's own cap on a protocol line). */
    public static final int MAX_MESSAGE_BYTES = 1024;

    private MultistreamSelect() {
    }

    /** The wire form of one line: varint length of text+"\n", the text, "\n". */
    public static byte[] message(String line) {
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a multistream line holds no newline: " + line);
        }
        if (text.length + 1 > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("multistream line longer than " + MAX_MESSAGE_BYTES + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 3);
        Varint.write(text.length + 1L, out);
        out.writeBytes(text);
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads one whole message at the reader index and returns its text without the newline, or returns
     * empty and moves nothing when the message is not all there yet.
     *
     * @throws StreamMuxer.Violation (OVERSIZED) when the declared length exceeds {@link #MAX_MESSAGE_BYTES}
     * @throws MalformedMessageException for a bad varint, an empty message, a missing newline or non-UTF-8 text
     */
    public static Optional<String> read(ByteBuf in) throws MalformedMessageException, StreamMuxer.Violation {
        int start = in.readerIndex();
        long length = Varint.read(in);
        if (length == Varint.INCOMPLETE) {
            return Optional.empty();
        }
        if (length > MAX_MESSAGE_BYTES) {
            // judged on the declaration alone: the body may never come, or be huge
            in.readerIndex(start);
            throw new StreamMuxer.Violation(StreamMuxer.Violation.Kind.OVERSIZED,
                    "multistream message declares " + length + " bytes, more than " + MAX_MESSAGE_BYTES);
        }
        if (length == 0) {
            throw new MalformedMessageException("empty multistream message (no newline)");
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return Optional.empty();
        }
        byte[] body = new byte[(int) length];
        in.readBytes(body);
        if (body[body.length - 1] != '\n') {
            throw new MalformedMessageException("multistream message does not end in a newline");
        }
        return Optional.of(utf8(body, body.length - 1, "multistream message"));
    }

    private static String utf8(byte[] bytes, int length, String what) throws MalformedMessageException {
        try {
            // strict decoding: the default String constructor would silently substitute U+FFFD
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(what + " is not UTF-8");
        }
    }

    /** Strict UTF-8 for the other libp2p readers of this package (Identify's strings). */
    static String strictUtf8(byte[] bytes, String what) throws MalformedMessageException {
        return utf8(bytes, bytes.length, what);
    }
}
