package org.nodehandshake.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ElligatorSwift over secp256k1 as BIP324 specifies it: every 64 bytes u||t stand for one x coordinate
 * (XSwiftEC), an x has random-looking encodings (XSwiftECInv, ellswift_create), and x-only ECDH takes the
 * peer's encoding. The field arithmetic is BouncyCastle's secp256k1 field.
 *
 * <p>Nothing here is constant time, like the BIP's own specification: we are a checker, our keys are
 * ephemeral and live for one handshake, and the encodings we decode are public.
 */
public final class ElligatorSwift {

    public static final int ENCODING_BYTES = 64;
    private static final int FIELD_BYTES = 32;
    /** ellswift_create retries with a fresh u until one of the 8 cases has a preimage, about 1 in 4 per try. */
    private static final int MAX_ENCODE_ATTEMPTS = 256;

    private static final ECCurve CURVE = Secp256k1.CURVE.getCurve();
    private static final BigInteger P = CURVE.getField().getCharacteristic();
    private static final ECFieldElement ONE = field(BigInteger.ONE);
    private static final ECFieldElement THREE = field(BigInteger.valueOf(3));
    private static final ECFieldElement FOUR = field(BigInteger.valueOf(4));
    private static final ECFieldElement SEVEN = field(BigInteger.valueOf(7));
    private static final ECFieldElement HALF = field(BigInteger.TWO.modInverse(P));
    /** c, the square root of -3 that is itself a square (BIP324). */
    static final ECFieldElement SQRT_MINUS_3 = field(new BigInteger(
            "0a2d2ba93507f1df233770c2a797962cc61f6d15da14ecd47d8d27ae1cd5f852", 16));
    private static final ECFieldElement HALF_ONE_MINUS_C = ONE.subtract(SQRT_MINUS_3).multiply(HALF);
    private static final ECFieldElement HALF_ONE_PLUS_C = ONE.add(SQRT_MINUS_3).multiply(HALF);

    private ElligatorSwift() {
    }

    /** XSwiftEC: the x coordinate (32 bytes big-endian) an ElligatorSwift encoding u||t stands for. Never fails (BIP324). */
    public static byte[] decodeX(byte[] encoding64) {
        requireLength(encoding64, ENCODING_BYTES, "an ElligatorSwift encoding");
        return xswiftec(reducedField(encoding64, 0), reducedField(encoding64, FIELD_BYTES)).getEncoded();
    }

    /**
     * XSwiftECInv(u, x, c) of BIP324; empty when case c has no preimage. u is in 1..p-1 (XSwiftEC reads 0 as 1),
     * x is the x of a curve point, c in 0..7; anything else is an IllegalArgumentException.
     */
    public static Optional<byte[]> xswiftecInv(byte[] u32, byte[] x32, int c) {
        ECFieldElement u = canonicalField(u32, "u");
        ECFieldElement x = canonicalField(x32, "x");
        if (u.isZero()) {
            throw new IllegalArgumentException("u must be in 1..p-1");
        }
        if (!isValidX(x)) {
            throw new IllegalArgumentException("x is not the x coordinate of a secp256k1 point");
        }
        if (c < 0 || c > 7) {
            throw new IllegalArgumentException("the case is 0..7, not " + c);
        }
        return inverse(u, x, c).map(ECFieldElement::getEncoded);
    }

    /** A random 64-byte encoding of privateKey·G (ellswift_create). */
    public static byte[] encode(byte[] privateKey32, SecureRandom random) {
        BigInteger d = privateKey(privateKey32);
        Objects.requireNonNull(random, "random");
        ECFieldElement x = Secp256k1.publicKey(d).getAffineXCoord();
        byte[] candidate = new byte[FIELD_BYTES];
        for (int attempt = 0; attempt < MAX_ENCODE_ATTEMPTS; attempt++) {
            random.nextBytes(candidate);
            BigInteger uValue = new BigInteger(1, candidate);
            if (uValue.signum() == 0 || uValue.compareTo(P) >= 0) {
                continue; // u is uniform in 1..p-1
            }
            ECFieldElement u = field(uValue);
            Optional<ECFieldElement> t = inverse(u, x, random.nextInt(8));
            // The inverse ignores XSwiftEC's remapping of t = 0 and u^3 + t^2 + 7 = 0 (odds about 2^-256):
            // such a t would decode to another x, so it is skipped like a case without a preimage.
            if (t.isPresent() && !t.get().isZero() && !curveSum(u, t.get()).isZero()) {
                byte[] encoding = Arrays.copyOf(u.getEncoded(), ENCODING_BYTES);
                System.arraycopy(t.get().getEncoded(), 0, encoding, FIELD_BYTES, FIELD_BYTES);
                return encoding;
            }
        }
        throw new IllegalStateException("no ElligatorSwift encoding in " + MAX_ENCODE_ATTEMPTS
                + " attempts: the random source repeats itself");
    }

    /** x-only ECDH: the 32-byte x of privateKey·P, P the point whose x the peer's encoding stands for. */
    public static byte[] xOnlyEcdh(byte[] theirEncoding64, byte[] ourPrivateKey32) {
        requireLength(theirEncoding64, ENCODING_BYTES, "an ElligatorSwift encoding");
        BigInteger d = privateKey(ourPrivateKey32);
        byte[] compressed = new byte[1 + FIELD_BYTES];
        compressed[0] = 0x02; // either y will do: a point and its negation give the same x
        System.arraycopy(decodeX(theirEncoding64), 0, compressed, 1, FIELD_BYTES);
        ECPoint theirs = Secp256k1.decodePoint(compressed); // XSwiftEC always yields a valid x
        return Secp256k1.ecdh(d, theirs);
    }

