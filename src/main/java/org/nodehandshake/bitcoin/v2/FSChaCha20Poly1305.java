package org.nodehandshake.bitcoin.v2;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * BIP324's FSChaCha20Poly1305, the AEAD of the packet contents: RFC 8439 ChaCha20-Poly1305 whose nonce is the
 * message's number within the current key (32-bit little-endian) || the number of rekeyings (64-bit
 * little-endian); after every 224 messages the key becomes the first 32 bytes of the encryption of 32 zero
 * bytes under the nonce 0xffffffff || rekey counter. Each message, also one whose tag fails, uses up its nonce.
 * Not thread-safe: one per connection and direction.
 */
public final class FSChaCha20Poly1305 {

    private static final int REKEY_INTERVAL = FSChaCha20.REKEY_INTERVAL;
    private static final int TAG_BYTES = Bip324Cipher.TAG_BYTES;
    private static final int NONCE_BYTES = 12;
    private static final int REKEY_MESSAGE_NUMBER = 0xffffffff;

    // one Cipher for every message: each init has a fresh nonce or a fresh key, which is all the JDK demands
    private final Cipher aead;
    private SecretKeySpec key;
    private long messageCounter;

    public FSChaCha20Poly1305(byte[] key32) {
        if (key32.length != FSChaCha20.KEY_BYTES) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 key is 32 bytes, not " + key32.length);
        }
        try {
            aead = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
        }
        key = new SecretKeySpec(key32, "ChaCha20");
    }

    /** The ciphertext of plaintext followed by the 16-byte tag over aad and the ciphertext. */
    public byte[] encrypt(byte[] aad, byte[] plaintext) {
        try {
            init(Cipher.ENCRYPT_MODE, messageNonce(), aad);
            return aead.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused a fresh nonce", e);
        } finally {
            advance();
        }
    }

    /** The plaintext of ciphertext || tag; empty when the tag does not verify (or there is no whole tag). */
    public Optional<byte[]> decrypt(byte[] aad, byte[] ciphertextAndTag) {
        try {
            if (ciphertextAndTag.length < TAG_BYTES) {
                return Optional.empty();
            }
            init(Cipher.DECRYPT_MODE, messageNonce(), aad);
            return Optional.of(aead.doFinal(ciphertextAndTag));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused a fresh nonce", e);
        } finally {
            advance();
        }
    }

    private void advance() {
        messageCounter++;
        if (messageCounter % REKEY_INTERVAL == 0) {
            try {
                // the rekey nonce is the period's own (message number 0xffffffff), so still under the old key
                init(Cipher.ENCRYPT_MODE, nonce(REKEY_MESSAGE_NUMBER, messageCounter / REKEY_INTERVAL - 1), new byte[0]);
                byte[] next = Arrays.copyOf(aead.doFinal(new byte[FSChaCha20.KEY_BYTES]), FSChaCha20.KEY_BYTES);
                key = new SecretKeySpec(next, "ChaCha20");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20-Poly1305 refused the rekey nonce", e);
            }
        }
    }

    private void init(int mode, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        aead.init(mode, key, new IvParameterSpec(nonce));
        aead.updateAAD(aad);
    }

    private byte[] messageNonce() {
        return nonce((int) (messageCounter % REKEY_INTERVAL), messageCounter / REKEY_INTERVAL);
    }

    private static byte[] nonce(int messageNumber, long rekeyCounter) {
        byte[] nonce = new byte[NONCE_BYTES];
        for (int i = 0; i < 4; i++) {
            nonce[i] = (byte) (messageNumber >>> (8 * i));
        }
        FSChaCha20.putLongLittleEndian(nonce, 4, rekeyCounter);
        return nonce;
    }
}
