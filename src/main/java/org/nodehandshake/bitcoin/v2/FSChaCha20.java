package org.nodehandshake.bitcoin.v2;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * BIP324's FSChaCha20, the stream cipher of the packet lengths: one ChaCha20 keystream (nonce 4 zero bytes ||
 * rekey counter, 64-bit little-endian; block counter from 0) runs across 224 consecutive chunks, then the next
 * 32 keystream bytes become the key of the next run. Encryption and decryption are the same {@link #crypt}.
 * Not thread-safe: one per connection and direction.
 */
public final class FSChaCha20 {

    public static final int REKEY_INTERVAL = 224;
    static final int KEY_BYTES = 32;
    private static final int BLOCK_BYTES = 64;

    private Cipher keystream;
    private long chunkCounter;
    private long rekeyCounter;
    /** Keystream bytes this run has taken from its cipher (to find the rest of its last block at a rekey). */
    private long runBytes;
    /**
     * The rest of the last block of the previous run, used first as BIP324's reference does; always empty with
     * 3-byte chunks (224 * 3 + 32 = 11 blocks).
     */
    private byte[] carried = new byte[0];

    public FSChaCha20(byte[] key32) {
        if (key32.length != KEY_BYTES) {
            throw new IllegalArgumentException("a ChaCha20 key is " + KEY_BYTES + " bytes, not " + key32.length);
        }
        keystream = run(key32, 0);
    }

    /** The chunk XOR the next keystream bytes; every call is one chunk of the 224 of a run. */
    public byte[] crypt(byte[] chunk) {
        byte[] out = keystream(chunk.length);
        for (int i = 0; i < out.length; i++) {
            out[i] ^= chunk[i];
        }
        chunkCounter++;
        if (chunkCounter % REKEY_INTERVAL == 0) {
            rekey();
        }
        return out;
    }

    private void rekey() {
        byte[] nextKey = keystream(KEY_BYTES);
        int restOfBlock = (int) ((BLOCK_BYTES - runBytes % BLOCK_BYTES) % BLOCK_BYTES);
        if (restOfBlock > 0) {
            byte[] rest = keystream.update(new byte[restOfBlock]);
            byte[] both = Arrays.copyOf(carried, carried.length + restOfBlock);
            System.arraycopy(rest, 0, both, carried.length, restOfBlock);
            carried = both;
        }
        rekeyCounter++;
        keystream = run(nextKey, rekeyCounter);
        runBytes = 0;
    }

    /** The next n keystream bytes: what was carried over first, then the run's cipher. */
    private byte[] keystream(int n) {
        byte[] out = new byte[n];
        int fromCarried = Math.min(n, carried.length);
        System.arraycopy(carried, 0, out, 0, fromCarried);
        carried = Arrays.copyOfRange(carried, fromCarried, carried.length);
        if (n > fromCarried) {
            // ChaCha20 of zeros is its keystream; the JDK's cipher continues mid-block across updates
            byte[] fresh = keystream.update(new byte[n - fromCarried]);
            System.arraycopy(fresh, 0, out, fromCarried, n - fromCarried);
            runBytes += n - fromCarried;
        }
        return out;
    }

    private static Cipher run(byte[] key, long rekeyCounter) {
        byte[] nonce = new byte[12];
        putLongLittleEndian(nonce, 4, rekeyCounter);
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 unavailable", e);
        }
    }

    static void putLongLittleEndian(byte[] into, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            into[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
