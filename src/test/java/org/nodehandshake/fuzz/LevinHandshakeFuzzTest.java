package org.nodehandshake.fuzz;

import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.monero.MoneroNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.nodehandshake.monero.LevinFrame;
import org.nodehandshake.monero.LevinFrameDecoder;
import org.nodehandshake.monero.LevinHeader;
import org.nodehandshake.monero.LevinMessage;
import org.nodehandshake.monero.LevinWire;
import org.nodehandshake.monero.LevinWire.Blob;
import org.nodehandshake.monero.MoneroProtocol;
import org.nodehandshake.monero.StorageLimits;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;

/**
 * The whole Levin pipeline as {@link MoneroProtocol} installs it (frame decoder + handshake state machine),
 * as initiator or responder, against a peer that sends anything in any chunks: raw bytes, packets with
 * fuzzer-chosen header fields, and handshake bodies built field by field (right or wrong network, our own
 * peer id echoed, any integer type, cut or corrupted). No exception escapes; the handler's catch-all never
 * fires; the session ends at most once, coherently (SUCCESS with the peer, PARTIAL with it, FAILED without,
 * a reason code, a reason and a stage whenever it did not succeed); the decoder never holds more than one packet's worth; and what we
 * send is always one well-formed Levin packet per write, nothing after a failure.
 *
 * <p>PortableStorage's own parser has its own fuzz test; this one aims at framing and the state machine.
 */
class LevinHandshakeFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final String[] NETWORK_IDS = {
        LevinWire.MAINNET_ID, LevinWire.TESTNET_ID, "1230f171610441611731008216a1a112", "00000000000000000000000000000000",
    };
    private static final int[] COMMANDS = {1001, 1002, 1003, 1007, 2002, 2008, 2010, 0, -1};
    private static final int MAX_SEGMENTS = 60;
    private static final int MAX_STREAM = 160 * 1024;
    /** The most a decoder may hold between reads: one incomplete packet within the body cap. */
    private static final int MAX_HELD = LevinHeader.SIZE + MoneroProtocol.MAX_BODY_BEFORE_CONCLUSION;
    private static final Field CUMULATION = cumulationField();

    /** What we may send: [command, response?] pairs. */
    private static final Set<String> WE_SEND = Set.of("handshake request", "handshake response",
            "support_flags response", "ping response", "timed_sync response");

    @FuzzTest(maxDuration = "20s")
    void pipeline(FuzzedDataProvider data) throws Exception {
        Direction direction = data.consumeBoolean() ? Direction.OUTBOUND : Direction.INBOUND;
        MoneroProtocol protocol = new MoneroProtocol(MoneroNetwork.MONERO_REGTEST);
        HandshakeSession session = new HandshakeSession(new HandshakeTarget("fuzz", InetAddress.getLoopbackAddress(),
                18080, MoneroNetwork.MONERO_REGTEST, true), 5000, direction, protocol.limits());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        protocol.install(channel.pipeline(), session);
        channel.register();
        LevinFrameDecoder decoder = channel.pipeline().get(LevinFrameDecoder.class);

        List<ByteBuf> fed = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        try {
            List<LevinFrame> ours = drainOutbound(channel, sent);
            long ourPeerId;
            if (direction == Direction.OUTBOUND) {
                assertEquals(List.of("handshake request"), sent, "the initiator speaks first, once");
                ourPeerId = ((LevinMessage.HandshakeRequest) LevinMessage.read(ours.get(0), StorageLimits.HANDSHAKE))
                        .nodeData().peerId();
            } else {
                assertEquals(List.of(), sent, "the responder waits");
                ourPeerId = data.consumeLong(); // unknown to a peer: a guess
            }

            byte[] stream = stream(data, ourPeerId);
            boolean deadline = data.consumeBoolean();
            for (byte[] chunk : FuzzWire.chunks(data, stream)) {
                if (!channel.isOpen()) {
                    break; // a broken packet while lingering closes the connection
                }
                boolean failedBefore = session.isDone() && !(session.result().join().outcome() instanceof Outcome.Success);
                int sentBefore = sent.size();
                FuzzWire.write(channel, chunk, fed); // rethrows anything that reached the pipeline's tail
                drainOutbound(channel, sent);
                assertNull(channel.readInbound(), "the handshake handler passes nothing on");
                if (failedBefore) {
                    assertEquals(sentBefore, sent.size(), "sent " + sent.subList(sentBefore, sent.size())
                            + " after the handshake failed");
                }
                int held = held(decoder);
                assertTrue(held < MAX_HELD, "decoder holds " + held + " bytes");
            }
            channel.checkException();
            if (deadline && !session.isDone()) {
                session.deadlineExpired(protocol.awaited(session));
            }
            check(session, direction, sent);
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "every inbound buffer was released");
        }
    }

    private static void check(HandshakeSession session, Direction direction, List<String> sent) {
        if (!session.isDone()) {
            return;
        }
        HandshakeResult result = session.result().join();
        assertFalse(session.fail(ReasonCode.INTERNAL_ERROR, "again"), "a session ends once");
        assertEquals(result, session.result().join());
        assertTrue(result.messages().size() <= MoneroProtocol.MAX_FRAMES_BEFORE_CONCLUSION,
                result.messages().size() + " packets recorded");
        Outcome outcome = result.outcome();
        if (outcome instanceof Outcome.Success) {
            FuzzWire.assertCoherentSuccess(result);
            if (direction == Direction.OUTBOUND) {
                assertEquals("handshake response", result.messages().get(result.messages().size() - 1));
            } else {
                assertTrue(sent.contains("handshake response"), "SUCCESS but we never answered: " + sent);
                assertEquals("handshake request", result.messages().get(result.messages().size() - 1));
            }
            return;
        }
        FuzzWire.assertCoherentFailure(result);
        if (direction == Direction.INBOUND) {
            assertFalse(sent.contains("handshake response"), "answered a handshake that failed: " + outcome);
        }
    }

    // ---- the stream ----

    private static byte[] stream(FuzzedDataProvider data, long ourPeerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int segment = 0; segment < MAX_SEGMENTS && data.remainingBytes() > 0 && out.size() < MAX_STREAM; segment++) {
            switch (data.consumeInt(0, 7)) {
                case 0 -> out.writeBytes(data.consumeBytes(data.consumeInt(0, 64)));
                case 1 -> out.writeBytes(packet(data, data.consumeBytes(data.consumeInt(0, 256))));
                case 2, 3 -> out.writeBytes(packet(data, handshakeBody(data, ourPeerId)));
                case 4 -> {
                    // Many copies of one packet: the packet and byte caps, noise, skipping after conclusion.
                    byte[] body = new byte[data.consumeInt(0, 70_000)];
                    Arrays.fill(body, data.consumeByte());
                    byte[] one = packet(data, body);
                    int copies = data.consumeInt(1, 24);
                    for (int i = 0; i < copies && out.size() < MAX_STREAM; i++) {
                        out.writeBytes(one);
                    }
                }
                case 5 -> out.writeBytes(LevinWire.noise(data.consumeInt(0, 2048)));
                case 6 -> out.writeBytes(LevinWire.request(data.pickValue(new Integer[] {1002, 1003, 1007}),
                        data.consumeBoolean() ? LevinWire.EMPTY_BODY : syncBody(data)));
                default -> {
                    // A whole well-formed handshake packet in the kind the fuzzer picks.
                    byte[] body = LevinWire.handshakeBody(data.pickValue(NETWORK_IDS),
                            data.consumeBoolean() ? ourPeerId : data.consumeLong());
                    out.writeBytes(data.consumeBoolean() ? LevinWire.response(1001, data.consumeInt(-8, 2), body)
                            : LevinWire.request(1001, body));
                }
            }
        }
        return out.toByteArray();
    }

    /** A header with fuzzer-chosen fields around {@code body}; cb right unless a defect says otherwise. */
    private static byte[] packet(FuzzedDataProvider data, byte[] body) {
        int command = data.consumeBoolean() ? COMMANDS[data.consumeInt(0, COMMANDS.length - 1)] : data.consumeInt();
        boolean returnData = data.consumeBoolean();
        int returnCode = data.consumeBoolean() ? 1 : data.consumeInt();
        int flags = switch (data.consumeInt(0, 4)) {
            case 0 -> LevinWire.REQUEST;
            case 1 -> LevinWire.RESPONSE;
            case 2 -> LevinWire.BEGIN | LevinWire.END;
            case 3 -> data.consumeInt(0, 15);
            default -> data.consumeInt();
        };
        int version = data.consumeInt(0, 9) == 0 ? data.consumeInt() : 1;
        long cb = body.length;
        byte[] packet;
        switch (data.consumeInt(0, 11)) {
            case 1 -> cb = data.consumeLong();
            case 2 -> cb = Math.max(0, cb + data.consumeInt(-8, 8));
            case 3 -> {
                byte[] b = body.clone();
                if (b.length > 0) {
                    b[data.consumeInt(0, b.length - 1)] ^= (byte) data.consumeInt(1, 255);
                }
                body = b;
            }
            default -> {
            }
        }
        packet = LevinWire.concat(LevinWire.header(cb, returnData, command, returnCode, flags, version), body);
        int defect = data.consumeInt(0, 15);
        if (defect == 1) {
            packet[data.consumeInt(0, 7)] ^= (byte) data.consumeInt(1, 255); // the signature
        } else if (defect == 2) {
            packet = Arrays.copyOf(packet, data.consumeInt(0, packet.length));
        }
        return packet;
    }

    /** node_data and payload_data field by field, with any integer type and optional fields left out. */
    private static byte[] handshakeBody(FuzzedDataProvider data, long ourPeerId) {
        Blob node = Blob.bare();
        int nodeFields = 0;
        if (data.consumeInt(0, 7) != 0) {
            byte[] id = LevinWire.hex(data.pickValue(NETWORK_IDS));
            if (data.consumeInt(0, 7) == 0) {
                id = Arrays.copyOf(id, data.consumeInt(0, 20));
            }
            node.string("network_id", id);
            nodeFields++;
        }
        if (data.consumeInt(0, 7) != 0) {
            integer(data, node, "peer_id", data.consumeBoolean() ? ourPeerId : data.consumeLong());
            nodeFields++;
        }
        for (String optional : new String[] {"my_port", "rpc_port", "support_flags"}) {
            if (data.consumeBoolean()) {
                integer(data, node, optional, data.consumeLong(0, 70_000));
                nodeFields++;
            }
        }
        Blob b = Blob.storage();
        boolean withNode = data.consumeInt(0, 7) != 0;
        boolean withChain = data.consumeInt(0, 7) != 0;
        boolean withPeers = data.consumeBoolean();
        b.varint((withNode ? 1 : 0) + (withChain ? 1 : 0) + (withPeers ? 1 : 0));
        if (withNode) {
            b.object("node_data", nodeFields).raw(node.bytes());
        }
        if (withChain) {
            b.raw(syncSection(data));
        }
        if (withPeers) {
            int entries = data.consumeInt(0, 300);
            b.field("local_peerlist_new", 0x8c).varint(entries);
            for (int i = 0; i < entries; i++) {
                b.varint(1).uint64("id", i);
            }
        }
        byte[] body = b.bytes();
        return data.consumeInt(0, 7) == 0 ? Arrays.copyOf(body, data.consumeInt(0, body.length)) : body;
    }

    private static byte[] syncBody(FuzzedDataProvider data) {
        return Blob.storage().varint(1).raw(syncSection(data)).bytes();
    }

    private static byte[] syncSection(FuzzedDataProvider data) {
        Blob chain = Blob.bare();
        int fields = 0;
        if (data.consumeInt(0, 7) != 0) {
            integer(data, chain, "current_height", data.consumeLong());
            fields++;
        }
        if (data.consumeInt(0, 7) != 0) {
            byte[] top = LevinWire.hex(LevinWire.GENESIS);
            chain.string("top_id", data.consumeInt(0, 7) == 0 ? Arrays.copyOf(top, data.consumeInt(0, 40)) : top);
            fields++;
        }
        for (String optional : new String[] {"cumulative_difficulty", "cumulative_difficulty_top64", "top_version",
                "pruning_seed"}) {
            if (data.consumeBoolean()) {
                integer(data, chain, optional, data.consumeLong(0, 300));
                fields++;
            }
        }
        return Blob.bare().object("payload_data", fields).raw(chain.bytes()).bytes();
    }

    /** An integer field of a fuzzer-chosen type (1-8), or a string where an integer belongs. */
    private static void integer(FuzzedDataProvider data, Blob b, String name, long value) {
        int type = data.consumeInt(0, 8);
        if (type == 0) {
            b.string(name, LevinWire.hex("01"));
            return;
        }
        int width = switch (type) {
            case 1, 5 -> 8;
            case 2, 6 -> 4;
            case 3, 7 -> 2;
            default -> 1;
        };
        b.field(name, type).le(value, width);
    }

    // ---- what we send ----

    /** Every packet we wrote: one whole, well-formed packet per write, of a kind we may send. */
    private static List<LevinFrame> drainOutbound(EmbeddedChannel channel, List<String> kinds) {
        List<LevinFrame> frames = new ArrayList<>();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            byte[] wire;
            try {
                wire = new byte[buf.readableBytes()];
                buf.readBytes(wire);
            } finally {
                buf.release();
            }
            assertTrue(wire.length >= LevinHeader.SIZE, "short write: " + wire.length + " bytes");
            ByteBuffer h = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(LevinHeader.SIGNATURE, h.getLong(0), "signature");
            assertEquals(LevinHeader.SIZE + h.getLong(8), wire.length, "one packet per write");
            assertEquals(1, h.getInt(29), "protocol version");
            LevinHeader header = new LevinHeader(h.getLong(8), wire[16] != 0, h.getInt(17), h.getInt(21), h.getInt(25),
                    h.getInt(29));
            LevinFrame frame = new LevinFrame(header, Arrays.copyOfRange(wire, LevinHeader.SIZE, wire.length));
            assertTrue(WE_SEND.contains(frame.describe()), "we sent " + frame.describe());
            if (header.isResponse()) {
                assertEquals(LevinHeader.RETURN_OK, header.returnCode());
            }
            try {
                LevinMessage.read(frame, StorageLimits.MONEROD); // what we write, monerod can read
            } catch (Exception e) {
                throw new AssertionError("we sent an unreadable " + frame.describe(), e);
            }
            kinds.add(frame.describe());
            frames.add(frame);
        }
        return frames;
    }

    private static int held(LevinFrameDecoder decoder) throws IllegalAccessException {
        ByteBuf cumulation = (ByteBuf) CUMULATION.get(decoder);
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    private static Field cumulationField() {
        try {
            Field f = ByteToMessageDecoder.class.getDeclaredField("cumulation");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
