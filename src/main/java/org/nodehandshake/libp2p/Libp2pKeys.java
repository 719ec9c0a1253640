package org.nodehandshake.libp2p;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** The checks and JDK plumbing {@link Libp2pKey}'s records share. */
final class Libp2pKeys {
    /** SubjectPublicKeyInfo header for Ed25519 (RFC 8410): the JDK reads raw keys this way. */
    static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final Map<String, String> CURVES = Map.of(
            "1.2.840.10045.3.1.7", "P-256", "1.3.132.0.34", "P-384", "1.3.132.0.35", "P-521");
    private static final Map<String, String> JDK_CURVE_NAMES = Map.of(
            "P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    private Libp2pKeys() {
    }

    interface Check {
        void run() throws MalformedMessageException;
    }

    /** For the records' constructors: a key built in code that would not decode is a programming error. */
    static void unchecked(Check check) {
        try {
            check.run();
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static void checkEd25519(byte[] data) throws MalformedMessageException {
        if (data.length != 32) {
            throw new MalformedMessageException("Ed25519 key of " + data.length + " bytes, not 32");
        }
        // a point, canonically encoded, not of small order: a small-order key lets anyone sign as it
        if (!org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(data, 0)) {
            throw new MalformedMessageException("Ed25519 key is not a valid point");
        }
    }

    static void checkSecp256k1(byte[] data) throws MalformedMessageException {
        if (data.length != 33 || (data[0] != 2 && data[0] != 3)) {
            throw new MalformedMessageException("secp256k1 key is not a 33-byte compressed point");
        }
        try {
            org.nodehandshake.crypto.Secp256k1.decodePoint(data);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("secp256k1 key is not a point on the curve");
        }
    }

    /** The curve an ECDSA key's SubjectPublicKeyInfo names, read before the JDK sees the key. */
    static String ecdsaCurve(byte[] data) throws MalformedMessageException {
        if (data.length > Libp2pKey.MAX_ECDSA_DER_BYTES) {
            throw new MalformedMessageException("ECDSA key of " + data.length + " bytes, more than "
                    + Libp2pKey.MAX_ECDSA_DER_BYTES);
        }
        ASN1Encodable parameters;
        String algorithm;
        try {
            // fromByteArray refuses trailing bytes; getInstance throws IllegalArgumentException on a wrong shape
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(data));
            algorithm = info.getAlgorithm().getAlgorithm().getId();
            parameters = info.getAlgorithm().getParameters();
        } catch (IOException | RuntimeException e) { // BouncyCastle's ASN.1 reader signals bad input both ways
            throw new MalformedMessageException("ECDSA key is not a DER SubjectPublicKeyInfo");
        }
        if (!EC_PUBLIC_KEY.equals(algorithm)) {
            throw new MalformedMessageException("ECDSA key's algorithm is " + algorithm + ", not id-ecPublicKey");
        }
        if (!(parameters instanceof ASN1ObjectIdentifier curveId)) {
            throw new MalformedMessageException("ECDSA key without a named curve");
        }
        String curve = CURVES.get(curveId.getId());
        if (curve == null) {
            throw new UnsupportedKeyException(Libp2pKey.TYPE_ECDSA, "ECDSA curve " + curveId.getId()
                    + " is none of P-256, P-384, P-521");
        }
        return curve;
    }

    static ECPublicKey ecdsa(byte[] data) throws MalformedMessageException {
        String curve = ecdsaCurve(data);
        ECPublicKey key;
        try {
            key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(data));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new MalformedMessageException("ECDSA key the JDK does not read: " + e.getMessage());
        }
        if (!sameCurve(key.getParams(), curveParameters(curve))) {
            throw new MalformedMessageException("ECDSA key's parameters are not " + curve + "'s");
        }
        if (!onCurve(key.getW(), key.getParams())) { // the JDK's key factory does not check this
            throw new MalformedMessageException("ECDSA key is not a point on " + curve);
        }
        if (!Arrays.equals(key.getEncoded(), data)) {
            throw new MalformedMessageException("ECDSA key not in DER (named curve, uncompressed point)");
        }
        return key;
    }

    static RSAPublicKey rsa(byte[] data) throws MalformedMessageException {
        if (data.length > Libp2pKey.MAX_RSA_DER_BYTES) {
            throw new MalformedMessageException("RSA key of " + data.length + " bytes, more than "
                    + Libp2pKey.MAX_RSA_DER_BYTES);
        }
        RSAPublicKey key;
        try {
            PublicKey parsed = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(data));
            if (!(parsed instanceof RSAPublicKey rsa) || !"RSA".equals(parsed.getAlgorithm())) {
                throw new MalformedMessageException("not an rsaEncryption key");
            }
            key = rsa;
        } catch (GeneralSecurityException e) {
            throw new MalformedMessageException("RSA key the JDK does not read: " + e.getMessage());
        }
        int bits = key.getModulus().bitLength();
        if (bits < Libp2pKey.MIN_RSA_BITS || bits > Libp2pKey.MAX_RSA_BITS) {
            throw new MalformedMessageException("RSA key of " + bits + " bits, outside " + Libp2pKey.MIN_RSA_BITS + ".."
                    + Libp2pKey.MAX_RSA_BITS);
        }
        BigInteger e = key.getPublicExponent();
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(key.getModulus()) >= 0) {
            throw new MalformedMessageException("RSA public exponent out of range");
        }
        if (!Arrays.equals(key.getEncoded(), data)) {
            throw new MalformedMessageException("RSA key not in DER");
        }
        return key;
    }

    private static ECParameterSpec curveParameters(String curve) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(JDK_CURVE_NAMES.get(curve)));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers " + curve, e);
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }

    /** y^2 = x^3 + ax + b (mod p), and not the point at infinity. */
    private static boolean onCurve(ECPoint w, ECParameterSpec params) {
        if (w.equals(ECPoint.POINT_INFINITY) || !(params.getCurve().getField() instanceof ECFieldFp field)) {
            return false;
        }
        BigInteger p = field.getP();
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    static boolean verify(String algorithm, PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a signature the provider cannot even parse is a bad signature
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
