package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** CipherState: the nonce layout, the counter, the reserved nonce, failures, sizes. */
class NoiseCipherStateTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] AD = {9, 9};

    @Test
    void theNonceIsFourZeroBytesThenTheCounterLittleEndian() throws Exception {
        NoiseCipherState state = NoiseCipherState.withKey(KEY, 0x0102030405060708L);
        byte[] ours = state.encryptWithAd(AD, new byte[] {42});
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "ChaCha20"),
                new IvParameterSpec(HexFormat.of().parseHex("000000000807060504030201")));
        jdk.updateAAD(AD);
        assertArrayEquals(jdk.doFinal(new byte[] {42}), ours);
        assertEquals(0x0102030405060709L, state.nonce());
    }

    @Test
    void eachMessageMovesTheCounterOnBothSides() throws Exception {
        NoiseCipherState send = NoiseCipherState.withKey(KEY);
        NoiseCipherState receive = NoiseCipherState.withKey(KEY);
        for (int i = 0; i < 3; i++) {
            byte[] c = send.encryptWithAd(AD, new byte[] {(byte) i});
            assertEquals(17, c.length);
            assertArrayEquals(new byte[] {(byte) i}, receive.decryptWithAd(AD, c));
        }
        assertEquals(3, send.nonce());
        assertEquals(3, receive.nonce());
    }

    @Test
    void withoutAKeyMessagesPassInTheClear() throws Exception {
        NoiseCipherState state = NoiseCipherState.empty();
        assertArrayEquals(new byte[] {1, 2}, state.encryptWithAd(AD, new byte[] {1, 2}));
        assertArrayEquals(new byte[] {3}, state.decryptWithAd(AD, new byte[] {3}));
        assertEquals(0, state.nonce());
    }

    @Test
    void aChangedCiphertextFailsAndLeavesTheCounterWhereItWas() throws Exception {
        byte[] c = NoiseCipherState.withKey(KEY).encryptWithAd(AD, new byte[] {1, 2, 3});
        NoiseCipherState receive = NoiseCipherState.withKey(KEY);
        byte[] bad = c.clone();
        bad[0] ^= 1;
        NoiseException e = assertThrows(NoiseException.class, () -> receive.decryptWithAd(AD, bad));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
        assertEquals(0, receive.nonce());
        assertArrayEquals(new byte[] {1, 2, 3}, receive.decryptWithAd(AD, c));
    }

    @Test
    void otherAssociatedDataFails() throws Exception {
        byte[] c = NoiseCipherState.withKey(KEY).encryptWithAd(AD, new byte[] {1});
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseCipherState.withKey(KEY).decryptWithAd(new byte[] {9, 8}, c));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
    }

    @Test
    void nonceTwoToTheSixtyFourMinusOneIsNeverUsed() throws Exception {
        NoiseCipherState send = NoiseCipherState.withKey(KEY, -2L); // 2^64-2, the last usable
        byte[] last = send.encryptWithAd(AD, new byte[0]);
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> send.encryptWithAd(AD, new byte[0])).reason());
        NoiseCipherState receive = NoiseCipherState.withKey(KEY, -2L);
        receive.decryptWithAd(AD, last);
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> receive.decryptWithAd(AD, last)).reason());
    }

    @Test
    void aCiphertextShorterThanItsTagIsMalformed() {
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseCipherState.withKey(KEY).decryptWithAd(AD, new byte[15]));
        assertEquals(NoiseException.Reason.MALFORMED_MESSAGE, e.reason());
    }

    @Test
    void aCiphertextOverTheMessageLimitIsMalformed() {
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseCipherState.withKey(KEY).decryptWithAd(AD, new byte[65536]));
        assertEquals(NoiseException.Reason.MALFORMED_MESSAGE, e.reason());
    }

    @Test
    void theLargestPlaintextFillsAMessageAndOneMoreByteIsRefused() throws Exception {
        NoiseCipherState state = NoiseCipherState.withKey(KEY);
        assertEquals(65535, state.encryptWithAd(AD, new byte[65519]).length);
        assertThrows(IllegalArgumentException.class, () -> state.encryptWithAd(AD, new byte[65520]));
    }

    @Test
    void aKeyOfAnotherLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NoiseCipherState.withKey(new byte[16]));
    }
}
