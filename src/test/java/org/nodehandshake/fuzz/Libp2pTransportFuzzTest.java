package org.nodehandshake.fuzz;

import static org.nodehandshake.testing.EmbeddedWire.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.libp2p.Libp2pWire.concat;
import static org.nodehandshake.libp2p.Libp2pWire.lines;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nodehandshake.libp2p.Identify;
import org.nodehandshake.libp2p.Libp2pIdentity;
import org.nodehandshake.libp2p.Libp2pNetwork;
import org.nodehandshake.libp2p.Libp2pProtocol;
import org.nodehandshake.libp2p.Libp2pWire;
import org.nodehandshake.libp2p.MplexFrame;
import org.nodehandshake.libp2p.MultistreamSelect;
import org.nodehandshake.libp2p.NoiseXX;
import org.nodehandshake.libp2p.StreamMuxer;
import org.nodehandshake.libp2p.YamuxFrame;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.ReasonCode;

/**
 * The Noise transport path, where {@link Libp2pProtocol} installs it: our responder has agreed on
 * {@code /noise} and completed a real Noise XX handshake with a scripted dialer, and then the stream is
 * fuzzer-built transport messages sealed with the right keys (multistream lines proposing a muxer, yamux
 * and mplex frames built field by field, Identify answers, raw plaintext, messages up to the 65519-byte
 * plaintext cap) mixed with raw bytes, cut messages and messages with one changed byte, in fuzzer-chosen
 * chunks. Without the real keys the fuzzer would never get past the first Poly1305 tag.
 *
 * <p>No exception escapes; the session is open or ended coherently ({@link FuzzWire#assertCoherentFailure})
 * with a reason code the libp2p handshake documents; every buffer fed is released; and a complete message
 * with a changed byte (before which the stream was intact) always ends the session.
 */
