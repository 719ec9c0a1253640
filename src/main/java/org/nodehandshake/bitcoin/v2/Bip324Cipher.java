package org.nodehandshake.bitcoin.v2;

import java.util.Arrays;
import java.util.Optional;
import org.nodehandshake.crypto.TaggedHash;

/**
 * The BIP324 packet cipher of one connection, both directions, from the shared secret on:
 * <pre>
 *   packet = FSChaCha20(length of contents, 3 bytes little-endian)
 *         || FSChaCha20Poly1305(aad, header (1 byte, bit 7 = ignore) || contents)   (ciphertext || 16-byte tag)
 * </pre>
 * A receiver reads 3 bytes, {@link #decryptLength}, checks the length against its cap, reads 1 + length + 16
 * bytes and {@link #decrypt}s them; the two calls alternate, and a tag that does not verify ends the cipher.
 * Not thread-safe: one per connection, used from its event loop.
 */
public final class Bip324Cipher {

    public static final int LENGTH_BYTES = 3, HEADER_BYTES = 1, TAG_BYTES = 16, EXPANSION = 20, GARBAGE_TERMINATOR_BYTES = 16;
    public static final int IGNORE_BIT = 0x80;
    /** The largest length the 3-byte field can state. */
    public static final int MAX_CONTENTS_BYTES = (1 << 24) - 1;
    private static final int ENCODING_BYTES = 64;
    private static final int X_BYTES = 32;

    private enum ReceiveState { AWAITING_LENGTH, AWAITING_PACKET, FAILED }

    private final FSChaCha20 sendLength;
    private final FSChaCha20Poly1305 sendPacket;
    private final FSChaCha20 receiveLength;
    private final FSChaCha20Poly1305 receivePacket;
    private final byte[] sendGarbageTerminator;
    private final byte[] receiveGarbageTerminator;
    private final byte[] sessionId;
    private ReceiveState receiveState = ReceiveState.AWAITING_LENGTH;
    private int pendingLength;

    private Bip324Cipher(Bip324Keys keys, boolean initiator) {
        sendLength = new FSChaCha20(initiator ? keys.initiatorL() : keys.responderL());
        sendPacket = new FSChaCha20Poly1305(initiator ? keys.initiatorP() : keys.responderP());
        receiveLength = new FSChaCha20(initiator ? keys.responderL() : keys.initiatorL());
        receivePacket = new FSChaCha20Poly1305(initiator ? keys.responderP() : keys.initiatorP());
        sendGarbageTerminator = initiator ? keys.initiatorGarbageTerminator() : keys.responderGarbageTerminator();
        receiveGarbageTerminator = initiator ? keys.responderGarbageTerminator() : keys.initiatorGarbageTerminator();
        sessionId = keys.sessionId();
    }

    /** BIP324's shared secret: tagged hash "bip324_ellswift_xonly_ecdh" of initiator's encoding, responder's encoding, x. */
    public static byte[] sharedSecret(byte[] initiatorEncoding64, byte[] responderEncoding64, byte[] xShared32) {
        if (initiatorEncoding64.length != ENCODING_BYTES || responderEncoding64.length != ENCODING_BYTES) {
            throw new IllegalArgumentException("an ElligatorSwift encoding is 64 bytes");
        }
        if (xShared32.length != X_BYTES) {
            throw new IllegalArgumentException("an x coordinate is 32 bytes, not " + xShared32.length);
        }
        return TaggedHash.sha256("bip324_ellswift_xonly_ecdh", initiatorEncoding64, responderEncoding64, xShared32);
    }

