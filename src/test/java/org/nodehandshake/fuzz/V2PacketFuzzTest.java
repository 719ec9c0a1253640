package org.nodehandshake.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.testing.EmbeddedWire.drain;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.BitcoinTransport;
import org.nodehandshake.bitcoin.v2.Bip324Cipher;
import org.nodehandshake.crypto.ElligatorSwift;
import org.nodehandshake.crypto.Secp256k1;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.ReasonCode;

/**
 * The v2 packet decoder where {@link BitcoinProtocol} installs it: our responder serving v2+v1 sniffed a
 * real v2 key and sent its own, and then the stream is a fuzzer-built v2 initiator's: garbage (up to past
 * the 4095-byte limit), its terminator or a wrong one, packets sealed with the right keys (the version
 * packet with or without the right AAD, decoys, messages by short id, unknown ids or the long form,
 * version/verack payloads, lengths past the cap), raw bytes and packets with a changed byte, in
 * fuzzer-chosen chunks. Without the real keys the fuzzer would never get past the first tag.
 *
 * <p>No exception escapes; the session is open or ended coherently with a reason code SECURITY.md
 * documents for v2; every buffer fed is released; a sealed packet with a changed byte (the stream intact
 * before it) always ends the session.
 */
class V2PacketFuzzTest {

    static {
        FuzzWire.quietLogging();
    }

    private static final BitcoinNetwork NET = BitcoinNetwork.REGTEST;
    private static final byte[] MAGIC = NET.magic();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC);
    private static final BitcoinProtocol PROTOCOL = new BitcoinProtocol(NET, "/fuzz:1/", CLOCK, BitcoinTransport.AUTO, true);
    private static final Set<ReasonCode> DOCUMENTED = EnumSet.of(ReasonCode.BAD_CHECKSUM, ReasonCode.OVERSIZED_FRAME,
            ReasonCode.MALFORMED_FRAME, ReasonCode.MALFORMED_MESSAGE, ReasonCode.TOO_MANY_FRAMES, ReasonCode.TOO_MANY_BYTES,
            ReasonCode.PROTOCOL_VIOLATION, ReasonCode.SELF_CONNECTION, ReasonCode.OBSOLETE_VERSION, ReasonCode.WRONG_NETWORK,
            ReasonCode.TIMEOUT);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SEGMENTS = 40;

    @FuzzTest(maxDuration = "20s")
    void packets(FuzzedDataProvider data) throws Exception {
        HandshakeSession session = new HandshakeSession(
                new HandshakeTarget("fuzz", InetAddress.getLoopbackAddress(), 18444, NET, true), 5000,
                Direction.INBOUND, PROTOCOL.limits());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        PROTOCOL.install(channel.pipeline(), session);
        channel.register();
        List<ByteBuf> fed = new ArrayList<>();
        try {
            byte[] privateKey = Secp256k1.unsigned32(Secp256k1.newPrivateKey());
            byte[] peerKey = ElligatorSwift.encode(privateKey, RANDOM);
            FuzzWire.write(channel, peerKey, fed);
            byte[] ours = drain(channel);
            assertTrue(ours.length >= 64 && !session.isDone(), "a v2 key is answered with ours: " + session.result());
            byte[] ourKey = Arrays.copyOf(ours, 64);
            byte[] x = ElligatorSwift.xOnlyEcdh(ourKey, privateKey);
            Bip324Cipher peer = Bip324Cipher.fromSharedSecret(Bip324Cipher.sharedSecret(peerKey, ourKey, x), true, MAGIC);

            Stream stream = stream(data, peer);
            boolean deadline = data.consumeBoolean();
            int offset = 0;
            for (byte[] chunk : FuzzWire.chunks(data, stream.bytes())) {
                if (!channel.isOpen()) {
                    break;
                }
                FuzzWire.write(channel, chunk, fed);
                offset += chunk.length;
                drain(channel);
            }
            if (stream.forgedEnd() >= 0 && offset >= stream.forgedEnd()) {
                assertTrue(session.isDone(), "a sealed packet with a changed byte was not refused");
            }
            if (deadline) {
                session.deadlineExpired(PROTOCOL.awaited(session));
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
                assertEquals("v2", result.transport().get("transport"));
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : fed) {
            assertEquals(0, buf.refCnt(), "a buffer fed to the pipeline was not released");
        }
    }

    private record Stream(byte[] bytes, int forgedEnd) {
    }

    private static Stream stream(FuzzedDataProvider data, Bip324Cipher peer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] garbage = data.consumeBytes(data.consumeBoolean() ? data.consumeInt(0, 64) : data.consumeInt(0, 4200));
        out.writeBytes(garbage);
        boolean intact = garbage.length <= 4095;
        byte[] terminator = peer.sendGarbageTerminator();
        if (data.consumeInt(0, 9) == 0) {
            terminator = terminator.clone();
            terminator[data.consumeInt(0, 15)] ^= (byte) data.consumeInt(1, 255);
            intact = false;
        }
        out.writeBytes(terminator);
        int forgedEnd = -1;
        boolean first = true;
        for (int segment = 0; segment < MAX_SEGMENTS && data.remainingBytes() > 0; segment++) {
            byte[] aad = first && data.consumeInt(0, 9) != 0 ? garbage : new byte[0];
            if (first && aad.length != garbage.length) {
                intact = false;
            }
            switch (data.consumeInt(0, 7)) {
                case 0 -> {
                    out.writeBytes(data.consumeBytes(data.consumeInt(1, 64)));
                    intact = false;
                    continue; // raw bytes: no packet sealed, the cipher state unchanged
                }
                case 1 -> out.writeBytes(peer.encrypt(data.consumeBytes(data.consumeInt(0, 100)), aad, true)); // decoy
                case 2 -> out.writeBytes(peer.encrypt(longForm(data.pickValue(FuzzWire.COMMANDS),
                        FuzzWire.versionPayload(data, OptionalLong.empty())), aad, false));
                case 3 -> out.writeBytes(peer.encrypt(longForm("verack", new byte[0]), aad, false));
                case 4 -> out.writeBytes(peer.encrypt(data.consumeBytes(data.consumeInt(0, 40)), aad, false)); // any short id
                case 5 -> {
                    // at the cap or past it: refused from the length alone
                    byte[] contents = new byte[BitcoinProtocol.MAX_V2_CONTENTS_BEFORE_CONCLUSION + data.consumeInt(-1, 2)];
                    out.writeBytes(peer.encrypt(contents, aad, data.consumeBoolean()));
                }
                case 6 -> {
                    byte[] packet = peer.encrypt(data.consumeBytes(data.consumeInt(0, 60)), aad, data.consumeBoolean());
                    out.writeBytes(Arrays.copyOf(packet, data.consumeInt(0, packet.length - 1))); // cut short
                    intact = false;
                }
                default -> {
                    byte[] packet = peer.encrypt(data.consumeBytes(data.consumeInt(0, 60)), aad, data.consumeBoolean());
                    packet[data.consumeInt(3, packet.length - 1)] ^= (byte) data.consumeInt(1, 255); // not the length
                    out.writeBytes(packet);
                    if (intact && forgedEnd < 0) {
                        forgedEnd = out.size();
                    }
                    intact = false;
                }
            }
            first = false;
        }
        return new Stream(out.toByteArray(), forgedEnd);
    }

    private static byte[] longForm(String command, byte[] payload) {
        byte[] contents = new byte[13 + payload.length];
        byte[] ascii = command.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, contents, 1, Math.min(12, ascii.length));
        System.arraycopy(payload, 0, contents, 13, payload.length);
        return contents;
    }
}
