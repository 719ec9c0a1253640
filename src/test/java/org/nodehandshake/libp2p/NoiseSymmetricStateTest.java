package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/** SymmetricState: the initial h, MixHash, Noise's HKDF against RFC 5869's (BouncyCastle's), MixKey and Split. */
class NoiseSymmetricStateTest {

    @Test
    void theXxProtocolNameIsExactly32BytesAndIsTheInitialHash() {
        byte[] name = NoiseXX.PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(name, new NoiseSymmetricState(NoiseXX.PROTOCOL_NAME).handshakeHash());
    }

    @Test
    void aShorterNameIsZeroPadded() {
        assertArrayEquals(Arrays.copyOf("Noise_NN".getBytes(StandardCharsets.US_ASCII), 32),
                new NoiseSymmetricState("Noise_NN").handshakeHash());
    }

    @Test
    void aLongerNameIsHashed() throws Exception {
        String name = "Noise_XXpsk3_25519_ChaChaPoly_SHA256";
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.US_ASCII)),
                new NoiseSymmetricState(name).handshakeHash());
    }

    @Test
    void mixHashIsSha256OfHThenTheData() throws Exception {
        NoiseSymmetricState state = new NoiseSymmetricState(NoiseXX.PROTOCOL_NAME);
        byte[] h = state.handshakeHash();
        state.mixHash(new byte[] {1, 2, 3});
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(h);
        sha.update(new byte[] {1, 2, 3});
        assertArrayEquals(sha.digest(), state.handshakeHash());
    }

    @Test
    void noisesHkdfIsRfc5869sWithTheChainingKeyAsSaltAndNoInfo() {
        byte[] ck = new byte[32];
        Arrays.fill(ck, (byte) 7);
        byte[] ikm = "input key material".getBytes(StandardCharsets.US_ASCII);
        HKDFBytesGenerator reference = new HKDFBytesGenerator(new SHA256Digest());
        reference.init(new HKDFParameters(ikm, ck, new byte[0]));
        byte[] expected = new byte[96];
        reference.generateBytes(expected, 0, 96);
        byte[][] three = NoiseSymmetricState.hkdf(ck, ikm, 3);
        assertArrayEquals(Arrays.copyOfRange(expected, 0, 32), three[0]);
        assertArrayEquals(Arrays.copyOfRange(expected, 32, 64), three[1]);
        assertArrayEquals(Arrays.copyOfRange(expected, 64, 96), three[2]);
        byte[][] two = NoiseSymmetricState.hkdf(ck, ikm, 2);
        assertArrayEquals(three[0], two[0]);
        assertArrayEquals(three[1], two[1]);
    }

    @Test
    void hkdfGivesTwoOrThreeOutputsOnly() {
        assertThrows(IllegalArgumentException.class, () -> NoiseSymmetricState.hkdf(new byte[32], new byte[0], 4));
    }

    @Test
    void beforeMixKeyEncryptAndHashIsTheClearText() throws Exception {
        NoiseSymmetricState state = new NoiseSymmetricState(NoiseXX.PROTOCOL_NAME);
        assertFalse(state.hasKey());
        assertArrayEquals(new byte[] {5}, state.encryptAndHash(new byte[] {5}));
        state.mixKey(new byte[32]);
        assertTrue(state.hasKey());
        assertEquals(17, state.encryptAndHash(new byte[] {5}).length);
    }

    @Test
    void twoStatesThatMixTheSameDataAgreeAndTheirSplitsPair() throws Exception {
        NoiseSymmetricState a = new NoiseSymmetricState(NoiseXX.PROTOCOL_NAME);
        NoiseSymmetricState b = new NoiseSymmetricState(NoiseXX.PROTOCOL_NAME);
        for (NoiseSymmetricState s : new NoiseSymmetricState[] {a, b}) {
            s.mixHash(new byte[] {1});
            s.mixKey(new byte[] {2});
        }
        byte[] c = a.encryptAndHash(new byte[] {3});
        assertArrayEquals(new byte[] {3}, b.decryptAndHash(c));
        assertArrayEquals(a.handshakeHash(), b.handshakeHash());
        NoiseSymmetricState.Split sa = a.split();
        NoiseSymmetricState.Split sb = b.split();
        assertArrayEquals(new byte[] {4}, sb.first().decryptWithAd(new byte[0], sa.first().encryptWithAd(new byte[0], new byte[] {4})));
        assertThrows(NoiseException.class,
                () -> sb.second().decryptWithAd(new byte[0], sa.first().encryptWithAd(new byte[0], new byte[] {4})));
    }
}
