package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nodehandshake.libp2p.BadIdentitySignatureException;
import org.nodehandshake.libp2p.Identify;
import org.nodehandshake.libp2p.Libp2pIdentity;
import org.nodehandshake.libp2p.MalformedMessageException;
import org.nodehandshake.libp2p.Multiaddr;
import org.nodehandshake.libp2p.NoiseHandshakePayload;
import org.nodehandshake.libp2p.PeerId;
import org.nodehandshake.libp2p.Protobuf;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

/**
 * libp2p's message readers on raw bytes and on protobufs built field by field from fuzzer choices: our
 * protobuf reader, and on the same bytes Identify and the Noise handshake payload (the identity key
 * decoded and its signature checked); multiaddrs in binary and text; peer ids.
 *
 * <p>Every reader either gives a value that keeps its promises (fields within the cap, lists and strings
 * within Identify's limits, a payload's key and signature within theirs) and writes back to a value that
 * reads equal, or throws its documented exception: {@link MalformedMessageException} (with
 * {@code UnsupportedKeyException} and {@link BadIdentitySignatureException} for keys), and for Identify
 * also {@link Violation}. Anything else is a finding.
 */
class Libp2pMessagesFuzzTest {

    private static final Libp2pIdentity SIGNER = Libp2pIdentity.random();
    private static final byte[] STATIC_KEY = new byte[32];

    static {
        STATIC_KEY[0] = 9;
    }

    @FuzzTest(maxDuration = "20s")
    void messages(FuzzedDataProvider data) throws Exception {
        int target = data.consumeInt(0, 5);
        byte[] bytes = data.consumeBoolean() ? built(data) : data.consumeBytes(data.consumeInt(0, 12_000));
        switch (target) {
            case 0 -> protobuf(bytes, data.consumeInt(0, 400));
            case 1, 2 -> {
                identify(bytes);
                payload(bytes);
            }
            case 3 -> multiaddr(bytes, data.consumeRemainingAsString());
            case 4 -> peerId(data.consumeRemainingAsAsciiString(), bytes);
            default -> payload(signedPayload(data));
        }
    }

