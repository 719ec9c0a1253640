package org.nodehandshake.libp2p;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise Protocol Framework's CipherState (revision 34, section 5.1) for ChaChaPoly: a key k (or none)
 * and a 64-bit message counter n. The nonce is 4 zero bytes then n little-endian (section 12.3); n = 2^64-1
 * is reserved, so a state carries 2^64-1 messages at most. Not thread-safe: one per direction.
 */
public final class NoiseCipherState {

    public static final int KEY_BYTES = 32;
    public static final int TAG_BYTES = 16;
    /** Every Noise message, handshake or transport, is at most 65535 bytes (section 3). */
    public static final int MAX_MESSAGE_BYTES = 65535;
    public static final int MAX_PLAINTEXT_BYTES = MAX_MESSAGE_BYTES - TAG_BYTES;
    /** 2^64-1 as an unsigned long: the nonce no message may use. */
    private static final long RESERVED_NONCE = -1L;

    private final byte[] key; // empty: no key yet, messages pass in the clear (section 5.1)
    private long nonce;

    private NoiseCipherState(byte[] key, long nonce) {
        this.key = key.clone();
        this.nonce = nonce;
    }

    /** A state with no key: EncryptWithAd and DecryptWithAd return their input. */
    public static NoiseCipherState empty() {
        return new NoiseCipherState(new byte[0], 0);
    }

    /** InitializeKey(k): a 32-byte key and n = 0. */
    public static NoiseCipherState withKey(byte[] key) {
        return withKey(key, 0);
    }

    /** A keyed state whose next message uses {@code nonce} (an unsigned 64-bit counter): for tests of the limit. */
    static NoiseCipherState withKey(byte[] key, long nonce) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a ChaChaPoly key is 32 bytes, not " + key.length);
        }
        return new NoiseCipherState(key, nonce);
    }

    public boolean hasKey() {
        return key.length > 0;
    }

    /** The counter the next message will use, as an unsigned 64-bit value. */
    public long nonce() {
        return nonce;
    }

    /**
     * Encrypts {@code plaintext} with associated data {@code ad} and moves the counter on; without a key,
     * returns the plaintext.
     */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes, more than "
                    + MAX_PLAINTEXT_BYTES + " fit a Noise message");
        }
        if (!hasKey()) {
            return plaintext.clone();
        }
        checkNonce();
        byte[] out;
        try {
            out = cipher(Cipher.ENCRYPT_MODE, ad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption", e);
        }
        nonce++;
        return out;
    }

    /**
     * Decrypts and authenticates {@code ciphertext} against {@code ad}; the counter moves on only when it
     * authenticates (section 5.1). Without a key, returns the ciphertext.
     */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (ciphertext.length > MAX_MESSAGE_BYTES) {
            throw new NoiseException(NoiseException.Reason.MALFORMED_MESSAGE, "ciphertext of " + ciphertext.length
                    + " bytes, more than a Noise message's " + MAX_MESSAGE_BYTES);
        }
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_BYTES) {
            throw new NoiseException(NoiseException.Reason.MALFORMED_MESSAGE, "ciphertext of "
                    + ciphertext.length + " bytes, shorter than its 16-byte tag");
        }
        checkNonce();
        byte[] out;
        try {
            out = cipher(Cipher.DECRYPT_MODE, ad).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED, "decryption failed: the tag of message "
                    + Long.toUnsignedString(nonce) + " does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption", e);
        }
        nonce++;
        return out;
    }

    private void checkNonce() throws NoiseException {
        if (nonce == RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "nonce 2^64-1 reached: no more messages");
        }
    }

    private Cipher cipher(int mode, byte[] ad) throws GeneralSecurityException {
        // a fresh Cipher each message: the JDK refuses to re-initialise one with the key and nonce it last had,
        // which retrying a nonce after a failed decryption (section 5.1 keeps n) would do
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (nonce >>> (8 * i));
        }
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
        cipher.updateAAD(ad);
        return cipher;
    }

    @Override
    public String toString() {
        return "NoiseCipherState[" + (hasKey() ? "keyed, n=" + Long.toUnsignedString(nonce) : "no key") + "]";
    }
}
