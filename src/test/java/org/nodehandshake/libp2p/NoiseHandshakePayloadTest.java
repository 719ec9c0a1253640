package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.libp2p.Libp2pKeyVectors.hex;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.nodehandshake.crypto.EcdsaSignature;
import org.nodehandshake.crypto.Secp256k1;

/** The libp2p handshake payload: its protobuf both ways, the signed data, and each reason a payload is refused. */
class NoiseHandshakePayloadTest {

    private static final NoiseHandshakePayload.Limits LIMITS = NoiseHandshakePayload.Limits.DEFAULT;
    private static final List<String> MUXERS = List.of("/yamux/1.0.0", "/mplex/6.7.0");

    private final Libp2pIdentity identity = Libp2pIdentity.random();
    private final byte[] staticKey = NoiseXX.KeyPair.generate().publicKey();

    @Test
    void theSignedDataIsThePrefixThenTheStaticKey() {
        byte[] data = NoiseHandshakePayload.signedData(staticKey);
        assertEquals("noise-libp2p-static-key:", new String(data, 0, 24, StandardCharsets.US_ASCII));
        assertArrayEquals(staticKey, Arrays.copyOfRange(data, 24, data.length));
        assertEquals(56, data.length);
    }

    @Test
    void aPayloadMadeWithOurIdentityReadsBackAndVerifies() throws Exception {
        NoiseHandshakePayload ours = NoiseHandshakePayload.create(identity, staticKey, MUXERS);
        NoiseHandshakePayload read = NoiseHandshakePayload.read(ours.write(), LIMITS);
        assertEquals(ours, read);
        assertEquals(MUXERS, read.streamMuxers());
        assertEquals(identity.publicKey(), read.verify(staticKey));
    }

    @Test
    void theWireFormIsFieldsOneTwoAndFourWithMuxersAsFieldTwoInside() throws Exception {
        byte[] wire = new NoiseHandshakePayload(new byte[] {7}, new byte[] {8}, List.of("/m")).write();
        assertArrayEquals(hex("0a0107" + "120108" + "2204" + "12022f6d"), wire);
    }

    @Test
    void withoutMuxersThereIsNoExtensionsField() {
        byte[] wire = new NoiseHandshakePayload(new byte[] {7}, new byte[] {8}, List.of()).write();
        assertArrayEquals(hex("0a0107120108"), wire);
    }

    @Test
    void certHashesAndUnknownFieldsAreSkipped() throws Exception {
        byte[] extensions = Protobuf.writer().bytes(1, new byte[] {1, 2}).string(2, "/yamux/1.0.0").toByteArray();
        byte[] wire = Protobuf.writer().bytes(1, identity.encodedPublicKey())
                .bytes(2, identity.sign(NoiseHandshakePayload.signedData(staticKey)))
                .bytes(3, new byte[] {9}).bytes(4, extensions).varint(99, 1).toByteArray();
        NoiseHandshakePayload read = NoiseHandshakePayload.read(wire, LIMITS);
        assertEquals(List.of("/yamux/1.0.0"), read.streamMuxers());
        assertEquals(identity.publicKey(), read.verify(staticKey));
    }

