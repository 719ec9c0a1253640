package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The length cipher beyond the 3-byte chunks of the packet vectors: expected values from running BIP324's
 * reference.py (FSChaCha20 with key 00 01 .. 1f) on the same chunks.
 */
class FSChaCha20Test {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] key() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    @Test
    void evenChunksCarryTheRestOfTheLastBlockIntoTheNextKeysRun() throws Exception {
        // 224 * 2 + 32 bytes end mid-block: the reference keeps the block's other 32 bytes for the next run
        FSChaCha20 cipher = new FSChaCha20(key());
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 1000; i++) {
            byte[] out = cipher.crypt(new byte[] {(byte) i, (byte) (i >>> 8)});
            if (i == 224) {
                assertEquals("f7cd", HEX.formatHex(out));
            }
            if (i == 448) {
                assertEquals("6ae2", HEX.formatHex(out));
            }
            all.update(out);
        }
        assertEquals("a77f9d0cf4972e2df2d63c7e164d0f1de83ad3bd6e248f8ea14a94a77f512211", HEX.formatHex(all.digest()));
    }

    @Test
    void emptyChunksCountAsChunks() throws Exception {
        FSChaCha20 cipher = new FSChaCha20(key());
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 700; i++) {
            all.update(cipher.crypt(i % 2 == 1 ? new byte[0] : new byte[40]));
        }
        assertEquals("eb978337afaa5a1f75dde39923995eace26987e4ed4ba20536fe665d6a3520ba", HEX.formatHex(all.digest()));
    }

    @Test
    void decryptingIsEncryptingAgain() {
        FSChaCha20 sender = new FSChaCha20(key());
        FSChaCha20 receiver = new FSChaCha20(key());
        for (int i = 0; i < 1000; i++) {
            byte[] length = {(byte) i, (byte) (i >>> 8), 0};
            assertArrayEquals(length, receiver.crypt(sender.crypt(length)), "chunk " + i);
        }
    }

    @Test
    void aKeyOfAnotherSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FSChaCha20(new byte[16]));
    }
}
