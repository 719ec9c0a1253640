package org.nodehandshake.ethereum;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * RLPx framing (devp2p rlpx.md, "Framing" and "MAC"), one instance per connection, both directions:
 * <pre>
 *   frame = header-ciphertext (16) || header-mac (16) || frame-ciphertext || frame-mac (16)
 *   header = frame-size (3, big-endian) || rlp([0, 0]) || zero padding to 16
 *   each direction: one AES-256-CTR stream keyed with aes-secret, IV zero, across headers and bodies
 *   header-mac = digest after egress-mac.update(aes(mac-secret, digest(egress-mac)[:16]) ^ header-ciphertext)
 *   frame-mac  = egress-mac.update(frame-ciphertext); seed = digest[:16];
 *                digest after egress-mac.update(aes(mac-secret, seed) ^ seed)
 * </pre>
 * where aes(mac-secret, x) is one AES-256 block (ECB) and digest() reads the sponge without ending it.
 * Not thread-safe: the channel's event loop is its only user.
 */
public final class RlpxFrameCipher {

    /** The header data we write: rlp([capability-id 0, context-id 0]), as go-ethereum does. */
    private static final byte[] HEADER_DATA = {(byte) 0xc2, (byte) 0x80, (byte) 0x80};

    /** The largest frame size the 3-byte header can state. */
    public static final int MAX_FRAME_SIZE = 0xffffff;

    private final Cipher egress;
    private final Cipher ingress;
    private final Cipher macBlock;
    private final KeccakDigest egressMac;
    private final KeccakDigest ingressMac;

    public RlpxFrameCipher(RlpxSecrets secrets) {
        try {
            byte[] aes = secrets.aesSecret();
            egress = Cipher.getInstance("AES/CTR/NoPadding");
            egress.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"), new IvParameterSpec(new byte[16]));
            ingress = Cipher.getInstance("AES/CTR/NoPadding");
            ingress.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aes, "AES"), new IvParameterSpec(new byte[16]));
            macBlock = Cipher.getInstance("AES/ECB/NoPadding");
            macBlock.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secrets.macSecret(), "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        this.egressMac = secrets.egressMac();
        this.ingressMac = secrets.ingressMac();
    }

    /** A frame's header or body whose MAC does not match: corrupted, forged, or other keys. */
    public static final class BadMacException extends Exception {
        private static final long serialVersionUID = 1L;

        BadMacException(String message) {
            super(message);
        }
    }

    /** The bytes of one frame carrying {@code payload}. */
    public byte[] seal(byte[] payload) {
        if (payload.length > MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("frame of " + payload.length + " bytes");
        }
        byte[] header = new byte[16];
        header[0] = (byte) (payload.length >>> 16);
        header[1] = (byte) (payload.length >>> 8);
        header[2] = (byte) payload.length;
        System.arraycopy(HEADER_DATA, 0, header, 3, HEADER_DATA.length);
        byte[] headerCiphertext = update(egress, header);
        byte[] headerMac = updateHeaderMac(egressMac, headerCiphertext);
        byte[] body = update(egress, Arrays.copyOf(payload, padded(payload.length)));
        byte[] frameMac = updateBodyMac(egressMac, body);
        byte[] out = new byte[32 + body.length + 16];
        System.arraycopy(headerCiphertext, 0, out, 0, 16);
        System.arraycopy(headerMac, 0, out, 16, 16);
        System.arraycopy(body, 0, out, 32, body.length);
        System.arraycopy(frameMac, 0, out, 32 + body.length, 16);
        return out;
    }

    /**
     * Checks a received header's MAC, then decrypts it: the frame size it states. Call once per frame,
     * in order, before {@link #openBody}.
     */
    public int openHeader(byte[] header32) throws BadMacException {
        byte[] ciphertext = Arrays.copyOf(header32, 16);
        byte[] expected = updateHeaderMac(ingressMac, ciphertext);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(header32, 16, 32))) {
            throw new BadMacException("frame header MAC mismatch");
        }
        byte[] header = update(ingress, ciphertext);
        return (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
    }

    /** Checks the body's MAC, then decrypts it: the frame's {@code size} bytes, padding dropped. */
    public byte[] openBody(byte[] ciphertext, byte[] mac16, int size) throws BadMacException {
        byte[] expected = updateBodyMac(ingressMac, ciphertext);
        if (!MessageDigest.isEqual(expected, mac16)) {
            throw new BadMacException("frame body MAC mismatch");
        }
        return Arrays.copyOf(update(ingress, ciphertext), size);
    }

    /**
     * The stream cipher over {@code data}. {@link Cipher#update(byte[])} returns null, not an empty
     * array, for empty input, and a frame of size 0 (which a peer may declare) has an empty body.
     */
    private static byte[] update(Cipher cipher, byte[] data) {
        return data.length == 0 ? new byte[0] : cipher.update(data);
    }

    /** The body's length on the wire: the size rounded up to whole AES blocks. */
    public static int padded(int size) {
        return (size + 15) & ~15;
    }

    private byte[] updateHeaderMac(KeccakDigest mac, byte[] headerCiphertext) {
        byte[] seed = RlpxHandshake.xor(aesBlock(digest16(mac)), headerCiphertext);
        mac.update(seed, 0, 16);
        return digest16(mac);
    }

    private byte[] updateBodyMac(KeccakDigest mac, byte[] bodyCiphertext) {
        mac.update(bodyCiphertext, 0, bodyCiphertext.length);
        byte[] previous = digest16(mac);
        byte[] seed = RlpxHandshake.xor(aesBlock(previous), previous);
        mac.update(seed, 0, 16);
        return digest16(mac);
    }

    private byte[] aesBlock(byte[] block16) {
        try {
            return macBlock.doFinal(block16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-ECB failed", e);
        }
    }

    private static byte[] digest16(KeccakDigest mac) {
        byte[] out = new byte[32];
        new KeccakDigest(mac).doFinal(out, 0);
        return Arrays.copyOf(out, 16);
    }
}
