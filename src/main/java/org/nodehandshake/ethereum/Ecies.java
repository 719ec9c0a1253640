package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The ECIES variant RLPx's handshake is encrypted with (devp2p rlpx.md, "ECIES Encryption"): ECDH on
 * secp256k1 with a fresh ephemeral key, the NIST SP 800-56 concatenation KDF over SHA-256 (32 bytes:
 * kE is the first 16, kM the SHA-256 of the last 16), AES-128-CTR with a random IV, and HMAC-SHA-256
 * with kM over {@code iv || ciphertext || shared-mac-data} (the 2-byte size prefix, for EIP-8 packets;
 * nothing for the old ones). On the wire: {@code R (65, uncompressed) || iv (16) || c || tag (32)}.
 */
public final class Ecies {

    /** What encryption adds to a plaintext: the ephemeral key, the IV and the tag. */
    public static final int OVERHEAD = 65 + 16 + 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ecies() {
    }

    /** The ciphertext could not be opened: too short, a key not on the curve, or a tag that does not match. */
    public static final class EciesException extends Exception {
        private static final long serialVersionUID = 1L;

        EciesException(String message) {
            super(message);
        }
    }

    public static byte[] encrypt(ECPoint recipient, byte[] plaintext, byte[] sharedMacData) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return encrypt(recipient, plaintext, sharedMacData, EthCrypto.newPrivateKey(), iv);
    }

    /** With a given ephemeral key and IV: for tests that need reproducible bytes. */
    static byte[] encrypt(ECPoint recipient, byte[] plaintext, byte[] sharedMacData, BigInteger ephemeral, byte[] iv) {
        byte[] shared = EthCrypto.ecdh(ephemeral, recipient);
        byte[][] keys = keys(shared);
        byte[] ciphertext = aesCtr(keys[0], iv, plaintext);
        byte[] tag = hmac(keys[1], iv, ciphertext, sharedMacData);
        byte[] r = EthCrypto.publicKey(ephemeral).getEncoded(false);
        byte[] out = new byte[OVERHEAD + plaintext.length];
        System.arraycopy(r, 0, out, 0, 65);
        System.arraycopy(iv, 0, out, 65, 16);
        System.arraycopy(ciphertext, 0, out, 81, ciphertext.length);
        System.arraycopy(tag, 0, out, 81 + ciphertext.length, 32);
        return out;
    }

    /** The plaintext, once the tag over iv, ciphertext and {@code sharedMacData} checked out. */
    public static byte[] decrypt(BigInteger privateKey, byte[] message, byte[] sharedMacData) throws EciesException {
        byte[][] parts = checked(privateKey, message, sharedMacData);
        return aesCtr(parts[0], Arrays.copyOfRange(message, 65, 81), Arrays.copyOfRange(message, 81, message.length - 32));
    }

    /** True when {@code message} is sealed for this key with this shared data (its tag checks out). */
    public static boolean opens(BigInteger privateKey, byte[] message, byte[] sharedMacData) {
        try {
            checked(privateKey, message, sharedMacData);
            return true;
        } catch (EciesException e) {
            return false;
        }
    }

    private static byte[][] checked(BigInteger privateKey, byte[] message, byte[] sharedMacData) throws EciesException {
        if (message.length < OVERHEAD) {
            throw new EciesException("ECIES message of " + message.length + " bytes (at least " + OVERHEAD + ")");
        }
        if (message[0] != 4) {
            throw new EciesException("ECIES ephemeral key is not an uncompressed point (prefix " + (message[0] & 0xff) + ")");
        }
        ECPoint r;
        try {
            r = EthCrypto.decodePoint(Arrays.copyOfRange(message, 0, 65));
        } catch (IllegalArgumentException e) {
            throw new EciesException("ECIES ephemeral key is not a secp256k1 point");
        }
        byte[][] keys;
        try {
            keys = keys(EthCrypto.ecdh(privateKey, r));
        } catch (IllegalArgumentException e) {
            throw new EciesException("ECIES shared secret at infinity");
        }
        byte[] iv = Arrays.copyOfRange(message, 65, 81);
        byte[] ciphertext = Arrays.copyOfRange(message, 81, message.length - 32);
        byte[] tag = Arrays.copyOfRange(message, message.length - 32, message.length);
        if (!MessageDigest.isEqual(tag, hmac(keys[1], iv, ciphertext, sharedMacData))) {
            throw new EciesException("bad ECIES tag: not sealed for our key, or altered");
        }
        return keys;
    }

    /** kE (16 bytes) and kM = sha256(the next 16) from the concatenation KDF of the shared secret. */
    private static byte[][] keys(byte[] shared) {
        byte[] k = concatKdf(shared, 32);
        return new byte[][] {Arrays.copyOf(k, 16), sha256(Arrays.copyOfRange(k, 16, 32))};
    }

    /** NIST SP 800-56 concatenation KDF with SHA-256 and empty other-info. */
    static byte[] concatKdf(byte[] z, int length) {
        byte[] out = new byte[length];
        int done = 0;
        for (int counter = 1; done < length; counter++) {
            MessageDigest sha = sha256();
            sha.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            sha.update(z);
            byte[] block = sha.digest();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    static byte[] aesCtr(byte[] key, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] iv, byte[] ciphertext, byte[] sharedMacData) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(iv);
            mac.update(ciphertext);
            mac.update(sharedMacData);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] input) {
        return sha256().digest(input);
    }
}
