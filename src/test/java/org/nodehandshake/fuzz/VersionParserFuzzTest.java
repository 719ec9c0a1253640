package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.nodehandshake.bitcoin.MalformedMessageException;
import org.nodehandshake.bitcoin.VersionMessage;
import org.nodehandshake.bitcoin.BitcoinPeer;

/**
 * {@link VersionMessage#read} on any payload: a message that keeps its promises (user agent within
 * Core's 256 bytes, printable in the report, written back byte-stable) or a
 * {@link MalformedMessageException}, never anything else.
 */
class VersionParserFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    @FuzzTest(maxDuration = "20s")
    void parse(FuzzedDataProvider data) throws Exception {
        // Half the time a payload built field by field (deep paths), otherwise raw bytes.
        byte[] payload = data.consumeBoolean()
                ? FuzzWire.versionPayload(data, OptionalLong.empty())
                : data.consumeRemainingAsBytes();
        VersionMessage message;
        try {
            message = VersionMessage.read(payload);
        } catch (MalformedMessageException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a rejection needs a reason");
            return;
        }
        assertTrue(payload.length >= VersionMessage.MINIMUM_SIZE, "accepted " + payload.length + " bytes");
        ByteBuffer raw = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(raw.getInt(0), message.version(), "version");
        assertEquals(raw.getLong(4), message.services(), "services");
        assertEquals(raw.getLong(12), message.timestamp(), "timestamp");

        assertTrue(message.userAgent().getBytes(StandardCharsets.UTF_8).length <= VersionMessage.MAX_USER_AGENT_LENGTH,
                "user agent over " + VersionMessage.MAX_USER_AGENT_LENGTH + " bytes");
        BitcoinPeer peer = message.toPeer();
        assertTrue(peer.userAgent().codePoints().noneMatch(Character::isISOControl),
                "control character in the printable user agent: " + peer.userAgent());
        assertEquals(message.version(), peer.protocolVersion());
        assertEquals(message.services(), peer.services());
        assertEquals(message.startHeight(), peer.startHeight());
        assertEquals(message.relay(), peer.relay());

        byte[] written = write(message);
        VersionMessage back = VersionMessage.read(written);
        if (message.nonce().isPresent()) {
            assertEquals(message, back, "write then read changed the message");
        } else {
            // An absent nonce is written as Core's default, 1; nothing else may change.
            assertEquals(new VersionMessage(message.version(), message.services(), message.timestamp(),
                    message.receiver(), message.sender(), OptionalLong.of(1), message.userAgent(),
                    message.startHeight(), message.relay()), back, "write then read changed the message");
        }
        assertArrayEquals(written, write(back), "writing is not stable");
    }

    private static byte[] write(VersionMessage message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            message.writePayload(buf);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }
}
