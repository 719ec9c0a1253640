package org.nodehandshake.fuzz;

import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.FrameViolation;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.nodehandshake.bitcoin.BitcoinFrame;
import org.nodehandshake.bitcoin.BitcoinFrameDecoder;

/**
 * The v1 frame decoder on arbitrary streams in arbitrary chunks. Whatever arrives, it emits valid
 * frames and at most one {@link FrameViolation} as its last word, throws nothing and
 * releases every buffer. Without the post-handshake mode it must also agree with a reference reading
 * of the stream, whatever the chunking: the same frames, and an error exactly when the stream breaks a
 * rule or its frames pass the byte cap.
 */
class FrameDecoderFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final byte[] MAGIC = BitcoinNetwork.REGTEST.magic();
    private static final int MAX_PAYLOAD = 4096;
    private static final int MAX_BYTES = 65_536;

    @FuzzTest(maxDuration = "20s")
    void decode(FuzzedDataProvider data) {
        byte[] stream = FuzzWire.stream(data, MAGIC, OptionalLong.empty());
        int skipOversizedBeforeChunk = data.consumeInt(-1, 24); // -1: never leave the handshake phase
        List<byte[]> chunks = FuzzWire.chunks(data, stream);

        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(Integer.MAX_VALUE, MAX_BYTES));

        BitcoinFrameDecoder decoder = new BitcoinFrameDecoder(MAGIC, MAX_PAYLOAD, budget);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<ByteBuf> fed = new ArrayList<>();
        List<Object> emitted = new ArrayList<>();
        boolean skipping = false;
        try {
            for (int i = 0; i < chunks.size(); i++) {
                if (i == skipOversizedBeforeChunk) {
                    budget.close(); // the handshake concluded
                    skipping = true;
                }
                FuzzWire.write(channel, chunks.get(i), fed); // rethrows anything the pipeline caught
                for (Object o; (o = channel.readInbound()) != null; ) {
                    emitted.add(o);
                }
            }
            channel.checkException();
            checkShape(emitted);
            if (!skipping) {
                checkAgainstReference(stream, emitted);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "the decoder released every input buffer");
        }
    }

    /** Frames with valid commands and capped payloads; at most one error, and nothing after it. */
    private static void checkShape(List<Object> emitted) {
        for (int i = 0; i < emitted.size(); i++) {
            Object o = emitted.get(i);
            if (o instanceof BitcoinFrame frame) {
                assertTrue(validCommand(frame.command()), "invalid command emitted: " + frame.command());
                assertTrue(frame.payload().length <= MAX_PAYLOAD, "payload over the cap: " + frame.payload().length);
            } else if (o instanceof FrameViolation error) {
                assertEquals(emitted.size() - 1, i, "a FrameError must be the last thing emitted: " + emitted);
                assertFalse(error.reason().isBlank(), "a FrameError needs a reason");
                assertNotEquals(ReasonCode.INTERNAL_ERROR, error.code(), "a framing rule is the peer's fault");
            } else {
                fail("unexpected inbound object: " + o);
            }
        }
    }

    /**
     * Reads the whole stream the way the wire format says and compares: the same frames, then an error
     * of the same kind exactly when the stream breaks a rule. The byte cap counts whole frames as they
     * are consumed, so none of this may depend on how the stream was chunked.
     */
    private static void checkAgainstReference(byte[] stream, List<Object> emitted) {
        List<BitcoinFrame> expectedFrames = new ArrayList<>();
        ReasonCode expectedError = referenceRead(stream, expectedFrames);
        List<BitcoinFrame> frames = new ArrayList<>();
        FrameViolation error = null;
        for (Object o : emitted) {
            if (o instanceof BitcoinFrame f) {
                frames.add(f);
            } else {
                error = (FrameViolation) o;
            }
        }
        assertEquals(expectedFrames, frames, "frames");
        if (expectedError == null) {
            assertEquals(null, error, "error on a well-formed (possibly incomplete) stream");
        } else {
            assertTrue(error != null && error.code() == expectedError, "error " + error + ", expected " + expectedError);
        }
        // The frames are the stream's prefix, byte for byte.
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        for (BitcoinFrame f : frames) {
            rewritten.writeBytes(FuzzWire.header(MAGIC, f.command(), f.payload().length, FuzzWire.checksum(f.payload())));
            rewritten.writeBytes(f.payload());
        }
        assertArrayEquals(Arrays.copyOf(stream, rewritten.size()), rewritten.toByteArray(),
                "frames are not the stream's prefix");
    }

    /** Collects the stream's frames; returns the first broken rule's code, or null. */
    private static ReasonCode referenceRead(byte[] stream, List<BitcoinFrame> frames) {
        int at = 0;
        while (at < stream.length) {
            int available = stream.length - at;
            for (int i = 0; i < Math.min(4, available); i++) {
                if (stream[at + i] != MAGIC[i]) {
                    return ReasonCode.WRONG_NETWORK;
                }
            }
            if (available < 24) {
                return null;
            }
            byte[] name = Arrays.copyOfRange(stream, at + 4, at + 16);
            String command = commandField(name);
            if (command == null) {
                return ReasonCode.MALFORMED_FRAME;
            }
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(stream, at + 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            if (length > MAX_PAYLOAD) {
                return ReasonCode.OVERSIZED_FRAME;
            }
            if (available < 24 + length) {
                return null;
            }
            byte[] payload = Arrays.copyOfRange(stream, at + 24, at + 24 + (int) length);
            if (!Arrays.equals(Arrays.copyOfRange(stream, at + 20, at + 24), FuzzWire.checksum(payload))) {
                return ReasonCode.BAD_CHECKSUM;
            }
            at += 24 + (int) length;
            if (at > MAX_BYTES) {
                return ReasonCode.TOO_MANY_BYTES; // the frame that crosses the cap is not passed on
            }
            frames.add(new BitcoinFrame(command, payload));
        }
        return null;
    }

    /** 1-12 printable ASCII characters, then only NULs. */
    private static String commandField(byte[] field) {
        int end = 0;
        while (end < 12 && field[end] != 0) {
            end++;
        }
        String command = new String(field, 0, end, StandardCharsets.ISO_8859_1);
        for (int i = end; i < 12; i++) {
            if (field[i] != 0) {
                return null;
            }
        }
        return validCommand(command) ? command : null;
    }

    private static boolean validCommand(String command) {
        return !command.isEmpty() && command.length() <= 12 && command.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
