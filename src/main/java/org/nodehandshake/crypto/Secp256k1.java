package org.nodehandshake.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The secp256k1 curve over BouncyCastle's low-level API (the JDK dropped it in Java 16): key pairs,
 * SEC 1 point encodings, ECDH, ECDSA (RFC 6979 deterministic nonces, low s, recoverable) and public key
 * recovery. Every decoder takes untrusted bytes and answers with one documented failure.
 */
public final class Secp256k1 {

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    public static final ECDomainParameters CURVE = new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(),
            PARAMS.getN(), PARAMS.getH());
    /** The group order n. */
    public static final BigInteger N = CURVE.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final BigInteger P = PARAMS.getCurve().getField().getCharacteristic();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secp256k1() {
    }

    /** A private key: 32 random bytes in 1..n-1. */
    public static BigInteger newPrivateKey() {
        BigInteger d;
        do {
            d = new BigInteger(256, RANDOM);
        } while (!isPrivateKey(d));
        return d;
    }

    public static boolean isPrivateKey(BigInteger d) {
        return d.signum() > 0 && d.compareTo(N) < 0;
    }

    public static ECPoint publicKey(BigInteger privateKey) {
        return new FixedPointCombMultiplier().multiply(CURVE.getG(), privateKey).normalize();
    }

    /** SEC 1 compressed: 02 or 03, then x (33 bytes). */
    public static byte[] encodeCompressed(ECPoint point) {
        return point.normalize().getEncoded(true);
    }

    /** SEC 1 uncompressed: 04, x, y (65 bytes). */
    public static byte[] encodeUncompressed(ECPoint point) {
        return point.normalize().getEncoded(false);
    }

    /**
     * A point from its SEC 1 encoding, compressed (33 bytes) or uncompressed (65 bytes); IllegalArgumentException
     * when the bytes are not a finite point on the curve.
     */
    public static ECPoint decodePoint(byte[] encoded) {
        if (encoded.length != 33 && encoded.length != 65) {
            throw new IllegalArgumentException("a secp256k1 point is 33 or 65 bytes, not " + encoded.length);
        }
        ECPoint point = CURVE.getCurve().decodePoint(encoded); // checks the coordinates lie on the curve
        if (point.isInfinity() || !point.isValid()) {
            throw new IllegalArgumentException("not a secp256k1 point");
        }
        return point.normalize();
    }

    /** The x coordinate of privateKey * point, 32 bytes (SEC 1 ECDH, no hashing). */
    public static byte[] ecdh(BigInteger privateKey, ECPoint point) {
        ECPoint shared = point.multiply(privateKey).normalize();
        if (shared.isInfinity()) {
            throw new IllegalArgumentException("ECDH at infinity");
        }
        return unsigned32(shared.getAffineXCoord().toBigInteger());
    }

    /** A recoverable signature over a 32-byte hash: r (32) || s (32) || recovery id (1), s in the lower half. */
    public static byte[] signRecoverable(byte[] hash32, BigInteger privateKey) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, CURVE));
        BigInteger[] rs = signer.generateSignature(hash32);
        BigInteger r = rs[0];
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
        ECPoint ours = publicKey(privateKey);
        for (int v = 0; v < 2; v++) {
            Optional<ECPoint> recovered = recover(hash32, r, s, v);
            if (recovered.isPresent() && recovered.get().equals(ours)) {
                byte[] out = new byte[65];
                System.arraycopy(unsigned32(r), 0, out, 0, 32);
                System.arraycopy(unsigned32(s), 0, out, 32, 32);
                out[64] = (byte) v;
                return out;
            }
        }
        throw new IllegalStateException("no recovery id for our own signature");
    }

    /** Plain ECDSA verification of (r, s) over a hash; false for r or s outside 1..n-1. High s is accepted. */
    public static boolean verify(byte[] hash, BigInteger r, BigInteger s, ECPoint publicKey) {
        if (!isPrivateKey(r) || !isPrivateKey(s)) { // the same range, 1..n-1
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(publicKey, CURVE));
        return verifier.verifySignature(hash, r, s);
    }

    /** The public key that made a 65-byte recoverable signature over {@code hash32} (SEC 1 v2, 4.1.6), if any. */
    public static Optional<ECPoint> recover(byte[] hash32, byte[] signature65) {
        if (signature65.length != 65 || (signature65[64] & 0xff) > 3) {
            return Optional.empty();
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature65, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature65, 32, 64));
        return recover(hash32, r, s, signature65[64] & 0xff);
    }

    private static Optional<ECPoint> recover(byte[] hash32, BigInteger r, BigInteger s, int recId) {
        if (!isPrivateKey(r) || !isPrivateKey(s)) {
            return Optional.empty();
        }
        BigInteger x = r.add(BigInteger.valueOf(recId / 2).multiply(N));
        if (x.compareTo(P) >= 0) {
            return Optional.empty();
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) ((recId & 1) == 1 ? 3 : 2);
        System.arraycopy(unsigned32(x), 0, compressed, 1, 32);
        ECPoint bigR;
        try {
            bigR = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // x is not the coordinate of any point
        }
        if (!bigR.multiply(N).isInfinity()) {
            return Optional.empty();
        }
        BigInteger e = new BigInteger(1, hash32);
        BigInteger rInv = r.modInverse(N);
        BigInteger u1 = e.negate().mod(N).multiply(rInv).mod(N);
        BigInteger u2 = s.multiply(rInv).mod(N);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, bigR, u2).normalize();
        return q.isInfinity() ? Optional.empty() : Optional.of(q);
    }

    /** A non-negative integer below 2^256 as exactly 32 big-endian bytes. */
    public static byte[] unsigned32(BigInteger value) {
        byte[] b = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, b.length);
        System.arraycopy(b, b.length - copy, out, 32 - copy, copy);
        return out;
    }
}