    /** Keys from the shared secret; HKDF salt "bitcoin_v2_shared_secret" + the network's 4-byte magic. */
    public static Bip324Cipher fromSharedSecret(byte[] sharedSecret32, boolean initiator, byte[] networkMagic) {
        return new Bip324Cipher(Bip324Keys.derive(sharedSecret32, networkMagic), initiator);
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    public byte[] sendGarbageTerminator() {
        return sendGarbageTerminator.clone();
    }

    public byte[] receiveGarbageTerminator() {
        return receiveGarbageTerminator.clone();
    }

    /** One whole packet: encrypted 3-byte length, then header+contents+tag (3+1+len+16 bytes). Advances the send ciphers. */
    public byte[] encrypt(byte[] contents, byte[] aad, boolean ignore) {
        if (contents.length > MAX_CONTENTS_BYTES) {
            throw new IllegalArgumentException("contents of " + contents.length + " bytes exceed the 3-byte length");
        }
        byte[] plaintext = new byte[HEADER_BYTES + contents.length];
        plaintext[0] = (byte) (ignore ? IGNORE_BIT : 0);
        System.arraycopy(contents, 0, plaintext, HEADER_BYTES, contents.length);
        byte[] length = {(byte) contents.length, (byte) (contents.length >>> 8), (byte) (contents.length >>> 16)};
        // BIP324 encrypts the contents first, then the length; the two ciphers are independent, the order is theirs
        byte[] sealed = sendPacket.encrypt(aad, plaintext);
        byte[] packet = Arrays.copyOf(sendLength.crypt(length), LENGTH_BYTES + sealed.length);
        System.arraycopy(sealed, 0, packet, LENGTH_BYTES, sealed.length);
        return packet;
    }

    /**
     * Decrypts the next packet's 3-byte length (advances the receive length cipher; once per packet).
     * IllegalStateException when a packet's length is already pending or the cipher has failed.
     */
    public int decryptLength(byte[] encryptedLength3) {
        if (encryptedLength3.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("an encrypted length is 3 bytes, not " + encryptedLength3.length);
        }
        requireState(ReceiveState.AWAITING_LENGTH, "decryptLength");
        byte[] length = receiveLength.crypt(encryptedLength3);
        pendingLength = (length[0] & 0xff) | (length[1] & 0xff) << 8 | (length[2] & 0xff) << 16;
        receiveState = ReceiveState.AWAITING_PACKET;
        return pendingLength;
    }

    /**
     * Decrypts header+contents+tag (1+len+16 bytes) of the packet whose length was just read; empty when the tag
     * does not verify, after which the cipher refuses further use (the connection is to be closed).
     * IllegalStateException when no length is pending or the cipher has failed; IllegalArgumentException when the
     * bytes are not 1 + length + 16.
     */
    public Optional<Packet> decrypt(byte[] headerContentsTag, byte[] aad) {
        requireState(ReceiveState.AWAITING_PACKET, "decrypt");
        long expected = (long) HEADER_BYTES + pendingLength + TAG_BYTES;
        if (headerContentsTag.length != expected) {
            throw new IllegalArgumentException("a packet of length " + pendingLength + " is " + expected
                    + " bytes after its length, not " + headerContentsTag.length);
        }
        Optional<byte[]> plaintext = receivePacket.decrypt(aad, headerContentsTag);
        receiveState = plaintext.isPresent() ? ReceiveState.AWAITING_LENGTH : ReceiveState.FAILED;
        // header bits other than the ignore bit are reserved and ignored (BIP324)
        return plaintext.map(p -> new Packet((p[0] & IGNORE_BIT) != 0, Arrays.copyOfRange(p, HEADER_BYTES, p.length)));
    }

    private void requireState(ReceiveState wanted, String call) {
        if (receiveState == ReceiveState.FAILED) {
            throw new IllegalStateException(call + " after a packet failed to authenticate");
        }
        if (receiveState != wanted) {
            throw new IllegalStateException(wanted == ReceiveState.AWAITING_LENGTH
                    ? "decryptLength before the pending packet was decrypted"
                    : "decrypt before the packet's length was decrypted");
        }
    }

    /** A decrypted packet: the ignore bit (a decoy) and the contents. */
    public record Packet(boolean ignore, byte[] contents) {}
}
