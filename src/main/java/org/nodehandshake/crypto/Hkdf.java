package org.nodehandshake.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869), over the JDK's HmacSHA256. */
public final class Hkdf {

    public static final int HASH_BYTES = 32;
    /** RFC 5869 2.3: L is at most 255 HashLen. */
    public static final int MAX_OUTPUT_BYTES = 255 * HASH_BYTES;

    private Hkdf() {
    }

    /** HKDF-Extract: the 32-byte pseudorandom key; an empty salt stands for 32 zero bytes (RFC 5869 2.2). */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        // the JDK refuses an empty HMAC key; HMAC pads a short key with zeros, so both are the same key
        byte[] key = salt.length == 0 ? new byte[HASH_BYTES] : salt;
        return hmac(key).doFinal(ikm);
    }

    /** HKDF-Expand: length (0 to 8160) bytes of output keying material from a pseudorandom key and info. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("HKDF-Expand yields 0 to " + MAX_OUTPUT_BYTES + " bytes, not " + length);
        }
        if (prk.length < HASH_BYTES) {
            throw new IllegalArgumentException("a pseudorandom key is at least " + HASH_BYTES + " bytes, not " + prk.length);
        }
        Mac mac = hmac(prk);
        byte[] okm = new byte[length];
        byte[] t = new byte[0];
        for (int block = 1, filled = 0; filled < length; block++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) block);
            t = mac.doFinal();
            int n = Math.min(HASH_BYTES, length - filled);
            System.arraycopy(t, 0, okm, filled, n);
            filled += n;
        }
        return okm;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
