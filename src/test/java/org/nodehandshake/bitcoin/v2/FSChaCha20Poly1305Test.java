package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The contents AEAD: expected values from running BIP324's reference.py (key 00 01 .. 1f), and its decrypt side. */
class FSChaCha20Poly1305Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);

    private static byte[] key() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    @Test
    void aThousandMessagesMatchTheReferenceAcrossFourRekeys() throws Exception {
        FSChaCha20Poly1305 aead = new FSChaCha20Poly1305(key());
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 1000; i++) {
            byte[] sealed = aead.encrypt(AAD, new byte[] {(byte) i});
            if (i == 0) {
                assertEquals("1840134784f6bab8805df79c593ee5e607", HEX.formatHex(sealed));
            }
            if (i == 224) {
                assertEquals("c5f3614f4e3b7125c4d0dea0bde134aa56", HEX.formatHex(sealed), "the first under the second key");
            }
            all.update(sealed);
        }
        assertEquals("1a730857db3281ea4eb2864b7e4e8a8914b95a0e1bb0ca816d968632b4bda5a8", HEX.formatHex(all.digest()));
    }

    @Test
    void anEmptyMessageIsItsTag() {
        FSChaCha20Poly1305 aead = new FSChaCha20Poly1305(key());
        byte[] sealed = new byte[0];
        for (int i = 0; i <= 448; i++) {
            sealed = aead.encrypt(new byte[0], new byte[0]);
        }
        assertEquals("859754ade2f379e36a8694f0b38d1cc6", HEX.formatHex(sealed), "message 448, under the third key");
    }

    @Test
    void theReceiverOpensEveryMessageAcrossRekeys() {
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key());
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key());
        for (int i = 0; i < 1000; i++) {
            byte[] plaintext = new byte[i % 70];
            Arrays.fill(plaintext, (byte) i);
            assertArrayEquals(plaintext, receiver.decrypt(AAD, sender.encrypt(AAD, plaintext)).orElseThrow(), "message " + i);
        }
    }

    @Test
    void aFailedMessageStillUsesUpItsNonce() {
        FSChaCha20Poly1305 sender = new FSChaCha20Poly1305(key());
        FSChaCha20Poly1305 receiver = new FSChaCha20Poly1305(key());
        byte[] first = sender.encrypt(AAD, new byte[5]);
        first[0] ^= 1;
        assertTrue(receiver.decrypt(AAD, first).isEmpty());
        assertArrayEquals(new byte[] {7}, receiver.decrypt(AAD, sender.encrypt(AAD, new byte[] {7})).orElseThrow());
    }

    @Test
    void lessThanATagIsNoMessage() {
        assertTrue(new FSChaCha20Poly1305(key()).decrypt(AAD, new byte[15]).isEmpty());
    }

    @Test
    void aKeyOfAnotherSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FSChaCha20Poly1305(new byte[31]));
    }
}
