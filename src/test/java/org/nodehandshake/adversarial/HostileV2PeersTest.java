package org.nodehandshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.BitcoinTransport;
import org.nodehandshake.bitcoin.v2.Bip324Cipher;
import org.nodehandshake.crypto.ElligatorSwift;
import org.nodehandshake.crypto.Secp256k1;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * Our v2 initiator ({@code --transport v2}) against scripted hostile v2 responders on loopback: each
 * plays BIP324 honestly up to one fault (its key is a real ElligatorSwift key, its packets are really
 * encrypted), and each run must end FAILED within the one deadline (plus a margin) with the code that
 * names the fault.
 */
class HostileV2PeersTest {

    static final String PEER_IP = "127.0.0.202";
    static final long TIMEOUT_MS = 3000;
    static final long MARGIN_MS = 1500;
    static final byte[] MAGIC = BitcoinNetwork.REGTEST.magic();
    static final SecureRandom RANDOM = new SecureRandom();

    static EventLoopGroup loops;
    static Handshaker handshaker;

    @BeforeAll
    static void startInitiator() {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/hostile-v2-test:1/", Clock.systemUTC(),
                BitcoinTransport.V2, false);
        handshaker = new Handshaker(loops, NioSocketChannel.class, n -> protocol, TIMEOUT_MS, 0, 8);
        // Class loading and the curve's tables before the first scripted peer has to answer in time.
        ElligatorSwift.encode(Secp256k1.unsigned32(Secp256k1.newPrivateKey()), RANDOM);
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A responder's side of the keys: it has read our key and derived the session's cipher. */
    record Keys(byte[] ours, Bip324Cipher cipher) {
    }

    /** Reads the initiator's 64-byte key, answers with a real key; the cipher is the responder's. */
    static Keys exchangeKeys(Socket socket) throws IOException {
        byte[] theirs = new byte[ElligatorSwift.ENCODING_BYTES];
        new DataInputStream(socket.getInputStream()).readFully(theirs);
        byte[] privateKey = Secp256k1.unsigned32(Secp256k1.newPrivateKey());
        byte[] ours = ElligatorSwift.encode(privateKey, RANDOM);
        byte[] x = ElligatorSwift.xOnlyEcdh(theirs, privateKey);
        Bip324Cipher cipher = Bip324Cipher.fromSharedSecret(Bip324Cipher.sharedSecret(theirs, ours, x), false, MAGIC);
        return new Keys(ours, cipher);
    }

