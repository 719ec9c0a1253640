package org.nodehandshake.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** The shared secp256k1 primitives: encodings against the curve's generator, decoding refusals, ECDSA both ways. */
class Secp256k1Test {

    private static final HexFormat HEX = HexFormat.of();
    /** SEC 2's generator G, compressed. */
    private static final String G = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    @Test
    void privateKeyOneIsTheGenerator() {
        ECPoint g = Secp256k1.publicKey(BigInteger.ONE);
        assertEquals(G, HEX.formatHex(Secp256k1.encodeCompressed(g)));
        assertEquals(65, Secp256k1.encodeUncompressed(g).length);
        assertEquals(g, Secp256k1.decodePoint(Secp256k1.encodeUncompressed(g)));
        assertEquals(g, Secp256k1.decodePoint(HEX.parseHex(G)));
    }

    @Test
    void anXThatIsNoPointIsRefused() {
        // x = 5: 5^3 + 7 = 132 is not a square mod p
        byte[] bad = HEX.parseHex("02" + "00".repeat(31) + "05");
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.decodePoint(bad));
    }

    @Test
    void aPointOfAnotherLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.decodePoint(HEX.parseHex(G.substring(2))));
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.decodePoint(new byte[0]));
    }

    @Test
    void anUncompressedPointOffTheCurveIsRefused() {
        byte[] full = Secp256k1.encodeUncompressed(Secp256k1.publicKey(BigInteger.TWO));
        full[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.decodePoint(full));
    }

    @Test
    void aRecoverableSignatureVerifiesAndRecoversItsKey() throws Exception {
        BigInteger d = Secp256k1.newPrivateKey();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("message".getBytes());
        byte[] sig = Secp256k1.signRecoverable(hash, d);
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        assertTrue(s.compareTo(Secp256k1.N.shiftRight(1)) <= 0, "low s");
        assertTrue(Secp256k1.verify(hash, r, s, Secp256k1.publicKey(d)));
        assertEquals(Secp256k1.publicKey(d), Secp256k1.recover(hash, sig).orElseThrow());
    }

    @Test
    void verificationAcceptsTheHighSTwinAndRefusesAnotherHash() throws Exception {
        BigInteger d = Secp256k1.newPrivateKey();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("message".getBytes());
        byte[] sig = Secp256k1.signRecoverable(hash, d);
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        assertTrue(Secp256k1.verify(hash, r, Secp256k1.N.subtract(s), Secp256k1.publicKey(d)));
        hash[0] ^= 1;
        assertFalse(Secp256k1.verify(hash, r, s, Secp256k1.publicKey(d)));
    }

    @Test
    void rOrSOutOfRangeIsFalse() {
        byte[] hash = new byte[32];
        ECPoint q = Secp256k1.publicKey(BigInteger.TEN);
        assertFalse(Secp256k1.verify(hash, BigInteger.ZERO, BigInteger.ONE, q));
        assertFalse(Secp256k1.verify(hash, BigInteger.ONE, Secp256k1.N, q));
    }

    @Test
    void unsigned32PadsAndKeepsLowBytes() {
        assertArrayEquals(HEX.parseHex("00".repeat(31) + "01"), Secp256k1.unsigned32(BigInteger.ONE));
        assertArrayEquals(HEX.parseHex("ff".repeat(32)), Secp256k1.unsigned32(BigInteger.TWO.pow(256).subtract(BigInteger.ONE)));
    }
}
