package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
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
 * The secp256k1 and Keccak-256 primitives Ethereum's records and transport are built on, over
 * BouncyCastle's low-level API (the JDK has neither since Java 16): key pairs, ECDH, recoverable
 * ECDSA signatures (r, s, recovery id) with low s, public key recovery, and key encodings (64-byte
 * uncompressed without the 04 prefix, as node ids are; 33-byte compressed, as records carry).
 */
public final class EthCrypto {

    private static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
    public static final ECDomainParameters CURVE = new ECDomainParameters(CURVE_PARAMS.getCurve(),
            CURVE_PARAMS.getG(), CURVE_PARAMS.getN(), CURVE_PARAMS.getH());
    private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);
    private static final SecureRandom RANDOM = new SecureRandom();

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
        BigInteger d;
        do {
            d = new BigInteger(256, RANDOM);
        } while (d.signum() == 0 || d.compareTo(CURVE.getN()) >= 0);
        return d;
    }

    public static ECPoint publicKey(BigInteger privateKey) {
        return new FixedPointCombMultiplier().multiply(CURVE.getG(), privateKey).normalize();
    }

    /** The 64-byte uncompressed encoding without the 04 prefix (a node id). */
    public static byte[] encode64(ECPoint point) {
        byte[] full = point.normalize().getEncoded(false);
        return Arrays.copyOfRange(full, 1, 65);
    }

    /** The 33-byte compressed encoding (an ENR's secp256k1 entry). */
    public static byte[] encode33(ECPoint point) {
        return point.normalize().getEncoded(true);
    }

    /**
     * A point from 64 (x||y), 65 (04||x||y) or 33 (compressed) bytes; IllegalArgumentException when the
     * bytes are not a point on the curve.
     */
    public static ECPoint decodePoint(byte[] encoded) {
        byte[] full;
        if (encoded.length == 64) {
            full = new byte[65];
            full[0] = 4;
            System.arraycopy(encoded, 0, full, 1, 64);
        } else {
            full = encoded;
        }
        ECPoint point = CURVE.getCurve().decodePoint(full); // validates the point is on the curve
        if (point.isInfinity() || !point.isValid()) {
            throw new IllegalArgumentException("not a secp256k1 point");
        }
        return point.normalize();
    }

    /** The x coordinate of privateKey * point, 32 bytes: ECDH as RLPx and ECIES use it. */
    public static byte[] ecdh(BigInteger privateKey, ECPoint point) {
        ECPoint shared = point.multiply(privateKey).normalize();
        if (shared.isInfinity()) {
            throw new IllegalArgumentException("ECDH at infinity");
        }
        return unsigned32(shared.getAffineXCoord().toBigInteger());
    }

    /** A recoverable signature: r (32) || s (32) || recovery id (1), s in the lower half. */
    public static byte[] sign(byte[] hash32, BigInteger privateKey) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, CURVE));
        BigInteger[] rs = signer.generateSignature(hash32);
        BigInteger r = rs[0];
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
        ECPoint ours = publicKey(privateKey);
        for (int v = 0; v < 2; v++) {
            ECPoint recovered = recover(hash32, r, s, v);
            if (recovered != null && recovered.equals(ours)) {
                byte[] out = new byte[65];
                System.arraycopy(unsigned32(r), 0, out, 0, 32);
                System.arraycopy(unsigned32(s), 0, out, 32, 32);
                out[64] = (byte) v;
                return out;
            }
        }
        throw new IllegalStateException("no recovery id for our own signature");
    }

    /** Verifies a 64-byte r||s signature over a 32-byte hash (no recovery id needed). */
    public static boolean verify(byte[] hash32, byte[] signature64, ECPoint publicKey) {
        if (signature64.length != 64) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature64, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature64, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(CURVE.getN()) >= 0 || s.compareTo(CURVE.getN()) >= 0) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(publicKey, CURVE));
        return verifier.verifySignature(hash32, r, s);
    }

    /**
     * The public key that made a 65-byte recoverable signature over {@code hash32}; null when none does
     * (SEC 1 v2, section 4.1.6).
     */
    public static ECPoint recover(byte[] hash32, byte[] signature65) {
        if (signature65.length != 65 || (signature65[64] & 0xff) > 3) {
            return null;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature65, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature65, 32, 64));
        return recover(hash32, r, s, signature65[64] & 0xff);
    }

    private static ECPoint recover(byte[] hash32, BigInteger r, BigInteger s, int recId) {
        BigInteger n = CURVE.getN();
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return null;
        }
        BigInteger x = r.add(BigInteger.valueOf(recId / 2).multiply(n));
        BigInteger prime = CURVE_PARAMS.getCurve().getField().getCharacteristic();
        if (x.compareTo(prime) >= 0) {
            return null;
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) ((recId & 1) == 1 ? 3 : 2);
        System.arraycopy(unsigned32(x), 0, compressed, 1, 32);
        ECPoint bigR;
        try {
            bigR = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!bigR.multiply(n).isInfinity()) {
            return null;
        }
        BigInteger e = new BigInteger(1, hash32);
        BigInteger rInv = r.modInverse(n);
        BigInteger u1 = e.negate().mod(n).multiply(rInv).mod(n);
        BigInteger u2 = s.multiply(rInv).mod(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, bigR, u2).normalize();
        return q.isInfinity() ? null : q;
    }

    /** A non-negative integer as exactly 32 big-endian bytes. */
    public static byte[] unsigned32(BigInteger value) {
        byte[] b = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, b.length);
        System.arraycopy(b, b.length - copy, out, 32 - copy, copy);
        return out;
    }
}