    /** Plays {@code script}, then stays silent until we hang up. */
    static HandshakeResult run(ScriptedPeer.Script script) throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(PEER_IP, socket -> {
            script.play(socket);
            ScriptedPeer.drain(socket);
        })) {
            long start = System.nanoTime();
            HandshakeResult result = handshaker.handshake(new HandshakeTarget("hostile-v2", InetAddress.getByName(PEER_IP),
                    peer.port(), BitcoinNetwork.REGTEST, true)).get(TIMEOUT_MS + MARGIN_MS + 5000, TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis <= TIMEOUT_MS + MARGIN_MS, "ended within the deadline: " + millis + " ms, " + result);
            return result;
        }
    }

    static void expect(HandshakeResult result, ReasonCode code, String reasonPart) {
        assertEquals("FAILED", result.outcome().label(), result.toString());
        assertEquals(code, result.outcome().reasonCode().orElseThrow(), result.toString());
        assertTrue(result.outcome().reason().orElseThrow().contains(reasonPart), result.toString());
        assertEquals("v2", result.transport().get("transport"));
    }

    @Test
    void garbageWithoutATerminator() throws Exception {
        HandshakeResult result = run(socket -> {
            Keys keys = exchangeKeys(socket);
            byte[] garbage = new byte[4095 + 16 + 100];
            new Random(1).nextBytes(garbage);
            ScriptedPeer.write(socket, keys.ours(), garbage);
        });
        expect(result, ReasonCode.MALFORMED_FRAME, "no v2 garbage terminator within 4095 bytes");
    }

    @Test
    void aWrongTerminatorIsGarbageUntilTheDeadline() throws Exception {
        HandshakeResult result = run(socket -> {
            Keys keys = exchangeKeys(socket);
            byte[] wrong = keys.cipher().sendGarbageTerminator();
            wrong[15] ^= 1;
            ScriptedPeer.write(socket, keys.ours(), new byte[] {1, 2, 3}, wrong,
                    keys.cipher().encrypt(new byte[0], new byte[] {1, 2, 3}, false));
        });
        expect(result, ReasonCode.TIMEOUT, "waiting for v2 garbage terminator");
    }

    @Test
    void aVersionPacketWithABadTag() throws Exception {
        HandshakeResult result = run(socket -> {
            Keys keys = exchangeKeys(socket);
            byte[] garbage = {9, 8, 7};
            byte[] version = keys.cipher().encrypt(new byte[0], garbage, false);
            version[version.length - 1] ^= 0x01;
            ScriptedPeer.write(socket, keys.ours(), garbage, keys.cipher().sendGarbageTerminator(), version);
        });
        expect(result, ReasonCode.BAD_CHECKSUM, "bad v2 packet tag");
    }

    @Test
    void aVersionPacketAuthenticatingOtherGarbage() throws Exception {
        HandshakeResult result = run(socket -> {
            Keys keys = exchangeKeys(socket);
            byte[] version = keys.cipher().encrypt(new byte[0], new byte[] {1}, false); // garbage sent: {2}
            ScriptedPeer.write(socket, keys.ours(), new byte[] {2}, keys.cipher().sendGarbageTerminator(), version);
        });
        expect(result, ReasonCode.BAD_CHECKSUM, "their garbage as AAD");
    }

    @Test
    void aLengthThatDecryptsTo16MiB() throws Exception {
        HandshakeResult result = run(socket -> {
            Keys keys = exchangeKeys(socket);
            // An empty packet's encrypted length is the length keystream itself (0 XOR keystream); XOR it
            // with 16 MiB - 1, little-endian. Only those 3 bytes are sent: we must refuse them before any contents.
            byte[] length = Arrays.copyOf(keys.cipher().encrypt(new byte[0], new byte[0], false), 3);
            length[0] ^= (byte) 0xff;
            length[1] ^= (byte) 0xff;
            length[2] ^= (byte) 0xff;
            ScriptedPeer.write(socket, keys.ours(), keys.cipher().sendGarbageTerminator(), length);
        });
        expect(result, ReasonCode.OVERSIZED_FRAME, "declares 16777215 bytes");
    }

    @Test
    void aFloodOfDecoys() throws Exception {
        HandshakeResult result = run(socket -> {
            Keys keys = exchangeKeys(socket);
            ScriptedPeer.write(socket, keys.ours(), keys.cipher().sendGarbageTerminator());
            for (int i = 0; i < 1000; i++) {
                ScriptedPeer.write(socket, keys.cipher().encrypt(new byte[10], new byte[0], true));
            }
        });
        expect(result, ReasonCode.TOO_MANY_FRAMES, "too many v2 packets");
    }

    @Test
    void aKeyThenSilence() throws Exception {
        HandshakeResult result = run(socket -> ScriptedPeer.write(socket, exchangeKeys(socket).ours()));
        expect(result, ReasonCode.TIMEOUT, "waiting for v2 garbage terminator");
    }

    @Test
    void anUnknownShortMessageId() throws Exception {
        HandshakeResult result = run(socket -> {
            Keys keys = exchangeKeys(socket);
            ScriptedPeer.write(socket, keys.ours(), keys.cipher().sendGarbageTerminator(),
                    keys.cipher().encrypt(new byte[0], new byte[0], false),
                    keys.cipher().encrypt(new byte[] {29, 0, 0}, new byte[0], false));
        });
        expect(result, ReasonCode.MALFORMED_FRAME, "unknown v2 message type id 29");
    }
}
