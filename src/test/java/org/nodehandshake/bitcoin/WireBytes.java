package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Test-side byte builders, written from the wire format (PROTOCOL-FACTS.md Part 1) and independent of
 * the code under test: hex, little-endian integers, frames with their double-SHA-256 checksum.
 */
final class WireBytes {

    static final byte[] MAINNET = hex("f9beb4d9");
    static final byte[] REGTEST = hex("fabfb5da");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static WireBytes bytes() {
        return new WireBytes();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Reads and releases a buffer. */
    static byte[] drain(ByteBuf buf) {
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    static byte[] doubleSha256Prefix(byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return Arrays.copyOf(sha.digest(sha.digest(payload)), 4);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** magic + 12-byte NUL-padded command + uint32 LE length + checksum + payload. */
    static byte[] frame(byte[] magic, String command, byte[] payload) {
        return bytes().raw(magic).command(command).u32(payload.length)
                .raw(doubleSha256Prefix(payload)).raw(payload).array();
    }

    static byte[] concat(byte[]... parts) {
        WireBytes b = bytes();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.array();
    }

    WireBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    WireBytes hexBytes(String hex) {
        return raw(hex(hex));
    }

    WireBytes u8(int v) {
        out.write(v);
        return this;
    }

    WireBytes u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    WireBytes u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    WireBytes zeros(int n) {
        return raw(new byte[n]);
    }

    WireBytes command(String command) {
        return raw(Arrays.copyOf(command.getBytes(StandardCharsets.US_ASCII), 12));
    }

    /** addr as in a version message: services, ::ffff:a.b.c.d, big-endian port. */
    WireBytes ipv4Addr(long services, int a, int b, int c, int d, int port) {
        return u64(services).zeros(10).u8(0xff).u8(0xff).u8(a).u8(b).u8(c).u8(d).u8(port >> 8).u8(port);
    }

    /** The 46 bytes every version must carry. */
    static WireBytes versionPrefix(int version, long services, long timestamp) {
        return bytes().u32(version).u64(services).u64(timestamp).ipv4Addr(0, 127, 0, 0, 1, 18444);
    }

    /** A complete version payload with a one-byte-length user agent. */
    static byte[] versionPayload(int version, long nonce, String userAgent, int height, boolean relay) {
        byte[] ua = userAgent.getBytes(StandardCharsets.UTF_8);
        return versionPrefix(version, 0x409, 1_700_000_000L).zeros(26).u64(nonce)
                .u8(ua.length).raw(ua).u32(height).u8(relay ? 1 : 0).array();
    }

    byte[] array() {
        return out.toByteArray();
    }
}
