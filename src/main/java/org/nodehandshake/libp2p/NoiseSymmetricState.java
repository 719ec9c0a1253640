package org.nodehandshake.libp2p;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise SymmetricState (revision 34, section 5.2) over SHA-256: the chaining key ck, the handshake
 * hash h and the CipherState the handshake encrypts with. HKDF is section 4.3's, over HMAC-SHA256.
 */
public final class NoiseSymmetricState {

    public static final int HASH_BYTES = 32;

    private byte[] chainingKey;
    private byte[] handshakeHash;
    private NoiseCipherState cipher = NoiseCipherState.empty();

    /**
     * InitializeSymmetric(protocol_name): a name of at most 32 bytes is h itself, zero-padded; a longer one
     * is hashed. {@code Noise_XX_25519_ChaChaPoly_SHA256} is exactly 32 bytes, so h is the name.
     */
    public NoiseSymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        handshakeHash = name.length <= HASH_BYTES ? Arrays.copyOf(name, HASH_BYTES) : sha256(name);
        chainingKey = handshakeHash.clone();
    }

    /** h = SHA-256(h || data). */
    public void mixHash(byte[] data) {
        handshakeHash = sha256(handshakeHash, data);
    }

    /** ck, k = HKDF(ck, ikm, 2); a new CipherState with k (its counter at 0). */
    public void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(chainingKey, inputKeyMaterial, 2);
        chainingKey = out[0];
        cipher = NoiseCipherState.withKey(out[1]);
    }

    public boolean hasKey() {
        return cipher.hasKey();
    }

    /** Encrypts with h as associated data (in the clear before the first MixKey), then mixes the ciphertext. */
    public byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipher.encryptWithAd(handshakeHash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** Decrypts with h as associated data, then mixes the ciphertext (not the plaintext) into h. */
    public byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher.decryptWithAd(handshakeHash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** h: after the handshake, a value both sides share and that names this session. */
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    /** Split(): the two transport cipher states, the initiator's sending one first. */
    public Split split() {
        byte[][] out = hkdf(chainingKey, new byte[0], 2);
        return new Split(NoiseCipherState.withKey(out[0]), NoiseCipherState.withKey(out[1]));
    }

    /** Split's result: {@code first} carries initiator-to-responder messages, {@code second} the others. */
    public record Split(NoiseCipherState first, NoiseCipherState second) {
    }

    /**
     * HKDF(chaining_key, input_key_material, num_outputs), section 4.3: temp = HMAC(ck, ikm);
     * output1 = HMAC(temp, 0x01); output(i) = HMAC(temp, output(i-1) || i). Two or three outputs.
     */
    public static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        if (outputs != 2 && outputs != 3) {
            throw new IllegalArgumentException("Noise's HKDF gives two or three outputs, not " + outputs);
        }
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[][] out = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            byte[] input = Arrays.copyOf(previous, previous.length + 1);
            input[previous.length] = (byte) (i + 1);
            out[i] = hmac(tempKey, input);
            previous = out[i];
        }
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "NoiseSymmetricState[" + cipher + "]";
    }
}
