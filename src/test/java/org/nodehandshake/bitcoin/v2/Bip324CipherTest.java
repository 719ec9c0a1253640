package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The packet cipher's two sides together: round trips across rekeys, tampering, the order of the calls. */
class Bip324CipherTest {

    private static final byte[] SECRET = HexFormat.of().parseHex(
            "c6992a117f5edbea70c3f511d32d26b9798be4b81a62eaee1a5acaa8459a3592"); // the vectors' first row
    private static final byte[] MAGIC = Bip324PacketVectorsTest.MAINNET_MAGIC;
    private static final byte[] AAD = {1, 2, 3};

    private final Bip324Cipher initiator = Bip324Cipher.fromSharedSecret(SECRET, true, MAGIC);
    private final Bip324Cipher responder = Bip324Cipher.fromSharedSecret(SECRET, false, MAGIC);

    /** Encrypts with sender and decrypts with receiver, length then the rest, as a decoder does. */
    static Bip324Cipher.Packet roundTrip(Bip324Cipher sender, Bip324Cipher receiver, byte[] contents, byte[] aad,
            boolean ignore) {
        byte[] wire = sender.encrypt(contents, aad, ignore);
        int length = receiver.decryptLength(Arrays.copyOf(wire, Bip324Cipher.LENGTH_BYTES));
        assertEquals(contents.length, length);
        return receiver.decrypt(Arrays.copyOfRange(wire, Bip324Cipher.LENGTH_BYTES, wire.length), aad).orElseThrow();
    }

    private static byte[] contents(int i) {
        byte[] contents = new byte[i % 100];
        Arrays.fill(contents, (byte) i);
        return contents;
    }

    /** What the receiver makes of a packet whose byte at offset had bit 0 flipped on the wire. */
    private Optional<Bip324Cipher.Packet> afterFlipping(int offset, byte[] contents) {
        byte[] wire = initiator.encrypt(contents, AAD, false);
        wire[offset] ^= 1;
        int length = responder.decryptLength(Arrays.copyOf(wire, Bip324Cipher.LENGTH_BYTES));
        assertEquals(offset == 0 ? contents.length ^ 1 : contents.length, length);
        // a length that changed is read as the decoder would: that many bytes (the stream's next ones, here zeros)
        byte[] rest = Arrays.copyOfRange(wire, Bip324Cipher.LENGTH_BYTES,
                Bip324Cipher.LENGTH_BYTES + Bip324Cipher.HEADER_BYTES + length + Bip324Cipher.TAG_BYTES);
        return responder.decrypt(rest, AAD);
    }

    @Test
    void bothDirectionsRoundTripAThousandPacketsAcrossRekeys() {
        for (int i = 0; i < 1000; i++) {
            byte[] aad = i % 3 == 0 ? AAD : new byte[0];
            Bip324Cipher.Packet there = roundTrip(initiator, responder, contents(i), aad, i % 7 == 0);
            assertArrayEquals(contents(i), there.contents(), "packet " + i);
            assertEquals(i % 7 == 0, there.ignore(), "packet " + i);
            if (i % 2 == 0) {
                Bip324Cipher.Packet back = roundTrip(responder, initiator, contents(i + 1), aad, false);
                assertArrayEquals(contents(i + 1), back.contents(), "reply " + i);
            }
        }
    }

    @Test
    void eachSidesTerminatorsAreTheOthersTheOtherWayRound() {
        assertArrayEquals(initiator.sendGarbageTerminator(), responder.receiveGarbageTerminator());
        assertArrayEquals(responder.sendGarbageTerminator(), initiator.receiveGarbageTerminator());
        assertFalse(Arrays.equals(initiator.sendGarbageTerminator(), initiator.receiveGarbageTerminator()));
        assertArrayEquals(initiator.sessionId(), responder.sessionId());
        assertEquals(Bip324Cipher.GARBAGE_TERMINATOR_BYTES, initiator.sendGarbageTerminator().length);
    }

    @Test
    void anotherNetworksMagicIsAnotherSession() {
        Bip324Cipher other = Bip324Cipher.fromSharedSecret(SECRET, false, new byte[] {(byte) 0xfa, (byte) 0xbf, (byte) 0xb5, (byte) 0xda});
        assertFalse(Arrays.equals(responder.sessionId(), other.sessionId()));
        assertFalse(Arrays.equals(responder.receiveGarbageTerminator(), other.receiveGarbageTerminator()));
    }

    @Test
    void anEncryptedPacketIsContentsPlusTwentyBytes() {
        assertEquals(Bip324Cipher.EXPANSION, initiator.encrypt(new byte[0], new byte[0], false).length);
        assertEquals(Bip324Cipher.EXPANSION + 100, initiator.encrypt(new byte[100], AAD, true).length);
        assertEquals(Bip324Cipher.EXPANSION, Bip324Cipher.LENGTH_BYTES + Bip324Cipher.HEADER_BYTES + Bip324Cipher.TAG_BYTES);
    }

    @Test
    void aFlippedLengthBitFailsTheTag() {
        // the length is XORed with its keystream, so the flip lands on the plaintext: 11, one byte more is read
        assertTrue(afterFlipping(0, new byte[10]).isEmpty());
    }

