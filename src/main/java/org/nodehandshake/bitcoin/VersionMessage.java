package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The {@code version} message, laid out as Bitcoin Core reads it (net_processing.cpp, ProcessMessage
 * "version"): the first 46 bytes are required; addr_from and nonce, user agent, start height and relay
 * follow optionally, each defaulting as Core defaults it when absent.
 *
 * @param nonce empty when the peer omitted it (Core then assumes 1)
 */
public record VersionMessage(
        int version,
        long services,
        long timestamp,
        NetAddress receiver,
        NetAddress sender,
        OptionalLong nonce,
        String userAgent,
        int startHeight,
        boolean relay) implements BitcoinMessage {

    public static final String COMMAND = "version";
    /** version + services + timestamp + addr_recv: what every version must carry. */
    public static final int MINIMUM_SIZE = 4 + 8 + 8 + NetAddress.SIZE;
    /** Core's MAX_SUBVERSION_LENGTH. */
    public static final int MAX_USER_AGENT_LENGTH = 256;

    public VersionMessage {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.getBytes(StandardCharsets.UTF_8).length > MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException("user agent longer than " + MAX_USER_AGENT_LENGTH + " bytes");
        }
    }

    @Override
    public String command() {
        return COMMAND;
    }

    public static VersionMessage read(byte[] payload) throws MalformedMessageException {
        if (payload.length < MINIMUM_SIZE) {
            throw new MalformedMessageException("version: " + payload.length + " bytes, at least "
                    + MINIMUM_SIZE + " required");
        }
        WireReader in = new WireReader(payload, COMMAND);
        int version = in.int32();
        long services = in.int64();
        long timestamp = in.int64();
        NetAddress receiver = NetAddress.read(in);
        NetAddress sender = NetAddress.unspecified();
        OptionalLong nonce = OptionalLong.empty();
        String userAgent = "";
        int startHeight = -1;
        boolean relay = true;
        if (in.remaining() > 0) {
            sender = NetAddress.read(in);
            nonce = OptionalLong.of(in.int64());
        }
        if (in.remaining() > 0) {
            int length = (int) in.compactSize(MAX_USER_AGENT_LENGTH);
            userAgent = decodeUserAgent(in.bytes(length));
        }
        if (in.remaining() > 0) {
            startHeight = in.int32();
        }
        if (in.remaining() > 0) {
            int flag = in.uint8();
            relay = flag != 0;
        }
        // Trailing bytes are ignored, as Core ignores them: later versions may append fields.
        return new VersionMessage(version, services, timestamp, receiver, sender, nonce,
                userAgent, startHeight, relay);
    }

    @Override
    public void writePayload(ByteBuf out) {
        out.writeIntLE(version);
        out.writeLongLE(services);
        out.writeLongLE(timestamp);
        receiver.write(out);
        sender.write(out);
        out.writeLongLE(nonce.orElse(1));
        byte[] agent = userAgent.getBytes(StandardCharsets.UTF_8);
        writeCompactSize(out, agent.length);
        out.writeBytes(agent);
        out.writeIntLE(startHeight);
        out.writeBoolean(relay);
    }

    /**
     * Core accepts any bytes as a user agent. Each invalid UTF-8 byte becomes one '?', so the text never
     * grows beyond the wire length (a U+FFFD replacement would triple it).
     */
    private static String decodeUserAgent(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith("?")
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("REPLACE never throws", e);
        }
    }

    /** CompactSize for lengths up to {@link #MAX_USER_AGENT_LENGTH}: one byte, or 0xfd and a uint16. */
    private static void writeCompactSize(ByteBuf out, int length) {
        if (length < 0xfd) {
            out.writeByte(length);
        } else {
            out.writeByte(0xfd);
            out.writeShortLE(length);
        }
    }

    /** The protocol-neutral view for the report, with the user agent made safe to print. */
    public BitcoinPeer toPeer() {
        return new BitcoinPeer(version, printable(userAgent), services, startHeight, relay);
    }

    /**
     * Replaces control characters, line and paragraph separators and invisible format characters
     * (bidi overrides, zero-width joiners) so a peer cannot forge log lines, terminal escapes or text
     * that reads differently from what it is.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(isSafe(c) ? c : '?'));
        return out.toString();
    }

    private static boolean isSafe(int codePoint) {
        int type = Character.getType(codePoint);
        return !Character.isISOControl(codePoint) && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }
}
