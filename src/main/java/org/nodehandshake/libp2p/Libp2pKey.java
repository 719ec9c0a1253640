package org.nodehandshake.libp2p;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import org.nodehandshake.crypto.EcdsaSignature;

/**
 * A peer's public identity key as libp2p's peer-ids spec defines it: the PublicKey protobuf (Type = 1:
 * RSA 0, Ed25519 1, Secp256k1 2, ECDSA 3; Data = 2) and, per type, the Data encoding and the signature
 * scheme. Every instance is a valid key: the records' constructors check what {@link #decode} checks.
 */
public sealed interface Libp2pKey {

    int TYPE_RSA = 0;
    int TYPE_ED25519 = 1;
    int TYPE_SECP256K1 = 2;
    int TYPE_ECDSA = 3;

    /** go-libp2p's bounds (MinRsaKeyBits, maxRsaKeyBits): 4096-bit keys pass, 1024-bit ones do not. */
    int MIN_RSA_BITS = 2048;
    int MAX_RSA_BITS = 8192;
    /** An 8192-bit key's SubjectPublicKeyInfo is 1062 bytes with e = 65537; room for a larger exponent. */
    int MAX_RSA_DER_BYTES = 1152;
    /** P-521's SubjectPublicKeyInfo, the largest we accept, is 158 bytes. */
    int MAX_ECDSA_DER_BYTES = 256;
    /** Type, Data's tag and a two-byte length around the largest Data. */
    int MAX_ENCODED_BYTES = MAX_RSA_DER_BYTES + 5;
    /** The peer-ids rule: an encoded key up to this size is its own peer id (identity multihash). */
    int MAX_INLINE_KEY_BYTES = 42;

    /**
     * Reads a key protobuf. It must be in the spec's deterministic form (Type then Data, minimal varints,
     * nothing else), so that {@link #encoded()} is the peer's own bytes and the peer id has one derivation.
     *
     * @throws UnsupportedKeyException for a type outside the four, or an ECDSA curve other than P-256/384/521
     * @throws MalformedMessageException for anything else that is not a valid key
     */
    static Libp2pKey decode(byte[] keyProtobuf) throws MalformedMessageException {
        if (keyProtobuf.length > MAX_ENCODED_BYTES) {
            throw new MalformedMessageException("key protobuf of " + keyProtobuf.length + " bytes, more than "
                    + MAX_ENCODED_BYTES);
        }
        Protobuf.Message message = Protobuf.read(keyProtobuf, 2);
        OptionalLong type = message.varint(1);
        Optional<byte[]> data = message.bytes(2);
        if (type.isEmpty() || data.isEmpty()) {
            throw new MalformedMessageException("key protobuf without " + (type.isEmpty() ? "Type" : "Data"));
        }
        Libp2pKey key = switch ((int) Math.min(type.getAsLong(), Integer.MAX_VALUE)) {
            case TYPE_ED25519 -> {
                Libp2pKeys.checkEd25519(data.get());
                yield new Ed25519(data.get());
            }
            case TYPE_SECP256K1 -> {
                Libp2pKeys.checkSecp256k1(data.get());
                yield new Secp256k1(data.get());
            }
            case TYPE_ECDSA -> {
                Libp2pKeys.ecdsa(data.get());
                yield new Ecdsa(data.get());
            }
            case TYPE_RSA -> {
                Libp2pKeys.rsa(data.get());
                yield new Rsa(data.get());
            }
            default -> throw new UnsupportedKeyException(type.getAsLong(), "key type " + type.getAsLong()
                    + " is none of RSA, Ed25519, Secp256k1, ECDSA");
        };
        if (!Arrays.equals(key.encoded(), keyProtobuf)) {
            throw new MalformedMessageException("key protobuf not in the deterministic form (Type, then Data)");
        }
        return key;
    }

    /** Whether {@code signature} is this key's signature over {@code message}, by the type's scheme. */
    boolean verify(byte[] message, byte[] signature);

    /** The Data field: the key in its type's encoding. */
    byte[] data();

    int typeNumber();

    /** "ed25519", "secp256k1", "ecdsa" or "rsa". */
    String typeName();

    /** The PublicKey protobuf, deterministic form. */
    default byte[] encoded() {
        return Protobuf.writer().varint(1, typeNumber()).bytes(2, data()).toByteArray();
    }

    /**
     * The peer id's bytes: the identity multihash (0x00, length, key) of an encoded key of at most 42 bytes
     * (Ed25519, secp256k1), else the sha2-256 one (0x12, 0x20, SHA-256 of the key).
     */
    default byte[] peerIdMultihash() {
        byte[] encoded = encoded();
        if (encoded.length <= MAX_INLINE_KEY_BYTES) {
            byte[] out = new byte[2 + encoded.length];
            out[1] = (byte) encoded.length; // below 128: a one-byte varint
            System.arraycopy(encoded, 0, out, 2, encoded.length);
            return out;
        }
        byte[] out = new byte[34];
        out[0] = 0x12;
        out[1] = 0x20;
        System.arraycopy(Libp2pKeys.sha256(encoded), 0, out, 2, 32);
        return out;
    }

