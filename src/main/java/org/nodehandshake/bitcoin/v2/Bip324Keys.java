package org.nodehandshake.bitcoin.v2;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nodehandshake.crypto.Hkdf;

/**
 * The session's secrets (BIP324 "Keys and session ID derivation"): HKDF-SHA256 of the shared secret with salt
 * "bitcoin_v2_shared_secret" || network magic, 32 bytes per info string.
 */
record Bip324Keys(byte[] initiatorL, byte[] initiatorP, byte[] responderL, byte[] responderP,
                  byte[] initiatorGarbageTerminator, byte[] responderGarbageTerminator, byte[] sessionId) {

    static final int SECRET_BYTES = 32;
    static final int MAGIC_BYTES = 4;

    static Bip324Keys derive(byte[] sharedSecret32, byte[] networkMagic) {
        if (sharedSecret32.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a shared secret is 32 bytes, not " + sharedSecret32.length);
        }
        if (networkMagic.length != MAGIC_BYTES) {
            throw new IllegalArgumentException("a network magic is 4 bytes, not " + networkMagic.length);
        }
        byte[] label = "bitcoin_v2_shared_secret".getBytes(StandardCharsets.US_ASCII);
        byte[] salt = Arrays.copyOf(label, label.length + MAGIC_BYTES);
        System.arraycopy(networkMagic, 0, salt, label.length, MAGIC_BYTES);
        byte[] prk = Hkdf.extract(salt, sharedSecret32);
        byte[] terminators = expand(prk, "garbage_terminators");
        int half = Bip324Cipher.GARBAGE_TERMINATOR_BYTES;
        return new Bip324Keys(expand(prk, "initiator_L"), expand(prk, "initiator_P"), expand(prk, "responder_L"),
                expand(prk, "responder_P"), Arrays.copyOfRange(terminators, 0, half),
                Arrays.copyOfRange(terminators, half, 2 * half), expand(prk, "session_id"));
    }

    private static byte[] expand(byte[] prk, String info) {
        return Hkdf.expand(prk, info.getBytes(StandardCharsets.US_ASCII), FSChaCha20.KEY_BYTES);
    }
}
