package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.nodehandshake.crypto.Secp256k1;

/**
 * The primitives Ethereum's records and transport are built on: Keccak-256 (BouncyCastle; the JDK has
 * none) and secp256k1 in Ethereum's shapes, over the shared {@link Secp256k1}: key pairs, ECDH,
 * recoverable ECDSA signatures (r, s, recovery id) with low s, public key recovery, and key encodings
 * (64-byte uncompressed without the 04 prefix, as node ids are; 33-byte compressed, as records carry).
 */
public final class EthCrypto {

    public static final ECDomainParameters CURVE = Secp256k1.CURVE;

    private EthCrypto() {
    }

    /** Keccak-256 (the original Keccak padding, not NIST SHA3-256) of the parts, concatenated. */
    public static byte[] keccak256(byte[]... parts) {
        KeccakDigest digest = new KeccakDigest(256);
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** A private key: 32 random bytes in 1..n-1. */
    public static BigInteger newPrivateKey() {
        return Secp256k1.newPrivateKey();
    }

    public static ECPoint publicKey(BigInteger privateKey) {
        return Secp256k1.publicKey(privateKey);
    }

    /** The 64-byte uncompressed encoding without the 04 prefix (a node id). */
    public static byte[] encode64(ECPoint point) {
        return Arrays.copyOfRange(Secp256k1.encodeUncompressed(point), 1, 65);
    }

    /** The 33-byte compressed encoding (an ENR's secp256k1 entry). */
    public static byte[] encode33(ECPoint point) {
        return Secp256k1.encodeCompressed(point);
    }

    /**
     * A point from 64 (x||y), 65 (04||x||y) or 33 (compressed) bytes; IllegalArgumentException when the
     * bytes are not a point on the curve.
     */
    public static ECPoint decodePoint(byte[] encoded) {
        if (encoded.length == 64) {
            byte[] full = new byte[65];
            full[0] = 4;
            System.arraycopy(encoded, 0, full, 1, 64);
            return Secp256k1.decodePoint(full);
        }
        return Secp256k1.decodePoint(encoded);
    }

    /** The x coordinate of privateKey * point, 32 bytes: ECDH as RLPx and ECIES use it. */
    public static byte[] ecdh(BigInteger privateKey, ECPoint point) {
        return Secp256k1.ecdh(privateKey, point);
    }

    /** A recoverable signature: r (32) || s (32) || recovery id (1), s in the lower half. */
    public static byte[] sign(byte[] hash32, BigInteger privateKey) {
        return Secp256k1.signRecoverable(hash32, privateKey);
    }

    /** Verifies a 64-byte r||s signature over a 32-byte hash (no recovery id needed). */
    public static boolean verify(byte[] hash32, byte[] signature64, ECPoint publicKey) {
        if (signature64.length != 64) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature64, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature64, 32, 64));
        return Secp256k1.verify(hash32, r, s, publicKey);
    }

    /**
     * The public key that made a 65-byte recoverable signature over {@code hash32}; null when none does
     * (SEC 1 v2, section 4.1.6).
     */
    public static ECPoint recover(byte[] hash32, byte[] signature65) {
        return Secp256k1.recover(hash32, signature65).orElse(null);
    }

    /** A non-negative integer as exactly 32 big-endian bytes. */
    public static byte[] unsigned32(BigInteger value) {
        return Secp256k1.unsigned32(value);
    }
}