    @Test
    void aSecp256k1IdentityVerifies() throws Exception {
        BigInteger d = new BigInteger(1, Arrays.copyOfRange(hex(Libp2pKeyVectors.SECP256K1_PRIVATE), 4, 36));
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ECPrivateKeyParameters(d, Secp256k1.CURVE));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(NoiseHandshakePayload.signedData(staticKey));
        BigInteger[] rs = signer.generateSignature(hash);
        NoiseHandshakePayload payload = new NoiseHandshakePayload(hex(Libp2pKeyVectors.SECP256K1_PUBLIC),
                new EcdsaSignature(rs[0], rs[1]).toDer(), List.of());
        assertEquals("secp256k1", NoiseHandshakePayload.read(payload.write(), LIMITS).verify(staticKey).typeName());
    }

    @Test
    void aFlippedSignatureBitIsABadIdentitySignature() throws Exception {
        byte[] sig = identity.sign(NoiseHandshakePayload.signedData(staticKey));
        sig[0] ^= 1;
        NoiseHandshakePayload payload = NoiseHandshakePayload.read(
                new NoiseHandshakePayload(identity.encodedPublicKey(), sig, List.of()).write(), LIMITS);
        BadIdentitySignatureException e = assertThrows(BadIdentitySignatureException.class, () -> payload.verify(staticKey));
        assertTrue(e.getMessage().startsWith("bad identity signature"), e.getMessage());
    }

    @Test
    void aSignatureOverAnotherStaticKeyIsABadIdentitySignature() throws Exception {
        byte[] otherStatic = NoiseXX.KeyPair.generate().publicKey();
        NoiseHandshakePayload payload = NoiseHandshakePayload.read(
                NoiseHandshakePayload.create(identity, otherStatic, List.of()).write(), LIMITS);
        assertThrows(BadIdentitySignatureException.class, () -> payload.verify(staticKey));
    }

    @Test
    void anUnknownKeyTypeIsUnsupported() throws Exception {
        byte[] key = hex("08071220" + "11".repeat(32));
        NoiseHandshakePayload payload = NoiseHandshakePayload.read(
                new NoiseHandshakePayload(key, new byte[64], List.of()).write(), LIMITS);
        UnsupportedKeyException e = assertThrows(UnsupportedKeyException.class, () -> payload.verify(staticKey));
        assertEquals(7, e.keyType());
    }

    @Test
    void anIdentityKeyThatDoesNotDecodeIsMalformed() throws Exception {
        NoiseHandshakePayload payload = NoiseHandshakePayload.read(
                new NoiseHandshakePayload(hex("0801"), new byte[64], List.of()).write(), LIMITS);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> payload.verify(staticKey));
        assertFalse(e instanceof UnsupportedKeyException);
    }

    @Test
    void aTruncatedProtobufIsMalformed() {
        byte[] wire = NoiseHandshakePayload.create(identity, staticKey, MUXERS).write();
        // cut inside the last muxer name, inside the signature, inside the key (a cut between fields is a
        // shorter valid message, which the other tests cover)
        for (int length : new int[] {wire.length - 1, 38 + 2 + 40, 10}) {
            byte[] truncated = Arrays.copyOf(wire, length);
            assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(truncated, LIMITS),
                    "cut at " + length);
        }
    }

    @Test
    void aPayloadWithoutIdentityKeyIsMalformed() {
        byte[] wire = Protobuf.writer().bytes(2, new byte[64]).toByteArray();
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(wire, LIMITS));
    }

    @Test
    void aPayloadWithoutIdentitySignatureIsMalformed() {
        byte[] wire = Protobuf.writer().bytes(1, identity.encodedPublicKey()).toByteArray();
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(wire, LIMITS));
    }

    @Test
    void anEmptyPayloadIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(new byte[0], LIMITS));
    }

    @Test
    void aPayloadOverTheLimitIsRefusedUnread() {
        NoiseHandshakePayload.Limits small = new NoiseHandshakePayload.Limits(100, 32, 16, 256);
        byte[] wire = NoiseHandshakePayload.create(identity, staticKey, MUXERS).write();
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> NoiseHandshakePayload.read(wire, small));
        assertTrue(e.getMessage().contains("more than 100"), e.getMessage());
    }

    @Test
    void anIdentityKeyLargerThanAnyKeyIsMalformed() {
        byte[] wire = new NoiseHandshakePayload(new byte[Libp2pKey.MAX_ENCODED_BYTES + 1], new byte[64], List.of()).write();
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(wire, LIMITS));
    }

    @Test
    void aSignatureLargerThanAnySignatureIsMalformed() {
        byte[] wire = new NoiseHandshakePayload(identity.encodedPublicKey(),
                new byte[NoiseHandshakePayload.MAX_SIGNATURE_BYTES + 1], List.of()).write();
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(wire, LIMITS));
    }

    @Test
    void tooManyMuxersAreMalformed() {
        byte[] wire = NoiseHandshakePayload.create(identity, staticKey, Collections.nCopies(17, "/m")).write();
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(wire, LIMITS));
    }

    @Test
    void aMuxerNameTooLongIsMalformed() {
        byte[] wire = NoiseHandshakePayload.create(identity, staticKey, List.of("/" + "m".repeat(256))).write();
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(wire, LIMITS));
    }

    @Test
    void extensionsOfTheWrongWireTypeAreMalformed() {
        byte[] wire = Protobuf.writer().bytes(1, identity.encodedPublicKey()).bytes(2, new byte[64]).varint(4, 1)
                .toByteArray();
        assertThrows(MalformedMessageException.class, () -> NoiseHandshakePayload.read(wire, LIMITS));
    }

    @Test
    void theRecordKeepsItsOwnCopies() {
        byte[] key = {1};
        NoiseHandshakePayload p = new NoiseHandshakePayload(key, new byte[] {2}, List.of());
        key[0] = 9;
        p.identityKey()[0] = 9;
        assertArrayEquals(new byte[] {1}, p.identityKey());
    }

    @Test
    void randomBytesAndMutationsReadOrAreMalformedNothingElse() {
        java.util.Random random = new java.util.Random(5);
        byte[] good = NoiseHandshakePayload.create(identity, staticKey, MUXERS).write();
        for (int i = 0; i < 300; i++) {
            byte[] input = good.clone();
            if (i % 2 == 0) {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            } else {
                input = new byte[random.nextInt(300)];
                random.nextBytes(input);
            }
            try {
                NoiseHandshakePayload.read(input, LIMITS).verify(staticKey);
            } catch (MalformedMessageException | BadIdentitySignatureException expected) {
                // the documented refusals
            }
        }
    }

    @Test
    void aWholeNoiseHandshakeCarriesBothPayloadsAndEachSideProvesTheOther() throws Exception {
        Libp2pIdentity dialer = Libp2pIdentity.random();
        Libp2pIdentity listener = Libp2pIdentity.random();
        NoiseXX.KeyPair is = NoiseXX.KeyPair.generate();
        NoiseXX.KeyPair rs = NoiseXX.KeyPair.generate();
        NoiseXX initiator = NoiseXX.initiator(is, new byte[0]);
        NoiseXX responder = NoiseXX.responder(rs, new byte[0]);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] b = responder.writeMessage(NoiseHandshakePayload.create(listener, rs.publicKey(), MUXERS).write());
        NoiseHandshakePayload fromListener = NoiseHandshakePayload.read(initiator.readMessage(b), LIMITS);
        assertEquals(listener.publicKey(), fromListener.verify(initiator.remoteStaticKey().orElseThrow()));
        byte[] c = initiator.writeMessage(NoiseHandshakePayload.create(dialer, is.publicKey(), List.of()).write());
        NoiseHandshakePayload fromDialer = NoiseHandshakePayload.read(responder.readMessage(c), LIMITS);
        assertEquals(dialer.publicKey(), fromDialer.verify(responder.remoteStaticKey().orElseThrow()));
        assertEquals(MUXERS, fromListener.streamMuxers());
    }
}
