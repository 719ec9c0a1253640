package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and corrupted bytes on the receive side (seeded, so a failure repeats): a length within the 3-byte field,
 * then an empty result, or the documented IllegalArgumentException / IllegalStateException, and nothing else.
 */
class Bip324CipherRandomInputTest {

    private static final byte[] SECRET = new byte[32];
    private static final byte[] MAGIC = Bip324PacketVectorsTest.MAINNET_MAGIC;
    private static final int DECODER_CAP = 4096; // what a decoder would read at most, to keep the loop small

    @Test
    void randomLengthsAreWithinTheFieldAndBytesOfAnotherSizeAreRefused() {
        Random random = new Random(324);
        for (int i = 0; i < 500; i++) {
            Bip324Cipher receiver = Bip324Cipher.fromSharedSecret(randomBytes(random, 32), random.nextBoolean(), MAGIC);
            int length = receiver.decryptLength(randomBytes(random, Bip324Cipher.LENGTH_BYTES));
            assertTrue(length >= 0 && length <= Bip324Cipher.MAX_CONTENTS_BYTES, "length " + length);
            byte[] rest = randomBytes(random, random.nextInt(DECODER_CAP));
            if (rest.length != Bip324Cipher.HEADER_BYTES + length + Bip324Cipher.TAG_BYTES) {
                assertThrows(IllegalArgumentException.class, () -> receiver.decrypt(rest, new byte[0]));
            }
        }
    }

    @Test
    void randomBytesAfterAnHonestLengthFailTheirTagAndEndTheCipher() {
        Random random = new Random(2424);
        for (int i = 0; i < 500; i++) {
            Bip324Cipher sender = Bip324Cipher.fromSharedSecret(SECRET, true, MAGIC);
            Bip324Cipher receiver = Bip324Cipher.fromSharedSecret(SECRET, false, MAGIC);
            int length = random.nextInt(DECODER_CAP);
            byte[] wire = sender.encrypt(new byte[length], new byte[0], false);
            assertEquals(length, receiver.decryptLength(Arrays.copyOf(wire, Bip324Cipher.LENGTH_BYTES)));
            byte[] rest = randomBytes(random, Bip324Cipher.HEADER_BYTES + length + Bip324Cipher.TAG_BYTES);
            assertEquals(Optional.empty(), receiver.decrypt(rest, randomBytes(random, random.nextInt(8))));
            assertThrows(IllegalStateException.class, () -> receiver.decryptLength(new byte[3]));
            assertThrows(IllegalStateException.class, () -> receiver.decrypt(rest, new byte[0]));
        }
    }

    @Test
    void validPacketsWithRandomBytesChangedFailTheirTagOrAreRefused() {
        Random random = new Random(16);
        for (int i = 0; i < 500; i++) {
            Bip324Cipher sender = Bip324Cipher.fromSharedSecret(SECRET, true, MAGIC);
            Bip324Cipher receiver = Bip324Cipher.fromSharedSecret(SECRET, false, MAGIC);
            byte[] contents = randomBytes(random, random.nextInt(300));
            byte[] wire = sender.encrypt(contents, new byte[0], random.nextBoolean());
            int changed = 1 + random.nextInt(3);
            for (int c = 0; c < changed; c++) {
                wire[random.nextInt(wire.length)] ^= (byte) (1 + random.nextInt(255));
            }
            int length = receiver.decryptLength(Arrays.copyOf(wire, Bip324Cipher.LENGTH_BYTES));
            assertTrue(length >= 0 && length <= Bip324Cipher.MAX_CONTENTS_BYTES, "length " + length);
            byte[] rest = Arrays.copyOfRange(wire, Bip324Cipher.LENGTH_BYTES, wire.length);
            if (length != contents.length) {
                assertThrows(IllegalArgumentException.class, () -> receiver.decrypt(rest, new byte[0]));
            } else {
                assertEquals(Optional.empty(), receiver.decrypt(rest, new byte[0]), "case " + i);
            }
        }
    }

    @Test
    void theSameConstructionUntouchedOpens() {
        // the control: the same construction without a change decrypts, so the loops above test the tag
        Bip324Cipher sender = Bip324Cipher.fromSharedSecret(SECRET, true, MAGIC);
        Bip324Cipher receiver = Bip324Cipher.fromSharedSecret(SECRET, false, MAGIC);
        byte[] wire = sender.encrypt(new byte[] {1, 2, 3}, new byte[0], false);
        assertEquals(3, receiver.decryptLength(Arrays.copyOf(wire, 3)));
        assertArrayEquals(new byte[] {1, 2, 3},
                receiver.decrypt(Arrays.copyOfRange(wire, 3, wire.length), new byte[0]).orElseThrow().contents());
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
