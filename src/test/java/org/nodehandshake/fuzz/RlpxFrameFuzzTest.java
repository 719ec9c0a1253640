package org.nodehandshake.fuzz;

import static org.nodehandshake.testing.EmbeddedWire.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nodehandshake.ethereum.EthereumNetwork;
import org.nodehandshake.ethereum.EthereumProtocol;
import org.nodehandshake.ethereum.Hello;
import org.nodehandshake.ethereum.NodeKey;
import org.nodehandshake.ethereum.RlpxWire;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.ReasonCode;

/**
 * The RLPx frame decoder, where {@link EthereumProtocol} installs it: our responder has read a real
 * auth and sent its ack, and then the stream is fuzzer-built frames sealed with the right keys (raw
 * payloads, Hello, Status, Disconnect, Ping, Snappy on or off, frames past the 64 KiB cap) mixed with
 * raw bytes and frames broken at one byte, in fuzzer-chosen chunks. Without the real keys the fuzzer
 * would never get past the first header MAC.
 *
 * <p>No exception escapes; the session is open or ended coherently ({@link FuzzWire#assertCoherentFailure})
 * with a reason code an Ethereum handshake documents; every buffer fed is released; and a complete frame
 * with a changed byte (before which the stream was intact) always ends the session: a forged frame is
 * never taken.
 */
class RlpxFrameFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final EthereumNetwork NET = EthereumNetwork.MAINNET;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC);
    private static final NodeKey OURS = NodeKey.random();
    private static final EthereumProtocol PROTOCOL = new EthereumProtocol(NET, OURS, "node-handshake/fuzz", 0, CLOCK);
    /** What SECURITY.md says an RLPx handshake ends with (besides SUCCESS). */
    private static final Set<ReasonCode> DOCUMENTED = EnumSet.of(ReasonCode.BAD_CHECKSUM, ReasonCode.OVERSIZED_FRAME,
            ReasonCode.MALFORMED_FRAME, ReasonCode.MALFORMED_MESSAGE, ReasonCode.TOO_MANY_FRAMES, ReasonCode.TOO_MANY_BYTES,
            ReasonCode.PROTOCOL_VIOLATION, ReasonCode.TOO_MANY_PEERS, ReasonCode.REFUSED_BY_PEER,
            ReasonCode.SELF_CONNECTION, ReasonCode.OBSOLETE_VERSION, ReasonCode.WRONG_NETWORK, ReasonCode.TIMEOUT);
    private static final int MAX_SEGMENTS = 40;

    @FuzzTest(maxDuration = "20s")
    void frames(FuzzedDataProvider data) throws Exception {
        HandshakeSession session = new HandshakeSession(
                new HandshakeTarget("fuzz", InetAddress.getLoopbackAddress(), 30303, NET, true), 5000,
                Direction.INBOUND, PROTOCOL.limits());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        PROTOCOL.install(channel.pipeline(), session);
        channel.register();
        List<ByteBuf> fed = new ArrayList<>();
        try {
            RlpxWire peer = new RlpxWire();
            FuzzWire.write(channel, peer.auth(OURS.nodeIdHex()), fed);
            byte[] ours = drain(channel);
            assertTrue(ours.length > 0 && !session.isDone(), "an honest auth is answered: " + session.result());
            peer.readAck(new ByteArrayInputStream(ours));

            Stream stream = stream(data, peer);
            boolean deadline = data.consumeBoolean();
            int offset = 0;
            for (byte[] chunk : FuzzWire.chunks(data, stream.bytes())) {
                if (!channel.isOpen()) {
                    break; // concluded or failed: the connection is gone
                }
                FuzzWire.write(channel, chunk, fed); // an exception in the pipeline is rethrown here
                offset += chunk.length;
                drain(channel);
            }
            if (stream.forgedEnd() >= 0 && offset >= stream.forgedEnd()) {
                assertTrue(session.isDone(), "a complete frame with a changed byte was not refused");
            }
            if (deadline) {
                session.deadlineExpired(PROTOCOL.awaited(session)); // what SessionSupervisor does
            }
            if (session.isDone()) {
                HandshakeResult result = session.result().join();
                if (result.outcome() instanceof Outcome.Success) {
                    FuzzWire.assertCoherentSuccess(result);
                } else {
                    FuzzWire.assertCoherentFailure(result);
                    ReasonCode code = result.outcome().reasonCode().orElseThrow();
                    assertTrue(DOCUMENTED.contains(code), "undocumented reason code " + code + ": " + result);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "a buffer fed to the pipeline was not released");
        }
    }

    /** The bytes, and where the first forged frame ends (-1: none, or the stream was broken before it). */
    private record Stream(byte[] bytes, int forgedEnd) {
    }

    private static Stream stream(FuzzedDataProvider data, RlpxWire peer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int forgedEnd = -1;
        boolean intact = true; // every byte so far as a sealing peer sends it
        for (int segment = 0; segment < MAX_SEGMENTS && data.remainingBytes() > 0; segment++) {
            switch (data.consumeInt(0, 9)) {
                case 0 -> {
                    out.writeBytes(data.consumeBytes(data.consumeInt(1, 64)));
                    intact = false;
                }
                case 1 -> out.writeBytes(peer.rawFrame(data.consumeBytes(data.consumeInt(0, 600))));
                case 2 -> out.writeBytes(data.consumeBoolean() ? peer.hello() : peer.hello(capabilities(data)));
                case 3 -> out.writeBytes(data.consumeBoolean() ? peer.status68(NET)
                        : peer.frame(RlpxWire.STATUS, data.consumeBytes(data.consumeInt(0, 200))));
                case 4 -> out.writeBytes(peer.frame(RlpxWire.DISCONNECT, data.consumeBytes(data.consumeInt(0, 4))));
                case 5 -> out.writeBytes(peer.frame(data.consumeBoolean() ? RlpxWire.PING : RlpxWire.PONG, new byte[] {(byte) 0xc0}));
                case 6 -> peer.compress = data.consumeBoolean();
                case 7 -> {
                    // past the 64 KiB cap, or right at it: the size is refused from the header alone
                    int size = EthereumProtocol.MAX_FRAME + data.consumeInt(-1, 4096);
                    byte[] payload = new byte[size];
                    Arrays.fill(payload, data.consumeByte());
                    out.writeBytes(peer.rawFrame(payload));
                }
                case 8 -> {
                    byte[] frame = peer.rawFrame(data.consumeBytes(data.consumeInt(0, 100)));
                    out.writeBytes(Arrays.copyOf(frame, data.consumeInt(0, frame.length - 1))); // cut short
                    intact = false;
                }
                default -> {
                    // one changed byte: header ciphertext, header MAC, body or frame MAC
                    byte[] frame = data.consumeBoolean() ? peer.hello() : peer.rawFrame(data.consumeBytes(data.consumeInt(0, 100)));
                    frame[data.consumeInt(0, frame.length - 1)] ^= (byte) data.consumeInt(1, 255);
                    out.writeBytes(frame);
                    if (intact && forgedEnd < 0) {
                        forgedEnd = out.size();
                    }
                    intact = false;
                }
            }
        }
        return new Stream(out.toByteArray(), forgedEnd);
    }

    private static List<Hello.Capability> capabilities(FuzzedDataProvider data) {
        List<Hello.Capability> caps = new ArrayList<>();
        int n = data.consumeInt(0, 80);
        for (int i = 0; i < n; i++) {
            String name = data.consumeAsciiString(8);
            caps.add(new Hello.Capability(name.isEmpty() ? "eth" : name, data.consumeInt(0, 70)));
        }
        return caps;
    }

}
