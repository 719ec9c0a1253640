package org.nodehandshake.fuzz;

import org.nodehandshake.protocol.Direction;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.VersionMessage;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;

/**
 * The initiator's whole pipeline (frame decoder + handshake state machine, as {@link BitcoinProtocol}
 * installs it) against a peer that sends anything, in any chunks. No exception escapes, the handler's
 * catch-all never fires (an "internal error" outcome is a bug it swallowed), and the session is either
 * still open or ended with a coherent outcome: SUCCESS with the peer's version, PARTIAL with it, FAILED
 * without it, and a reason code, a reason and a stage whenever it did not succeed. What we send is
 * always a well-formed frame.
 */
class HandshakeHandlerFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final byte[] MAGIC = BitcoinNetwork.REGTEST.magic();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final Set<String> WE_SEND = Set.of("version", "verack", "pong");

    @FuzzTest(maxDuration = "20s")
    void handshake(FuzzedDataProvider data) throws Exception {
        BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/fuzz:1/", CLOCK);
        HandshakeSession session = new HandshakeSession(
                new HandshakeTarget("fuzz", InetAddress.getLoopbackAddress(), 18444, BitcoinNetwork.REGTEST, true), 5000,
                Direction.OUTBOUND, protocol.limits());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        protocol.install(channel.pipeline(), session);
        channel.register(); // channelActive: we send our version

        List<ByteBuf> fed = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        try {
            List<byte[]> ours = drainOutbound(channel, sent);
            assertEquals(List.of("version"), sent, "the initiator speaks first, once");
            long ourNonce = VersionMessage.read(Arrays.copyOfRange(ours.get(0), 24, ours.get(0).length))
                    .nonce().getAsLong();

            byte[] stream = FuzzWire.stream(data, MAGIC, OptionalLong.of(ourNonce));
            boolean deadline = data.consumeBoolean();
            List<byte[]> chunks = FuzzWire.chunks(data, stream);

            for (byte[] chunk : chunks) {
                if (!channel.isOpen()) {
                    break; // a broken frame while lingering closes the connection; the peer is gone
                }
                boolean failedBefore = session.isDone()
                        && !(session.result().join().outcome() instanceof Outcome.Success);
                int sentBefore = sent.size();
                FuzzWire.write(channel, chunk, fed); // rethrows anything that reached the pipeline's tail
                drainOutbound(channel, sent);
                assertNull(channel.readInbound(), "the handshake handler passes nothing on");
                if (failedBefore) {
                    assertEquals(sentBefore, sent.size(), "sent " + sent.subList(sentBefore, sent.size())
                            + " after the handshake failed");
                }
            }
            channel.checkException();
            if (deadline && !session.isDone()) {
                session.deadlineExpired(protocol.awaited(session));
            }
            check(session, sent);
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "every inbound buffer was released");
        }
    }

    private static void check(HandshakeSession session, List<String> sent) {
        if (!session.isDone()) {
            return;
        }
        HandshakeResult result = session.result().join();
        Outcome outcome = result.outcome();
        assertTrue(result.messages().size() <= BitcoinProtocol.MAX_FRAMES_BEFORE_CONCLUSION,
                result.messages().size() + " messages recorded");
        if (outcome instanceof Outcome.Success) {
            FuzzWire.assertCoherentSuccess(result);
            assertTrue(result.messages().contains("version") && result.messages().contains("verack"),
                    "SUCCESS without version and verack: " + result.messages());
            assertTrue(sent.contains("verack"), "SUCCESS but we never sent our verack: " + sent);
            return;
        }
        FuzzWire.assertCoherentFailure(result);
    }

    /** Reads every frame we wrote, checking each is one complete, well-formed frame of ours. */
    private static List<byte[]> drainOutbound(EmbeddedChannel channel, List<String> commands) {
        List<byte[]> frames = new ArrayList<>();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            byte[] wire;
            try {
                wire = new byte[buf.readableBytes()];
                buf.readBytes(wire);
            } finally {
                buf.release();
            }
            assertTrue(wire.length >= 24, "short write: " + wire.length + " bytes");
            assertArrayEquals(MAGIC, Arrays.copyOf(wire, 4), "magic");
            String command = new String(wire, 4, 12, StandardCharsets.US_ASCII).replace("\0", "");
            int length = ByteBuffer.wrap(wire, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            assertEquals(24 + length, wire.length, "one frame per write");
            byte[] payload = Arrays.copyOfRange(wire, 24, wire.length);
            assertArrayEquals(FuzzWire.checksum(payload), Arrays.copyOfRange(wire, 20, 24), "checksum");
            assertTrue(WE_SEND.contains(command), "we sent " + command);
            commands.add(command);
            frames.add(wire);
        }
        return frames;
    }
}
