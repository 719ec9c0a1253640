package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/**
 * Turns fuzzer input into a v1 byte stream and feeds it in fuzzer-chosen chunks.
 *
 * <p>A pure byte-level fuzzer almost never gets past the double-SHA-256 checksum, so the stream is a
 * sequence of segments: raw bytes, or frames whose checksum (and length) this class computes, each
 * optionally broken in one fuzzer-chosen way. Versions can be built field by field, with our own nonce
 * echoed when the caller knows it. When the fuzzer's data runs out every choice falls back to its
 * minimum, so short inputs still make sense.
 *
 * <p>Written from the wire format, not from the code under test.
 */
final class FuzzWire {

    /** Commands a real peer sends during and right after the handshake, plus a few others. */
    static final String[] COMMANDS = {
        "version", "verack", "ping", "pong", "wtxidrelay", "sendaddrv2", "sendcmpct", "feefilter",
        "sendheaders", "addr", "addrv2", "inv", "getheaders", "headers", "reject", "alert", "x", "123456789012",
    };

    private static final int MAX_SEGMENTS = 80;
    /**
     * libFuzzer keeps inputs at 4 KiB by default; bulk segments let a small input exceed the 64 KiB cap
     * before the handshake concludes. Beyond a little more than that, longer streams only cost speed.
     */
    static final int MAX_STREAM = 72 * 1024;

    private FuzzWire() {
    }