class Libp2pTransportFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final Libp2pNetwork NET = Libp2pNetwork.LIBP2P;
    private static final Libp2pProtocol PROTOCOL = new Libp2pProtocol(NET, Libp2pIdentity.random(), "node-handshake/fuzz",
            Optional.empty());
    private static final Libp2pIdentity PEER = Libp2pIdentity.random();
    private static final NoiseXX.KeyPair PEER_STATIC = NoiseXX.KeyPair.generate();
    private static final String MS = MultistreamSelect.PROTOCOL;
    private static final String[] PROPOSALS = {StreamMuxer.YAMUX, StreamMuxer.MPLEX, "/quic/1", "ls", "na", MS,
        Identify.PROTOCOL, "/ipfs/ping/1.0.0"};
    /** What SECURITY.md says a libp2p handshake ends with (besides SUCCESS). */
    private static final Set<ReasonCode> DOCUMENTED = EnumSet.of(ReasonCode.BAD_CHECKSUM, ReasonCode.OVERSIZED_FRAME,
            ReasonCode.MALFORMED_FRAME, ReasonCode.MALFORMED_MESSAGE, ReasonCode.TOO_MANY_FRAMES, ReasonCode.TOO_MANY_BYTES,
            ReasonCode.PROTOCOL_VIOLATION, ReasonCode.REFUSED_BY_PEER, ReasonCode.WRONG_NETWORK, ReasonCode.TIMEOUT);
    private static final int MAX_SEGMENTS = 40;

    @FuzzTest(maxDuration = "20s")
    void transport(FuzzedDataProvider data) throws Exception {
        HandshakeSession session = new HandshakeSession(
                new HandshakeTarget("fuzz", InetAddress.getLoopbackAddress(), 4001, NET, true), 5000,
                Direction.INBOUND, PROTOCOL.limits());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        PROTOCOL.install(channel.pipeline(), session);
        channel.register();
        List<ByteBuf> fed = new ArrayList<>();
        try {
            Libp2pWire peer = new Libp2pWire(PEER, PEER_STATIC);
            FuzzWire.write(channel, lines(MS, "/noise"), fed);
            drain(channel);
            FuzzWire.write(channel, peer.messageA(), fed);
            byte[] b = drain(channel);
            peer.readMessageB(new ByteArrayInputStream(b));
            FuzzWire.write(channel, peer.messageC(peer.payload()), fed);
            assertTrue(session.hasPeer() && !session.isDone(), "an honest Noise handshake authenticates: " + session.result());

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
                assertTrue(session.isDone(), "a complete transport message with a changed byte was not refused");
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

    /** The bytes, and where the first forged message ends (-1: none, or the stream was broken before it). */
    private record Stream(byte[] bytes, int forgedEnd) {
    }

    private static Stream stream(FuzzedDataProvider data, Libp2pWire peer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int forgedEnd = -1;
        boolean intact = true; // every byte so far as a sealing peer sends it
        for (int segment = 0; segment < MAX_SEGMENTS && data.remainingBytes() > 0; segment++) {
            switch (data.consumeInt(0, 10)) {
                case 0 -> {
                    out.writeBytes(data.consumeBytes(data.consumeInt(1, 64)));
                    intact = false;
                }
                case 1 -> out.writeBytes(peer.seal(proposals(data)));
                case 2 -> out.writeBytes(peer.seal(yamux(data)));
                case 3 -> out.writeBytes(peer.seal(mplex(data)));
                case 4 -> out.writeBytes(peer.seal(data.consumeBytes(data.consumeInt(0, 600))));
                case 5 -> {
                    // the honest finish: yamux agreed, the multistream echo and an Identify on the responder's stream 2
                    byte[] identify = data.consumeBoolean() ? peer.identify()
                            : concat(Libp2pWire.varint(data.consumeInt(0, 9000)), data.consumeBytes(data.consumeInt(0, 300)));
                    out.writeBytes(peer.seal(lines(MS, StreamMuxer.YAMUX), Libp2pWire.yamuxData(2, YamuxFrame.FLAG_ACK,
                            concat(lines(MS, Identify.PROTOCOL), identify))));
                }
                case 6 -> {
                    // at the plaintext cap, or a large filler
                    byte[] big = new byte[data.consumeBoolean() ? 65535 - 16 : data.consumeInt(0, 20_000)];
                    Arrays.fill(big, data.consumeByte());
                    out.writeBytes(peer.seal(big));
                }
                case 7 -> {
                    byte[] sealed = peer.seal(data.consumeBytes(data.consumeInt(0, 100)));
                    out.writeBytes(Arrays.copyOf(sealed, data.consumeInt(0, sealed.length - 1))); // cut short
                    intact = false;
                }
                case 8 -> {
                    // a length prefix that lies (0-15 is refused at once, larger ones wait)
                    out.writeBytes(new byte[] {(byte) data.consumeInt(0, 255), (byte) data.consumeInt(0, 255)});
                    intact = false;
                }
                case 9 -> out.writeBytes(peer.seal(new byte[0]));
                default -> {
                    // one changed byte: length prefix, ciphertext or tag
                    byte[] sealed = peer.seal(data.consumeBytes(data.consumeInt(0, 100)));
                    int at = data.consumeInt(0, sealed.length - 1);
                    sealed[at] ^= (byte) data.consumeInt(1, 255);
                    out.writeBytes(sealed);
                    if (intact && forgedEnd < 0 && at >= 2) {
                        forgedEnd = out.size(); // a changed length may leave the message incomplete: only body bytes count
                    }
                    intact = false;
                }
            }
        }
        return new Stream(out.toByteArray(), forgedEnd);
    }

    private static byte[] proposals(FuzzedDataProvider data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = data.consumeInt(1, 20);
        for (int i = 0; i < n; i++) {
            out.writeBytes(data.consumeBoolean() ? lines(data.pickValue(PROPOSALS)) : rawLine(data));
        }
        return out.toByteArray();
    }

    private static byte[] rawLine(FuzzedDataProvider data) {
        byte[] body = data.consumeBytes(data.consumeInt(0, 40));
        return concat(Libp2pWire.varint(data.consumeInt(0, 9) == 0 ? data.consumeInt(0, 5000) : body.length), body);
    }

    private static byte[] yamux(FuzzedDataProvider data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = data.consumeInt(1, 120);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            int type = data.consumeInt(0, 4);
            int flags = data.consumeInt(0, 15);
            long stream = data.consumeInt(0, 9) == 0 ? data.consumeLong() & YamuxFrame.MAX_U32 : data.consumeInt(0, 12);
            if (type == YamuxFrame.TYPE_DATA && data.consumeBoolean()) {
                byte[] body = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 200))
                        : concat(lines(MS, data.pickValue(PROPOSALS)), data.consumeBytes(data.consumeInt(0, 64)));
                out.writeBytes(Libp2pWire.header(type, flags, stream, body.length));
                out.writeBytes(body);
            } else {
                long length = data.consumeBoolean() ? data.consumeLong() & YamuxFrame.MAX_U32 : data.consumeInt(0, 64);
                out.writeBytes(Libp2pWire.header(type, flags, stream, length));
            }
        }
        return out.toByteArray();
    }

    private static byte[] mplex(FuzzedDataProvider data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = data.consumeInt(1, 120);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            long stream = data.consumeInt(0, 9) == 0 ? data.consumeLong() & MplexFrame.MAX_STREAM_ID : data.consumeInt(0, 12);
            int flag = data.consumeInt(0, 7);
            if (data.consumeBoolean()) {
                byte[] body = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 200))
                        : concat(lines(MS, data.pickValue(PROPOSALS)), data.consumeBytes(data.consumeInt(0, 64)));
                out.writeBytes(Libp2pWire.mplexHeader(stream, flag, body.length));
                out.writeBytes(body);
            } else {
                out.writeBytes(Libp2pWire.mplexHeader(stream, flag, data.consumeLong() & Long.MAX_VALUE));
            }
        }
        return out.toByteArray();
    }

}
