package org.nodehandshake.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The tagged hash of secp256k1 Schnorr signatures (BIP 340): SHA256(SHA256(tag) || SHA256(tag) || parts...),
 * so that a hash made for one purpose can never be mistaken for one made for another.
 */
public final class TaggedHash {

    private TaggedHash() {
    }

    /** The 32-byte tagged hash of the concatenated parts; the tag is hashed as UTF-8. */
    public static byte[] sha256(String tag, byte[]... parts) {
        MessageDigest digest = sha256();
        byte[] tagHash = digest.digest(tag.getBytes(StandardCharsets.UTF_8));
        digest.update(tagHash);
        digest.update(tagHash);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
