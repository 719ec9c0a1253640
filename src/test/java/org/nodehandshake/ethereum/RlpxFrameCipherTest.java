package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.FrameViolation;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.ReasonCode;

/** RLPx frames: the cipher stream and header layout against go-ethereum's golden frame, both sides, refusals. */
class RlpxFrameCipherTest {

    /** A connected pair: what the initiator seals the recipient opens, and back. */
    private static RlpxFrameCipher[] pair() {
        BigInteger ea = EthCrypto.newPrivateKey();
        BigInteger eb = EthCrypto.newPrivateKey();
        byte[] na = RlpxHandshake.newNonce();
        byte[] nb = RlpxHandshake.newNonce();
        byte[] auth = {1, 2, 3};
        byte[] ack = {4, 5, 6};
        return new RlpxFrameCipher[] {
            new RlpxFrameCipher(RlpxSecrets.derive(true, ea, EthCrypto.publicKey(eb), na, nb, auth, ack)),
            new RlpxFrameCipher(RlpxSecrets.derive(false, eb, EthCrypto.publicKey(ea), na, nb, auth, ack))};
    }

    @Test
    void headerLayoutAndCipherStreamMatchGoEthereumsGoldenFrame() {
        // p2p/rlpx/rlpx_test.go TestFrameReadWrite: aes-secret keccak256(), message code 8 with rlp([1,2,3,4]);
        // its MAC is a fake hash, so only the two ciphertexts are compared.
        byte[] golden = HexFormat.of().parseHex("00828ddae471818bb0bfa6b551d1cb42" + "01010101010101010101010101010101"
                + "ba628a4ba590cb43f7848f41c4382885" + "01010101010101010101010101010101");
        byte[] empty = EthCrypto.keccak256();
        RlpxFrameCipher cipher = new RlpxFrameCipher(RlpxSecrets.of(empty, empty, new KeccakDigest(256), new KeccakDigest(256)));
        byte[] frame = cipher.seal(HexFormat.of().parseHex("08c401020304"));
        assertEquals(64, frame.length);
        assertArrayEquals(Arrays.copyOfRange(golden, 0, 16), Arrays.copyOfRange(frame, 0, 16));
        assertArrayEquals(Arrays.copyOfRange(golden, 32, 48), Arrays.copyOfRange(frame, 32, 48));
    }

    @Test
    void framesRoundTripBothWays() throws Exception {
        RlpxFrameCipher[] p = pair();
        for (int size : new int[] {1, 15, 16, 17, 300, 5000}) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) size);
            for (int from = 0; from < 2; from++) {
                byte[] frame = p[from].seal(payload);
                RlpxFrameCipher to = p[1 - from];
                assertEquals(size, to.openHeader(Arrays.copyOf(frame, 32)));
                assertArrayEquals(payload, to.openBody(Arrays.copyOfRange(frame, 32, frame.length - 16),
                        Arrays.copyOfRange(frame, frame.length - 16, frame.length), size));
            }
        }
    }

    @Test
    void aTamperedHeaderOrBodyFailsItsMac() throws Exception {
        RlpxFrameCipher[] p = pair();
        byte[] frame = p[0].seal(new byte[40]);
        frame[3] ^= 1;
        assertThrows(RlpxFrameCipher.BadMacException.class, () -> p[1].openHeader(Arrays.copyOf(frame, 32)));

        RlpxFrameCipher[] q = pair();
        byte[] other = q[0].seal(new byte[40]);
        other[40] ^= 1;
        assertEquals(40, q[1].openHeader(Arrays.copyOf(other, 32)));
        assertThrows(RlpxFrameCipher.BadMacException.class, () -> q[1].openBody(Arrays.copyOfRange(other, 32, 80),
                Arrays.copyOfRange(other, 80, 96), 40));
    }

    @Test
    void theDecoderRefusesAnOversizedHeaderBeforeTheBody() {
        RlpxFrameCipher[] p = pair();
        byte[] frame = p[0].seal(new byte[16 * 1024 * 1024 - 1]); // declares almost 16 MiB
        EmbeddedChannel channel = new EmbeddedChannel(new RlpxFrameDecoder(p[1], 65536,
                new HandshakeBudget(HandshakeBudget.Limits.UNLIMITED)));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 32)); // the header alone
        FrameViolation v = assertInstanceOf(FrameViolation.class, channel.readInbound());
        assertEquals(ReasonCode.OVERSIZED_FRAME, v.code());
        assertTrue(v.reason().contains("16777215"), v.reason());
        channel.finishAndReleaseAll();
    }

    @Test
    void theDecoderSplitsFramesArrivingByteByByte() {
        RlpxFrameCipher[] p = pair();
        byte[] a = p[0].seal(new byte[] {1, 2, 3});
        byte[] b = p[0].seal(new byte[100]);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        EmbeddedChannel channel = new EmbeddedChannel(new RlpxFrameDecoder(p[1], 65536,
                new HandshakeBudget(HandshakeBudget.Limits.UNLIMITED)));
        for (byte x : both) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        assertArrayEquals(new byte[] {1, 2, 3}, ((RlpxPacket.Frame) channel.readInbound()).payload());
        assertArrayEquals(new byte[100], ((RlpxPacket.Frame) channel.readInbound()).payload());
        channel.finishAndReleaseAll();
    }

    /** Found by RlpxFrameFuzzTest: Cipher.update gives null for the empty body of a frame of size 0. */
    @Test
    void aFrameOfSizeZeroSealsAndDecodesAndTheStreamsStayInStep() {
        RlpxFrameCipher[] p = pair();
        byte[] empty = p[0].seal(new byte[0]);
        assertEquals(32 + 16, empty.length, "header, header MAC and frame MAC; no body");
        byte[] next = p[0].seal(new byte[] {7});
        EmbeddedChannel channel = new EmbeddedChannel(new RlpxFrameDecoder(p[1], 65536,
                new HandshakeBudget(HandshakeBudget.Limits.UNLIMITED)));
        channel.writeInbound(Unpooled.wrappedBuffer(empty), Unpooled.wrappedBuffer(next));
        assertArrayEquals(new byte[0], ((RlpxPacket.Frame) channel.readInbound()).payload());
        assertArrayEquals(new byte[] {7}, ((RlpxPacket.Frame) channel.readInbound()).payload());
        channel.finishAndReleaseAll();
    }
}
