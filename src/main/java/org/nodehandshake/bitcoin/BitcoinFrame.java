package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One v1 transport frame: a 24-byte header (magic, 12-byte NUL-padded command, uint32 LE payload
 * length, checksum = first 4 bytes of SHA-256(SHA-256(payload))) and the payload.
 */
public record BitcoinFrame(String command, byte[] payload) {

    public static final int HEADER_SIZE = 24;
    public static final int COMMAND_SIZE = 12;

    public BitcoinFrame {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(payload, "payload");
        if (!isValidCommand(command)) {
            throw new IllegalArgumentException("invalid command: " + command);
        }
    }

    public static BitcoinFrame of(BitcoinMessage message, ByteBuf scratch) {
        message.writePayload(scratch);
        byte[] payload = new byte[scratch.readableBytes()];
        scratch.readBytes(payload);
        return new BitcoinFrame(message.command(), payload);
    }

    /** Writes header and payload for the network identified by {@code magic}. */
    public void write(ByteBuf out, byte[] magic) {
        out.writeBytes(magic);
        byte[] name = new byte[COMMAND_SIZE];
        byte[] ascii = command.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, name, 0, ascii.length);
        out.writeBytes(name);
        out.writeIntLE(payload.length);
        out.writeBytes(checksum(payload));
        out.writeBytes(payload);
    }

    public int wireSize() {
        return HEADER_SIZE + payload.length;
    }

    /** First four bytes of the double SHA-256 of {@code payload}. */
    public static byte[] checksum(byte[] payload) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] once = sha256.digest(payload);
            return Arrays.copyOf(sha256.digest(once), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }

    /** 1 to 12 printable ASCII characters (0x20-0x7e). */
    static boolean isValidCommand(String command) {
        if (command.isEmpty() || command.length() > COMMAND_SIZE) {
            return false;
        }
        return command.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BitcoinFrame f && f.command.equals(command) && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return command.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "BitcoinFrame[" + command + ", " + payload.length + " bytes]";
    }
}
