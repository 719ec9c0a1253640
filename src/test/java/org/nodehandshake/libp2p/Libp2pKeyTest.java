package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.libp2p.Libp2pKeyVectors.hex;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.nodehandshake.crypto.EcdsaSignature;
import org.nodehandshake.crypto.Secp256k1;

/** Libp2pKey against the peer-ids spec's key encodings and signatures made with the JDK and BouncyCastle. */
class Libp2pKeyTest {

    private static final byte[] MESSAGE = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

    // --- the spec's encodings decode, keep their bytes, and name their type

    @Test
    void theSpecsEd25519KeyDecodes() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.ED25519_PUBLIC));
        Libp2pKey.Ed25519 ed = assertInstanceOf(Libp2pKey.Ed25519.class, key);
        assertArrayEquals(hex("1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"), ed.data());
        assertArrayEquals(hex(Libp2pKeyVectors.ED25519_PUBLIC), key.encoded());
        assertEquals("ed25519", key.typeName());
    }

    @Test
    void theSpecsSecp256k1KeyDecodes() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.SECP256K1_PUBLIC));
        assertInstanceOf(Libp2pKey.Secp256k1.class, key);
        assertArrayEquals(hex(Libp2pKeyVectors.SECP256K1_PUBLIC), key.encoded());
        assertEquals("secp256k1", key.typeName());
    }

    @Test
    void theSpecsEcdsaKeyDecodesAsP256() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.ECDSA_PUBLIC));
        assertEquals("P-256", assertInstanceOf(Libp2pKey.Ecdsa.class, key).curve());
        assertArrayEquals(hex(Libp2pKeyVectors.ECDSA_PUBLIC), key.encoded());
        assertEquals("ecdsa", key.typeName());
    }

    @Test
    void theSpecsRsaKeyDecodesAs4096Bits() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.RSA_PUBLIC));
        assertEquals(4096, assertInstanceOf(Libp2pKey.Rsa.class, key).bits());
        assertArrayEquals(hex(Libp2pKeyVectors.RSA_PUBLIC), key.encoded());
        assertEquals("rsa", key.typeName());
    }

    // --- the spec's private keys give its public keys (its SHOULD), and sign what the public keys verify

    @Test
    void theSpecsSecp256k1PrivateKeyGivesItsPublicKey() throws Exception {
        BigInteger d = new BigInteger(1, Arrays.copyOfRange(hex(Libp2pKeyVectors.SECP256K1_PRIVATE), 4, 36));
        byte[] ours = new Libp2pKey.Secp256k1(Secp256k1.encodeCompressed(Secp256k1.publicKey(d))).encoded();
        assertArrayEquals(hex(Libp2pKeyVectors.SECP256K1_PUBLIC), ours);
    }

    @Test
    void aSecp256k1SignatureVerifies() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.SECP256K1_PUBLIC));
        byte[] der = secp256k1Sign(MESSAGE).toDer();
        assertTrue(key.verify(MESSAGE, der));
        assertFalse(key.verify("another message".getBytes(StandardCharsets.US_ASCII), der));
    }

    @Test
    void aSecp256k1SignatureWithHighSVerifies() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.SECP256K1_PUBLIC));
        EcdsaSignature low = secp256k1Sign(MESSAGE);
        EcdsaSignature high = new EcdsaSignature(low.r(), Secp256k1.N.subtract(low.s()));
        assertTrue(key.verify(MESSAGE, high.toDer())); // ECDSA itself accepts both; we do not demand low s
    }

    @Test
    void aSecp256k1SignatureNotInDerIsRefused() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.SECP256K1_PUBLIC));
        assertFalse(key.verify(MESSAGE, secp256k1Sign(MESSAGE).toFixed(32)));
    }

    @Test
    void anEcdsaSignatureFromTheSpecsPrivateKeyVerifies() throws Exception {
        // SEC 1 ECPrivateKey: 30 77 02 01 01 04 20 <d> ...
        byte[] sec1 = Protobuf.read(hex(Libp2pKeyVectors.ECDSA_PRIVATE), 2).bytes(2).orElseThrow();
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(sec1).getKey();
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, p.getParameterSpec(ECParameterSpec.class)));
        byte[] sig = jdkSign("SHA256withECDSA", priv, MESSAGE);
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.ECDSA_PUBLIC));
        assertTrue(key.verify(MESSAGE, sig));
        assertFalse(key.verify(Arrays.copyOf(MESSAGE, MESSAGE.length - 1), sig));
    }

    @Test
    void anEcdsaSignatureInP1363FormIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        var pair = g.generateKeyPair();
        Libp2pKey key = new Libp2pKey.Ecdsa(pair.getPublic().getEncoded());
        assertEquals("P-384", ((Libp2pKey.Ecdsa) key).curve());
        assertTrue(key.verify(MESSAGE, jdkSign("SHA256withECDSA", pair.getPrivate(), MESSAGE)));
        assertFalse(key.verify(MESSAGE, jdkSign("SHA256withECDSAinP1363Format", pair.getPrivate(), MESSAGE)));
    }

    @Test
    void theSpecsRsaPrivateKeyMatchesItsPublicKeyAndItsSignatureVerifies() throws Exception {
        byte[] privateProtobuf = hex(resource("/libp2p/peer-ids-rsa-private-key.hex").trim());
        Protobuf.Message m = Protobuf.read(privateProtobuf, 2);
        RSAPrivateKey pkcs1 = RSAPrivateKey.getInstance(m.bytes(2).orElseThrow());
        Libp2pKey.Rsa key = (Libp2pKey.Rsa) Libp2pKey.decode(hex(Libp2pKeyVectors.RSA_PUBLIC));
        RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(key.data()));
        assertEquals(pub.getModulus(), pkcs1.getModulus());
        assertEquals(pub.getPublicExponent(), pkcs1.getPublicExponent());
        PrivateKey priv = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(pkcs1.getModulus(),
                pkcs1.getPublicExponent(), pkcs1.getPrivateExponent(), pkcs1.getPrime1(), pkcs1.getPrime2(),
                pkcs1.getExponent1(), pkcs1.getExponent2(), pkcs1.getCoefficient()));
        byte[] sig = jdkSign("SHA256withRSA", priv, MESSAGE);
        assertTrue(key.verify(MESSAGE, sig));
        sig[sig.length - 1] ^= 1;
        assertFalse(key.verify(MESSAGE, sig));
    }

    @Test
    void anRsaSignatureOfTheWrongLengthIsRefused() throws Exception {
        Libp2pKey key = Libp2pKey.decode(hex(Libp2pKeyVectors.RSA_PUBLIC));
        assertFalse(key.verify(MESSAGE, new byte[256]));
    }

    @Test
    void anEd25519SignatureVerifiesAndAFlippedBitDoesNot() throws Exception {
        Libp2pIdentity id = Libp2pIdentity.random();
        byte[] sig = id.sign(MESSAGE);
        Libp2pKey key = Libp2pKey.decode(id.encodedPublicKey());
        assertTrue(key.verify(MESSAGE, sig));
        sig[10] ^= 0x20;
        assertFalse(key.verify(MESSAGE, sig));
        assertFalse(key.verify(MESSAGE, Arrays.copyOf(sig, 63)));
    }

    // --- peer ids

    @Test
    void theSpecsEd25519PeerIdIsTheIdentityMultihashOfItsKey() throws Exception {
        byte[] peerId = Libp2pKeyVectors.base58(Libp2pKeyVectors.ED25519_PEER_ID);
        assertArrayEquals(hex("0024080112 20".replace(" ", "")), Arrays.copyOf(peerId, 6));
        Libp2pKey key = Libp2pKey.decode(Arrays.copyOfRange(peerId, 2, peerId.length));
        assertArrayEquals(peerId, key.peerIdMultihash());
    }

    @Test
    void aSecp256k1KeyOf37BytesIsItsOwnPeerId() throws Exception {
        byte[] encoded = hex(Libp2pKeyVectors.SECP256K1_PUBLIC);
        byte[] id = Libp2pKey.decode(encoded).peerIdMultihash();
        assertArrayEquals(hex("0025"), Arrays.copyOf(id, 2));
        assertArrayEquals(encoded, Arrays.copyOfRange(id, 2, id.length));
    }

    @Test
    void keysLongerThan42BytesAreHashedWithSha256() throws Exception {
        for (String vector : List.of(Libp2pKeyVectors.ECDSA_PUBLIC, Libp2pKeyVectors.RSA_PUBLIC)) {
            byte[] encoded = hex(vector);
            byte[] id = Libp2pKey.decode(encoded).peerIdMultihash();
            assertEquals(34, id.length);
            assertArrayEquals(hex("1220"), Arrays.copyOf(id, 2));
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(encoded), Arrays.copyOfRange(id, 2, 34));
        }
    }

    // --- refusals, each its own rule

    @Test
    void anUnknownKeyTypeIsUnsupported() {
        byte[] encoded = hex("08041220" + "11".repeat(32));
        UnsupportedKeyException e = assertThrows(UnsupportedKeyException.class, () -> Libp2pKey.decode(encoded));
        assertEquals(4, e.keyType());
    }

    @Test
    void anEcdsaKeyOnSecp256k1IsUnsupported() throws Exception {
        byte[] point = Secp256k1.encodeUncompressed(Secp256k1.publicKey(BigInteger.TEN));
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256k1), point).getEncoded();
        byte[] encoded = Protobuf.writer().varint(1, 3).bytes(2, spki).toByteArray();
        UnsupportedKeyException e = assertThrows(UnsupportedKeyException.class, () -> Libp2pKey.decode(encoded));
        assertEquals(3, e.keyType());
    }

    @Test
    void anEd25519KeyOf31BytesIsMalformed() {
        assertMalformed(hex("0801121f" + "11".repeat(31)));
    }

    @Test
    void anEd25519KeyOfSmallOrderIsMalformed() {
        assertMalformed(hex("08011220" + "01" + "00".repeat(31))); // the neutral point
    }

    @Test
    void anEd25519KeyThatIsNoPointIsMalformed() {
        assertMalformed(hex("08011220" + "02" + "00".repeat(31))); // y = 2 has no x
    }

    @Test
    void aSecp256k1KeyOffTheCurveIsMalformed() {
        assertMalformed(hex("08021221" + "02" + "00".repeat(31) + "05"));
    }

    @Test
    void anUncompressedSecp256k1KeyIsMalformed() {
        byte[] point = Secp256k1.encodeUncompressed(Secp256k1.publicKey(BigInteger.TEN));
        assertMalformed(Protobuf.writer().varint(1, 2).bytes(2, point).toByteArray());
    }

    @Test
    void anEcdsaPointOffTheCurveIsMalformed() {
        byte[] encoded = hex(Libp2pKeyVectors.ECDSA_PUBLIC);
        encoded[encoded.length - 1] ^= 1;
        assertMalformed(encoded);
    }

    @Test
    void anEcdsaKeyThatIsNoDerIsMalformed() {
        assertMalformed(hex("0803120430020500"));
    }

    @Test
    void anRsaKeyOf1024BitsIsMalformed() throws Exception {
        BigInteger modulus = BigInteger.ONE.shiftLeft(1023).setBit(0); // a 1024-bit number: only its size matters
        byte[] spki = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)))
                .getEncoded();
        MalformedMessageException e = assertMalformed(Protobuf.writer().varint(1, 0).bytes(2, spki).toByteArray());
        assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
    }

    @Test
    void anRsaKeyLongerThanTheCapIsRefusedUnparsed() {
        byte[] data = new byte[Libp2pKey.MAX_RSA_DER_BYTES + 1];
        MalformedMessageException e = assertMalformed(Protobuf.writer().varint(1, 0).bytes(2, data).toByteArray());
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void aKeyProtobufLongerThanAnyKeyIsRefusedUnread() {
        assertMalformed(new byte[Libp2pKey.MAX_ENCODED_BYTES + 1]);
    }

    @Test
    void aKeyWithoutDataIsMalformed() {
        assertMalformed(hex("0801"));
    }

    @Test
    void aKeyWithoutTypeIsMalformed() {
        assertMalformed(hex("1220" + "11".repeat(32)));
    }

    @Test
    void fieldsOutOfOrderAreMalformed() {
        byte[] ed = hex(Libp2pKeyVectors.ED25519_PUBLIC);
        byte[] swapped = new byte[ed.length];
        System.arraycopy(ed, 2, swapped, 0, ed.length - 2);
        System.arraycopy(ed, 0, swapped, ed.length - 2, 2);
        assertMalformed(swapped);
    }

    @Test
    void anExtraFieldIsMalformed() {
        assertMalformed(hex(Libp2pKeyVectors.ED25519_PUBLIC + "1801"));
    }

    @Test
    void aTruncatedKeyIsMalformed() {
        byte[] ed = hex(Libp2pKeyVectors.ED25519_PUBLIC);
        MalformedMessageException e = assertMalformed(Arrays.copyOf(ed, ed.length - 1));
        assertFalse(e instanceof UnsupportedKeyException);
    }

    @Test
    void everyTruncationAndByteFlipOfTheVectorsIsAKeyOrMalformed() {
        for (String vector : List.of(Libp2pKeyVectors.ED25519_PUBLIC, Libp2pKeyVectors.SECP256K1_PUBLIC,
                Libp2pKeyVectors.ECDSA_PUBLIC, Libp2pKeyVectors.RSA_PUBLIC)) {
            byte[] good = hex(vector);
            for (int i = 0; i < good.length; i++) {
                decodesOrIsMalformed(Arrays.copyOf(good, i));
                for (int bit : new int[] {0x01, 0x80}) {
                    byte[] bad = good.clone();
                    bad[i] ^= (byte) bit;
                    decodesOrIsMalformed(bad);
                }
            }
        }
    }

    // --- the records

    @Test
    void aRecordBuiltFromAnInvalidKeyIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new Libp2pKey.Ed25519(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Libp2pKey.Secp256k1(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> new Libp2pKey.Ecdsa(new byte[10]));
        assertThrows(IllegalArgumentException.class, () -> new Libp2pKey.Rsa(new byte[10]));
    }

    @Test
    void aRecordKeepsItsOwnCopyAndComparesByContent() throws Exception {
        byte[] data = Arrays.copyOfRange(hex(Libp2pKeyVectors.ED25519_PUBLIC), 4, 36);
        Libp2pKey.Ed25519 key = new Libp2pKey.Ed25519(data);
        data[0] ^= 1;
        key.data()[1] ^= 1;
        assertEquals(Libp2pKey.decode(hex(Libp2pKeyVectors.ED25519_PUBLIC)), key);
        assertEquals(Libp2pKey.decode(hex(Libp2pKeyVectors.ED25519_PUBLIC)).hashCode(), key.hashCode());
        assertNotEquals(Libp2pIdentity.random().publicKey(), key);
    }

    private static void decodesOrIsMalformed(byte[] input) {
        try {
            Libp2pKey key = Libp2pKey.decode(input);
            assertArrayEquals(input, key.encoded());
        } catch (MalformedMessageException expected) {
            // refused the one documented way
        }
    }

    private static MalformedMessageException assertMalformed(byte[] encoded) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Libp2pKey.decode(encoded));
        assertFalse(e instanceof UnsupportedKeyException, e.getMessage());
        return e;
    }

    private static EcdsaSignature secp256k1Sign(byte[] message) throws Exception {
        BigInteger d = new BigInteger(1, Arrays.copyOfRange(hex(Libp2pKeyVectors.SECP256K1_PRIVATE), 4, 36));
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ECPrivateKeyParameters(d, Secp256k1.CURVE));
        BigInteger[] rs = signer.generateSignature(MessageDigest.getInstance("SHA-256").digest(message));
        return new EcdsaSignature(rs[0], rs[1]);
    }

    private static byte[] jdkSign(String algorithm, PrivateKey key, byte[] message) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Libp2pKeyTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