    /** A protobuf of fuzzer-chosen fields: Identify's and the payload's numbers, any wire type, lengths that may lie. */
    private static byte[] built(FuzzedDataProvider data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int fields = data.consumeInt(0, 400);
        for (int i = 0; i < fields && data.remainingBytes() > 0; i++) {
            int number = data.consumeInt(0, 10);
            int wireType = data.pickValue(new int[] {0, 2, 2, 2, 1, 5, 3});
            writeVarint(out, (long) number << 3 | wireType);
            switch (wireType) {
                case 0 -> writeVarint(out, data.consumeLong());
                case 2 -> {
                    byte[] value = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 64))
                            : ("/ipfs/" + data.consumeAsciiString(16)).getBytes(StandardCharsets.UTF_8);
                    long declared = data.consumeInt(0, 9) == 0 ? data.consumeLong() & Long.MAX_VALUE : value.length;
                    writeVarint(out, declared);
                    out.writeBytes(value);
                }
                case 1 -> out.writeBytes(data.consumeBytes(8));
                case 5 -> out.writeBytes(data.consumeBytes(4));
                default -> {
                }
            }
        }
        return out.toByteArray();
    }

    private static void protobuf(byte[] bytes, int maxFields) {
        Protobuf.Message m;
        try {
            m = Protobuf.read(bytes, maxFields);
        } catch (MalformedMessageException expected) {
            return;
        }
        assertTrue(m.fields().size() <= maxFields, "more fields than the cap");
        // write back what we keep (varint and bytes fields; fixed ones are skipped) and read it again
        Protobuf.Writer w = Protobuf.writer();
        List<Protobuf.Field> kept = new ArrayList<>();
        for (Protobuf.Field f : m.fields()) {
            assertTrue(f.number() > 0, "field number 0");
            assertTrue(f.bytes().length <= bytes.length, "a field longer than its message");
            if (f.wireType() == Protobuf.VARINT) {
                w.varint(f.number(), f.varint());
            } else {
                assertEquals(Protobuf.LENGTH_DELIMITED, f.wireType(), "a wire type the reader does not keep");
                w.bytes(f.number(), f.bytes());
            }
            kept.add(f);
        }
        Protobuf.Message again;
        try {
            again = Protobuf.read(w.toByteArray(), Math.max(1, kept.size()));
        } catch (MalformedMessageException e) {
            throw new AssertionError("our own write of a read message does not read back: " + e.getMessage(), e);
        }
        assertEquals(kept.size(), again.fields().size());
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(kept.get(i).number(), again.fields().get(i).number());
            assertEquals(kept.get(i).varint(), again.fields().get(i).varint());
            assertArrayEquals(kept.get(i).bytes(), again.fields().get(i).bytes());
        }
    }

    private static void identify(byte[] bytes) {
        Identify id;
        try {
            id = Identify.read(bytes);
        } catch (MalformedMessageException | Violation expected) {
            identifyDelimited(bytes);
            return;
        }
        assertTrue(bytes.length <= Identify.MAX_MESSAGE_BYTES);
        assertTrue(id.listenAddrs().size() <= Identify.MAX_LISTEN_ADDRS);
        assertTrue(id.protocols().size() <= Identify.MAX_PROTOCOLS);
        for (String p : id.protocols()) {
            assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= Identify.MAX_STRING_BYTES);
        }
        assertTrue(id.agentVersion().getBytes(StandardCharsets.UTF_8).length <= Identify.MAX_STRING_BYTES);
        id.listenAddrs().forEach(a -> assertNotNull(Multiaddr.describe(a)));
        id.observedAddr().ifPresent(a -> assertNotNull(Multiaddr.describe(a)));
        Identify again;
        try {
            again = Identify.read(id.write());
        } catch (MalformedMessageException | Violation e) {
            throw new AssertionError("an accepted Identify does not read back: " + e.getMessage(), e);
        }
        assertEquals(id.protocolVersion(), again.protocolVersion());
        assertEquals(id.agentVersion(), again.agentVersion());
        assertEquals(id.protocols(), again.protocols());
        assertArrayEquals(id.publicKey(), again.publicKey());
        assertEquals(id.listenAddrs().size(), again.listenAddrs().size());
        identifyDelimited(id.writeDelimited());
    }

    /** The stream form: a whole message, nothing, or a documented refusal; a partial one moves nothing. */
    private static void identifyDelimited(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            Optional<Identify> id = Identify.readDelimited(in);
            if (id.isEmpty()) {
                assertEquals(0, in.readerIndex(), "an incomplete message moved the reader");
            }
        } catch (MalformedMessageException | Violation expected) {
            // documented
        }
    }

    private static void payload(byte[] bytes) {
        NoiseHandshakePayload p;
        try {
            p = NoiseHandshakePayload.read(bytes, NoiseHandshakePayload.Limits.DEFAULT);
        } catch (MalformedMessageException expected) {
            return;
        }
        assertTrue(p.identitySig().length <= NoiseHandshakePayload.MAX_SIGNATURE_BYTES);
        assertTrue(p.streamMuxers().size() <= NoiseHandshakePayload.Limits.DEFAULT.maxStreamMuxers());
        try {
            assertEquals(p, NoiseHandshakePayload.read(p.write(), NoiseHandshakePayload.Limits.DEFAULT));
        } catch (MalformedMessageException e) {
            throw new AssertionError("an accepted payload does not read back: " + e.getMessage(), e);
        }
        try {
            p.verify(STATIC_KEY);
        } catch (MalformedMessageException | BadIdentitySignatureException expected) {
            // an unknown key type, a key that does not decode, or a signature over something else
        }
    }

    /** A payload our identity signed over the static key, then maybe changed at one byte: only a valid one verifies. */
    private static byte[] signedPayload(FuzzedDataProvider data) {
        byte[] good = NoiseHandshakePayload.create(SIGNER, STATIC_KEY, List.of()).write();
        if (data.consumeBoolean()) {
            good[data.consumeInt(0, good.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        return good;
    }

    private static void multiaddr(byte[] binary, String text) {
        try {
            Multiaddr m = Multiaddr.decode(binary);
            assertEquals(m, Multiaddr.decode(m.toBytes()), "binary round trip");
            assertEquals(m, Multiaddr.parse(m.toString()), "text round trip of " + m);
        } catch (MalformedMessageException expected) {
            // documented
        }
        assertNotNull(Multiaddr.describe(binary));
        try {
            Multiaddr m = Multiaddr.parse(text);
            assertEquals(m, Multiaddr.parse(m.toString()), "text round trip");
            assertEquals(m, Multiaddr.decode(m.toBytes()), "binary round trip of " + m);
        } catch (MalformedMessageException expected) {
            // documented
        }
    }

    private static void peerId(String text, byte[] multihash) {
        try {
            PeerId id = PeerId.parse(text);
            assertEquals(id, PeerId.parse(id.toString()), "text round trip");
            assertEquals(id, PeerId.parse(id.toCid()), "CID round trip");
        } catch (MalformedMessageException expected) {
            // documented
        }
        try {
            PeerId id = PeerId.fromMultihash(multihash);
            assertEquals(id, PeerId.parse(id.toString()), "text round trip");
        } catch (MalformedMessageException expected) {
            // documented
        }
    }

    private static void writeVarint(java.io.ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