    /** Builds the stream; {@code ourNonce} is what a version may echo back to provoke a self-connection. */
    static byte[] stream(FuzzedDataProvider data, byte[] magic, OptionalLong ourNonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int segment = 0; segment < MAX_SEGMENTS && data.remainingBytes() > 0 && out.size() < MAX_STREAM;
                segment++) {
            switch (data.consumeInt(0, 5)) {
                case 0 -> out.writeBytes(data.consumeBytes(data.consumeInt(0, 64)));
                case 1 -> out.writeBytes(frame(data, magic, pickCommand(data), data.consumeBytes(data.consumeInt(0, 512))));
                case 2 -> out.writeBytes(frame(data, magic, "version", versionPayload(data, ourNonce)));
                case 3 -> out.writeBytes(frame(data, magic, rawCommand(data), data.consumeBytes(data.consumeInt(0, 64))));
                case 4 -> {
                    // Big frames and many of them: the payload cap, the byte cap, skipping after conclusion.
                    byte[] payload = new byte[data.consumeInt(0, 4200)];
                    Arrays.fill(payload, data.consumeByte());
                    byte[] one = frame(data, magic, pickCommand(data), payload);
                    int copies = data.consumeInt(1, 20);
                    for (int i = 0; i < copies; i++) {
                        out.writeBytes(one);
                    }
                }
                default -> {
                    // A small well-formed frame with an 8-byte payload (ping/pong nonce), unbroken.
                    byte[] payload = longLE(data.consumeLong());
                    out.writeBytes(header(magic, pickCommand(data), payload.length, checksum(payload)));
                    out.writeBytes(payload);
                }
            }
        }
        return out.toByteArray();
    }

    /** Splits {@code stream} into fuzzer-sized chunks; what the fuzzer no longer decides arrives in one piece. */
    static List<byte[]> chunks(FuzzedDataProvider data, byte[] stream) {
        List<byte[]> chunks = new ArrayList<>();
        int offset = 0;
        while (offset < stream.length) {
            int size = data.remainingBytes() > 0 ? data.consumeInt(1, stream.length - offset) : stream.length - offset;
            chunks.add(Arrays.copyOfRange(stream, offset, offset + size));
            offset += size;
        }
        return chunks;
    }

    /** Writes one chunk as a buffer the test keeps, so it can check that the pipeline released it. */
    static ByteBuf write(EmbeddedChannel channel, byte[] chunk, List<ByteBuf> fed) {
        ByteBuf buf = Unpooled.copiedBuffer(chunk);
        fed.add(buf);
        channel.writeInbound(buf);
        return buf;
    }

    private static String pickCommand(FuzzedDataProvider data) {
        return data.pickValue(COMMANDS);
    }

    /** 1-12 ASCII characters, control characters and NULs included: valid commands and invalid ones. */
    private static String rawCommand(FuzzedDataProvider data) {
        String s = data.consumeAsciiString(12);
        return s.isEmpty() ? "v" : s;
    }

    /**
     * A frame for {@code command} and {@code payload}: correct unless the fuzzer picks one defect
     * (magic, command bytes, length, checksum, truncation).
     */
    static byte[] frame(FuzzedDataProvider data, byte[] magic, String command, byte[] payload) {
        byte[] checksum = checksum(payload);
        long length = payload.length;
        byte[] frameMagic = magic;
        int defect = data.consumeInt(0, 15);
        switch (defect) {
            case 1 -> {
                frameMagic = magic.clone();
                frameMagic[data.consumeInt(0, 3)] ^= (byte) data.consumeInt(1, 255);
            }
            case 2 -> length = Integer.toUnsignedLong(data.consumeInt());
            case 3 -> length = Math.max(0, length + data.consumeInt(-8, 8));
            case 4 -> checksum[data.consumeInt(0, 3)] ^= (byte) data.consumeInt(1, 255);
            default -> {
            }
        }
        byte[] head = header(frameMagic, command, length, checksum);
        if (defect == 5) {
            // A command field with bytes after the NUL, a control character, or no NUL padding rules at all.
            int at = 4 + data.consumeInt(0, 11);
            head[at] = data.consumeByte();
        }
        byte[] frame = concat(head, payload);
        if (defect == 6) {
            frame = Arrays.copyOf(frame, data.consumeInt(0, frame.length));
        }
        return frame;
    }

    static byte[] header(byte[] magic, String command, long length, byte[] checksum) {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.put(magic, 0, 4);
        byte[] name = command.getBytes(StandardCharsets.ISO_8859_1);
        header.put(Arrays.copyOf(name, 12));
        header.putInt((int) length);
        header.put(checksum, 0, 4);
        return header.array();
    }

    /**
     * A version payload field by field (Core's order): the mandatory 46 bytes, then addr_from + nonce,
     * user agent, start height and relay, stopping after a fuzzer-chosen field or at any byte.
     */
    static byte[] versionPayload(FuzzedDataProvider data, OptionalLong ourNonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int version = switch (data.consumeInt(0, 4)) {
            case 0 -> 70016;
            case 1 -> 31800; // the lowest accepted
            case 2 -> 31799; // the highest rejected
            case 3 -> 70015;
            default -> data.consumeInt();
        };
        out.writeBytes(intLE(version));
        out.writeBytes(longLE(data.consumeLong())); // services
        out.writeBytes(longLE(data.consumeLong())); // timestamp
        out.writeBytes(netAddress(data)); // addr_recv
        int stopAfter = data.consumeInt(0, 6);
        if (stopAfter >= 1) {
            out.writeBytes(netAddress(data)); // addr_from
            long nonce = ourNonce.isPresent() && data.consumeBoolean() ? ourNonce.getAsLong() : data.consumeLong();
            out.writeBytes(longLE(nonce));
        }
        if (stopAfter >= 2) {
            byte[] agent = data.consumeBytes(data.consumeInt(0, 300));
            out.writeBytes(compactSize(data, agent.length));
            out.writeBytes(agent);
        }
        if (stopAfter >= 3) {
            out.writeBytes(intLE(data.consumeInt())); // start_height
        }
        if (stopAfter >= 4) {
            out.writeBytes(new byte[] {data.consumeByte()}); // relay
        }
        if (stopAfter >= 5) {
            out.writeBytes(data.consumeBytes(data.consumeInt(0, 16))); // later versions' extra fields
        }
        byte[] payload = out.toByteArray();
        if (stopAfter == 6) {
            payload = Arrays.copyOf(payload, data.consumeInt(0, payload.length)); // cut anywhere
        }
        return payload;
    }

    private static byte[] netAddress(FuzzedDataProvider data) {
        ByteBuffer addr = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        addr.putLong(data.consumeLong());
        if (data.consumeBoolean()) {
            addr.put(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff}); // IPv4-mapped
            addr.put(Arrays.copyOf(data.consumeBytes(4), 4));
        } else {
            addr.put(Arrays.copyOf(data.consumeBytes(16), 16));
        }
        addr.order(ByteOrder.BIG_ENDIAN).putShort((short) data.consumeInt(0, 65535));
        return addr.array();
    }

    /** CompactSize for {@code n}: canonical, or a non-canonical / lying encoding the fuzzer picks. */
    private static byte[] compactSize(FuzzedDataProvider data, int n) {
        return switch (data.consumeInt(0, 7)) {
            case 1 -> concat(new byte[] {(byte) 0xfd}, shortLE(n)); // non-canonical when n < 0xfd
            case 2 -> concat(new byte[] {(byte) 0xfe}, intLE(n));
            case 3 -> concat(new byte[] {(byte) 0xff}, longLE(n));
            case 4 -> new byte[] {data.consumeByte()}; // any one-byte length
            case 5 -> concat(new byte[] {(byte) 0xfd}, shortLE(data.consumeInt(0, 0xffff)));
            case 6 -> concat(new byte[] {(byte) 0xff}, longLE(data.consumeLong()));
            default -> n < 0xfd ? new byte[] {(byte) n} : concat(new byte[] {(byte) 0xfd}, shortLE(n));
        };
    }

    static byte[] checksum(byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return Arrays.copyOf(sha.digest(sha.digest(payload)), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] shortLE(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    static byte[] intLE(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] longLE(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** Quiet logs: the handshake logs every outcome at INFO, which would swamp a fuzzing run. */
    static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.org.nodehandshake") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.nodehandshake", "warn");
        }
    }

    /**
     * A handshake that did not succeed ended coherently, whatever the protocol: a reason code that is not
     * an internal error and a reason in words; a stage short of concluded on a connection that existed;
     * PARTIAL only with the peer's data accepted (stage peer-hello), FAILED only without it (stage before).
     */
    static void assertCoherentFailure(HandshakeResult result) {
        Outcome outcome = result.outcome();
        String reason = outcome.reason().orElse("");
        assertTrue(outcome.reasonCode().isPresent(), outcome.label() + " without a reason code: " + reason);
        assertFalse(reason.isBlank(), outcome.label() + " without a reason");
        assertNotEquals(ReasonCode.INTERNAL_ERROR, outcome.reasonCode().get(), "the handler swallowed a bug: " + reason);
        Stage stage = result.stage();
        assertNotNull(stage, outcome.label() + " without a stage");
        assertTrue(stage.compareTo(Stage.CONNECTED) >= 0, "a connection without stage connected: " + result);
        assertNotEquals(Stage.CONCLUDED, stage, outcome.label() + " although concluded: " + result);
        if (outcome instanceof Outcome.Partial) {
            assertTrue(result.peer().isPresent(), "PARTIAL without the peer's data: " + reason);
            assertTrue(stage.compareTo(Stage.PEER_HELLO) >= 0, "PARTIAL before the peer's hello: " + result);
        } else {
            assertTrue(outcome instanceof Outcome.Failed, "unknown outcome " + outcome);
            assertTrue(result.peer().isEmpty(), "FAILED although the peer's data was accepted: " + reason);
            assertTrue(stage.compareTo(Stage.PEER_HELLO) < 0, "FAILED after the peer's hello: " + result);
        }
    }

    /** A handshake that succeeded says so coherently: no reason, no code, stage concluded, the peer's data. */
    static void assertCoherentSuccess(HandshakeResult result) {
        Outcome outcome = result.outcome();
        assertTrue(outcome.reason().isEmpty(), "SUCCESS with a reason: " + outcome);
        assertTrue(outcome.reasonCode().isEmpty(), "SUCCESS with a reason code: " + outcome);
        assertEquals(Stage.CONCLUDED, result.stage(), "SUCCESS short of concluded: " + result);
        assertTrue(result.peer().isPresent(), "SUCCESS without the peer's data");
    }
}