    /** An Ed25519 key: its 32-byte RFC 8032 encoding; plain Ed25519 signatures of the message. */
    record Ed25519(byte[] data) implements Libp2pKey {
        public Ed25519 {
            byte[] copy = data.clone();
            Libp2pKeys.unchecked(() -> Libp2pKeys.checkEd25519(copy));
            data = copy;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            if (signature.length != 64) {
                return false;
            }
            try {
                PublicKey key = KeyFactory.getInstance("Ed25519")
                        .generatePublic(new X509EncodedKeySpec(Libp2pKeys.concat(Libp2pKeys.ED25519_SPKI_PREFIX, data)));
                return Libp2pKeys.verify("Ed25519", key, message, signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public int typeNumber() {
            return TYPE_ED25519;
        }

        @Override
        public String typeName() {
            return "ed25519";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ed25519 other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Ed25519[" + HexFormat.of().formatHex(data) + "]";
        }
    }

    /** A secp256k1 key: the 33-byte compressed point; ECDSA over SHA-256 of the message, DER signatures. */
    record Secp256k1(byte[] data) implements Libp2pKey {
        public Secp256k1 {
            byte[] copy = data.clone();
            Libp2pKeys.unchecked(() -> Libp2pKeys.checkSecp256k1(copy));
            data = copy;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            Optional<EcdsaSignature> sig = EcdsaSignature.fromDer(signature);
            return sig.isPresent() && org.nodehandshake.crypto.Secp256k1.verify(Libp2pKeys.sha256(message),
                    sig.get().r(), sig.get().s(), org.nodehandshake.crypto.Secp256k1.decodePoint(data));
        }

        @Override
        public int typeNumber() {
            return TYPE_SECP256K1;
        }

        @Override
        public String typeName() {
            return "secp256k1";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Secp256k1 other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Secp256k1[" + HexFormat.of().formatHex(data) + "]";
        }
    }

    /**
     * An ECDSA key on P-256, P-384 or P-521: its DER SubjectPublicKeyInfo (named curve, uncompressed point);
     * signatures are DER, over SHA-256 of the message whatever the curve.
     */
    record Ecdsa(byte[] data) implements Libp2pKey {
        public Ecdsa {
            byte[] copy = data.clone();
            Libp2pKeys.unchecked(() -> Libp2pKeys.ecdsa(copy));
            data = copy;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** "P-256", "P-384" or "P-521". */
        public String curve() {
            try {
                return Libp2pKeys.ecdsaCurve(data);
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("checked when constructed", e);
            }
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            Optional<EcdsaSignature> sig = EcdsaSignature.fromDer(signature);
            if (sig.isEmpty()) {
                return false;
            }
            try {
                ECPublicKey key = Libp2pKeys.ecdsa(data);
                BigInteger n = key.getParams().getOrder();
                if (sig.get().r().compareTo(n) >= 0 || sig.get().s().compareTo(n) >= 0) {
                    return false;
                }
                // the JDK's own DER reader is laxer than ours; it is handed the fixed form instead
                byte[] fixed = sig.get().toFixed((n.bitLength() + 7) / 8);
                return Libp2pKeys.verify("SHA256withECDSAinP1363Format", key, message, fixed);
            } catch (MalformedMessageException e) {
                return false;
            }
        }

        @Override
        public int typeNumber() {
            return TYPE_ECDSA;
        }

        @Override
        public String typeName() {
            return "ecdsa";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ecdsa other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Ecdsa[" + HexFormat.of().formatHex(data) + "]";
        }
    }

    /** An RSA key of 2048 to 8192 bits: DER SubjectPublicKeyInfo; RSASSA-PKCS1-v1_5 with SHA-256. */
    record Rsa(byte[] data) implements Libp2pKey {
        public Rsa {
            byte[] copy = data.clone();
            Libp2pKeys.unchecked(() -> Libp2pKeys.rsa(copy));
            data = copy;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int bits() {
            try {
                return Libp2pKeys.rsa(data).getModulus().bitLength();
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("checked when constructed", e);
            }
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            try {
                RSAPublicKey key = Libp2pKeys.rsa(data);
                if (signature.length != (key.getModulus().bitLength() + 7) / 8) {
                    return false;
                }
                return Libp2pKeys.verify("SHA256withRSA", key, message, signature);
            } catch (MalformedMessageException e) {
                return false;
            }
        }

        @Override
        public int typeNumber() {
            return TYPE_RSA;
        }

        @Override
        public String typeName() {
            return "rsa";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rsa other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Rsa[" + bits() + " bits]";
        }
    }
}