    @Test
    void aFlippedHeaderBitFailsTheTag() {
        assertTrue(afterFlipping(Bip324Cipher.LENGTH_BYTES, new byte[10]).isEmpty());
    }

    @Test
    void aFlippedContentsBitFailsTheTag() {
        assertTrue(afterFlipping(Bip324Cipher.LENGTH_BYTES + Bip324Cipher.HEADER_BYTES + 5, new byte[10]).isEmpty());
    }

    @Test
    void aFlippedTagBitFailsTheTag() {
        assertTrue(afterFlipping(Bip324Cipher.EXPANSION + 10 - 1, new byte[10]).isEmpty());
    }

    @Test
    void aFlippedAadBitFailsTheTag() {
        byte[] wire = initiator.encrypt(new byte[10], AAD, false);
        byte[] seen = AAD.clone();
        seen[2] ^= 1;
        responder.decryptLength(Arrays.copyOf(wire, 3));
        assertTrue(responder.decrypt(Arrays.copyOfRange(wire, 3, wire.length), seen).isEmpty());
    }

    @Test
    void aMissingAadFailsTheTag() {
        byte[] wire = initiator.encrypt(new byte[10], AAD, false);
        responder.decryptLength(Arrays.copyOf(wire, 3));
        assertTrue(responder.decrypt(Arrays.copyOfRange(wire, 3, wire.length), new byte[0]).isEmpty());
    }

    @Test
    void reservedHeaderBitsAreIgnored() {
        // a header of 0x7f (every bit but the ignore bit), sealed with the initiator's content key as a peer could
        Bip324Keys keys = Bip324Keys.derive(SECRET, MAGIC);
        byte[] length = new FSChaCha20(keys.initiatorL()).crypt(new byte[] {2, 0, 0});
        byte[] sealed = new FSChaCha20Poly1305(keys.initiatorP()).encrypt(new byte[0], new byte[] {0x7f, 5, 6});
        assertEquals(2, responder.decryptLength(length));
        Bip324Cipher.Packet packet = responder.decrypt(sealed, new byte[0]).orElseThrow();
        assertFalse(packet.ignore());
        assertArrayEquals(new byte[] {5, 6}, packet.contents());
    }

    @Test
    void decryptBeforeDecryptLengthIsRefused() {
        byte[] wire = initiator.encrypt(new byte[0], new byte[0], false);
        assertThrows(IllegalStateException.class, () -> responder.decrypt(Arrays.copyOfRange(wire, 3, wire.length), new byte[0]));
    }

    @Test
    void decryptLengthTwiceIsRefused() {
        byte[] wire = initiator.encrypt(new byte[0], new byte[0], false);
        responder.decryptLength(Arrays.copyOf(wire, 3));
        assertThrows(IllegalStateException.class, () -> responder.decryptLength(Arrays.copyOf(wire, 3)));
    }

    @Test
    void decryptTwiceIsRefused() {
        byte[] wire = initiator.encrypt(new byte[0], new byte[0], false);
        responder.decryptLength(Arrays.copyOf(wire, 3));
        byte[] rest = Arrays.copyOfRange(wire, 3, wire.length);
        assertTrue(responder.decrypt(rest, new byte[0]).isPresent());
        assertThrows(IllegalStateException.class, () -> responder.decrypt(rest, new byte[0]));
    }

    @Test
    void afterAFailedTagTheCipherRefusesFurtherUse() {
        assertTrue(afterFlipping(Bip324Cipher.LENGTH_BYTES, new byte[1]).isEmpty());
        byte[] next = initiator.encrypt(new byte[1], AAD, false);
        assertThrows(IllegalStateException.class, () -> responder.decryptLength(Arrays.copyOf(next, 3)));
    }

    @Test
    void bytesOfAnotherSizeThanTheLengthSaysAreRefused() {
        byte[] wire = initiator.encrypt(new byte[10], new byte[0], false);
        responder.decryptLength(Arrays.copyOf(wire, 3));
        assertThrows(IllegalArgumentException.class, () -> responder.decrypt(Arrays.copyOfRange(wire, 3, wire.length - 1), new byte[0]));
    }

    @Test
    void anEncryptedLengthIsThreeBytes() {
        assertThrows(IllegalArgumentException.class, () -> responder.decryptLength(new byte[4]));
    }

    @Test
    void contentsLongerThanTheLengthFieldAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> initiator.encrypt(new byte[Bip324Cipher.MAX_CONTENTS_BYTES + 1], new byte[0], false));
    }

    @Test
    void inputsOfTheWrongSizeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Bip324Cipher.sharedSecret(new byte[63], new byte[64], new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> Bip324Cipher.sharedSecret(new byte[64], new byte[65], new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> Bip324Cipher.sharedSecret(new byte[64], new byte[64], new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Bip324Cipher.fromSharedSecret(new byte[31], true, MAGIC));
        assertThrows(IllegalArgumentException.class, () -> Bip324Cipher.fromSharedSecret(SECRET, true, new byte[3]));
    }
}