    /** XSwiftEC(u, t), with BIP324's remapping of the inputs that would otherwise give the point at infinity. */
    private static ECFieldElement xswiftec(ECFieldElement u, ECFieldElement t) {
        if (u.isZero()) {
            u = ONE;
        }
        if (t.isZero()) {
            t = ONE;
        }
        if (curveSum(u, t).isZero()) {
            t = t.add(t);
        }
        ECFieldElement uCubedPlus7 = u.square().multiply(u).add(SEVEN);
        ECFieldElement bigX = uCubedPlus7.subtract(t.square()).divide(t.add(t));
        ECFieldElement bigY = bigX.add(t).divide(SQRT_MINUS_3.multiply(u));
        ECFieldElement x1 = u.add(bigY.square().multiply(FOUR));
        if (isValidX(x1)) {
            return x1;
        }
        ECFieldElement xOverY = bigX.divide(bigY);
        ECFieldElement x2 = xOverY.negate().subtract(u).multiply(HALF);
        if (isValidX(x2)) {
            return x2;
        }
        // BIP324: at least one of the three is on the curve, and the order matters.
        return xOverY.subtract(u).multiply(HALF);
    }

    /** XSwiftECInv(x, u, case) over checked field elements. */
    private static Optional<ECFieldElement> inverse(ECFieldElement u, ECFieldElement x, int c) {
        ECFieldElement uCubedPlus7 = u.square().multiply(u).add(SEVEN);
        ECFieldElement s;
        ECFieldElement v;
        if ((c & 2) == 0) {
            if (isValidX(x.negate().subtract(u))) {
                return Optional.empty();
            }
            v = x;
            // u^2 + uv + v^2 is not 0 here: if it were, -x-u would be a valid x like x.
            s = uCubedPlus7.negate().divide(u.square().add(u.multiply(v)).add(v.square()));
        } else {
            s = x.subtract(u);
            if (s.isZero()) {
                return Optional.empty();
            }
            ECFieldElement r = squareRoot(s.negate().multiply(
                    uCubedPlus7.multiply(FOUR).add(THREE.multiply(u.square()).multiply(s))));
            if (r == null || ((c & 1) == 1 && r.isZero())) {
                return Optional.empty();
            }
            v = r.divide(s).subtract(u).multiply(HALF);
        }
        ECFieldElement w = squareRoot(s);
        if (w == null) {
            return Optional.empty();
        }
        ECFieldElement t = switch (c & 5) {
            case 0 -> w.negate().multiply(u.multiply(HALF_ONE_MINUS_C).add(v));
            case 1 -> w.multiply(u.multiply(HALF_ONE_PLUS_C).add(v));
            case 4 -> w.multiply(u.multiply(HALF_ONE_MINUS_C).add(v));
            default -> w.negate().multiply(u.multiply(HALF_ONE_PLUS_C).add(v)); // c & 5 == 5
        };
        return Optional.of(t);
    }

    /** u^3 + t^2 + 7, the sum XSwiftEC must keep away from 0. */
    private static ECFieldElement curveSum(ECFieldElement u, ECFieldElement t) {
        return u.square().multiply(u).add(t.square()).add(SEVEN);
    }

    /** lift_x succeeds: x^3 + 7 is a square. */
    private static boolean isValidX(ECFieldElement x) {
        return squareRoot(x.square().multiply(x).add(SEVEN)) != null;
    }

    /**
     * BIP324's "the" square root, a^((p+1)/4) (p = 3 mod 4), or null when a is not a square. BouncyCastle's
     * secp256k1 field computes exactly that power and checks it; the vectors pin the choice of root.
     */
    private static ECFieldElement squareRoot(ECFieldElement a) {
        return a.sqrt();
    }

    private static BigInteger privateKey(byte[] privateKey32) {
        requireLength(privateKey32, FIELD_BYTES, "a private key");
        BigInteger d = new BigInteger(1, privateKey32);
        if (!Secp256k1.isPrivateKey(d)) {
            throw new IllegalArgumentException("a private key is in 1..n-1");
        }
        return d;
    }

    /** 32 bytes read as an integer mod p, as XSwiftEC reads u and t. */
    private static ECFieldElement reducedField(byte[] bytes, int offset) {
        return field(new BigInteger(1, Arrays.copyOfRange(bytes, offset, offset + FIELD_BYTES)).mod(P));
    }

    /** 32 bytes that must already be a field element (below p). */
    private static ECFieldElement canonicalField(byte[] bytes, String name) {
        requireLength(bytes, FIELD_BYTES, name);
        BigInteger value = new BigInteger(1, bytes);
        if (value.compareTo(P) >= 0) {
            throw new IllegalArgumentException(name + " is not below the field's prime: " + HexFormat.of().formatHex(bytes));
        }
        return field(value);
    }

    private static ECFieldElement field(BigInteger value) {
        return CURVE.fromBigInteger(value);
    }

    private static void requireLength(byte[] bytes, int length, String what) {
        Objects.requireNonNull(bytes, what);
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " is " + length + " bytes, not " + bytes.length);
        }
    }
}
