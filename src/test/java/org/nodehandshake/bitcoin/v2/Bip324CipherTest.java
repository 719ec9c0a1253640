package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

/** The packet cipher's two sides together: round trips across rekeys, tampering, the order of the calls. */
class Bip324CipherTest {

    /** Encrypts with sender and decrypts with receiver, length then the rest, as a decoder does. */
    static Bip324Cipher.Packet roundTrip(Bip324Cipher sender, Bip324Cipher receiver, byte[] contents, byte[] aad,
            boolean ignore) {
        byte[] wire = sender.encrypt(contents, aad, ignore);
        int length = receiver.decryptLength(Arrays.copyOf(wire, Bip324Cipher.LENGTH_BYTES));
        assertEquals(contents.length, length);
        return receiver.decrypt(Arrays.copyOfRange(wire, Bip324Cipher.LENGTH_BYTES, wire.length), aad).orElseThrow();
    }
}
