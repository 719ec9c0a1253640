package org.nodehandshake.monero;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Levin and portable-storage bytes for tests, built by hand from the wire format (levin_base.h,
 * portable_storage_base.h), never through the classes under test; and the golden monerod capture.
 */
public final class LevinWire {

    public static final int HEADER = 33;
    public static final int REQUEST = 0x1;
    public static final int RESPONSE = 0x2;
    public static final int BEGIN = 0x4;
    public static final int END = 0x8;

    /** mainnet (and --regtest) network id. */
    public static final String MAINNET_ID = "1230f171610441611731008216a1a110";
    public static final String TESTNET_ID = "1230f171610441611731008216a1a111";
    public static final String GENESIS = "418015bb9ae982a1975da7d79277c2705727a56894ba0fb246adaabb1f4632e3";

    private LevinWire() {
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static byte[] repeat(byte[] part, int times) {
        byte[] out = new byte[part.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(part, 0, out, i * part.length, part.length);
        }
        return out;
    }

    /** bucket_head2, field by field. */
    public static byte[] header(long cb, boolean haveToReturn, int command, int returnCode, int flags, int version) {
        return ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0x0101010101012101L)
                .putLong(cb)
                .put((byte) (haveToReturn ? 1 : 0))
                .putInt(command)
                .putInt(returnCode)
                .putInt(flags)
                .putInt(version)
                .array();
    }

    public static byte[] request(int command, byte[] body) {
        return concat(header(body.length, true, command, 0, REQUEST, 1), body);
    }

    public static byte[] notification(int command, byte[] body) {
        return concat(header(body.length, false, command, 0, REQUEST, 1), body);
    }

    public static byte[] response(int command, int returnCode, byte[] body) {
        return concat(header(body.length, false, command, returnCode, RESPONSE, 1), body);
    }

    /** A BEGIN|END packet without REQUEST or RESPONSE: padding to skip. */
    public static byte[] noise(int size) {
        return concat(header(size, false, 0, 0, BEGIN | END, 1), new byte[size]);
    }

    /** The smallest body: the 9-byte storage header and an empty root (no fields). */
    public static final byte[] EMPTY_BODY = hex("011101010101020101" + "00");

    // ---- portable storage, by hand ----

    /** Writes portable-storage bytes in wire order; the caller says what comes next. */
    public static final class Blob {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** Starts with the 9-byte header. */
        public static Blob storage() {
            return new Blob().raw(hex("011101010101020101"));
        }

        public static Blob bare() {
            return new Blob();
        }

        public Blob raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public Blob u8(int v) {
            out.write(v);
            return this;
        }

        public Blob le(long v, int width) {
            for (int i = 0; i < width; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        /** The smallest varint that holds {@code v}. */
        public Blob varint(long v) {
            if (v <= 63) {
                return le(v << 2, 1);
            } else if (v <= 16_383) {
                return le(v << 2 | 1, 2);
            } else if (v <= 0x3FFF_FFFFL) {
                return le(v << 2 | 2, 4);
            }
            return le(v << 2 | 3, 8);
        }

        /** A field's name and type byte. */
        public Blob field(String name, int type) {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            out.write(n.length);
            out.writeBytes(n);
            out.write(type);
            return this;
        }

        public Blob object(String name, int fieldCount) {
            return field(name, 12).varint(fieldCount);
        }

        public Blob string(String name, byte[] value) {
            return field(name, 10).varint(value.length).raw(value);
        }

        public Blob uint64(String name, long v) {
            return field(name, 5).le(v, 8);
        }

        public Blob uint32(String name, long v) {
            return field(name, 6).le(v, 4);
        }

        public Blob uint16(String name, int v) {
            return field(name, 7).le(v, 2);
        }

        public Blob uint8(String name, int v) {
            return field(name, 8).le(v, 1);
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** node_data with the fields monerod writes (my_port, network_id, peer_id, support_flags). */
    public static Blob nodeData(Blob b, String networkIdHex, long peerId) {
        return b.object("node_data", 4)
                .uint32("my_port", 0)
                .string("network_id", hex(networkIdHex))
                .uint64("peer_id", peerId)
                .uint32("support_flags", 1);
    }

    /** payload_data as monerod writes it for a chain of only the genesis block. */
    public static Blob payloadData(Blob b) {
        return b.object("payload_data", 5)
                .uint64("cumulative_difficulty", 1)
                .uint64("cumulative_difficulty_top64", 0)
                .uint64("current_height", 1)
                .string("top_id", hex(GENESIS))
                .uint8("top_version", 1);
    }

    /** A handshake body (request or response): node_data then payload_data. */
    public static byte[] handshakeBody(String networkIdHex, long peerId) {
        Blob b = Blob.storage().varint(2);
        nodeData(b, networkIdHex, peerId);
        payloadData(b);
        return b.bytes();
    }

    public static byte[] handshakeResponse(String networkIdHex, long peerId) {
        return response(1001, 1, handshakeBody(networkIdHex, peerId));
    }

    public static byte[] handshakeRequest(String networkIdHex, long peerId) {
        return request(1001, handshakeBody(networkIdHex, peerId));
    }

    // ---- the golden capture ----

    /** One recv() chunk of the capture. */
    public record Chunk(boolean fromInitiator, byte[] bytes) {
    }

    public static List<Chunk> capture() {
        List<Chunk> chunks = new ArrayList<>();
        try (InputStream in = LevinWire.class.getResourceAsStream("monerod-0.18-handshake-capture.txt")) {
            if (in == null) {
                throw new IllegalStateException("capture resource missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("A->B ") || line.startsWith("B->A ")) {
                    chunks.add(new Chunk(line.startsWith("A->B"), hex(line.substring(5).trim())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunks;
    }

    /** The capture's first chunk from A: monerod's COMMAND_HANDSHAKE request (295 bytes). */
    public static byte[] capturedRequest() {
        return capture().stream().filter(Chunk::fromInitiator).findFirst().orElseThrow().bytes();
    }

    /** B's NOTIFY_GET_TXPOOL_COMPLEMENT sent before its response (43 bytes). */
    public static byte[] capturedTxpoolComplement() {
        return capture().stream().filter(c -> !c.fromInitiator()).toList().get(0).bytes();
    }

    /** B's COMMAND_HANDSHAKE response (295 bytes). */
    public static byte[] capturedResponse() {
        return capture().stream().filter(c -> !c.fromInitiator()).toList().get(1).bytes();
    }

    /** B's COMMAND_TIMED_SYNC request, sent ~60 s after the handshake. */
    public static byte[] capturedTimedSyncRequest() {
        return capture().stream().filter(c -> !c.fromInitiator()).toList().get(3).bytes();
    }

    public static byte[] body(byte[] packet) {
        return java.util.Arrays.copyOfRange(packet, HEADER, packet.length);
    }
}
