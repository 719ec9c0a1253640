package org.nodehandshake.libp2p;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A libp2p peer id (libp2p/specs peer-ids.md): the multihash of the peer's public key protobuf, either the
 * identity multihash ({@code 0x00}, the key itself, at most 42 bytes: Ed25519 {@code 12D3KooW…},
 * secp256k1 {@code 16Uiu2…}) or SHA-256 ({@code 0x12 0x20}, 32 bytes: RSA and ECDSA, {@code Qm…}). Any
 * other multihash is refused, as go-libp2p refuses it. Shown as base58btc, the spec's display form.
 *
 * @param multihash the multihash bytes (copied in and out)
 */
public record PeerId(byte[] multihash) {

    /** The spec's bound: longer key encodings are hashed. */
    public static final int MAX_IDENTITY_LENGTH = 42;
    /** The multicodec of a peer id written as a CID. */
    public static final int LIBP2P_KEY_CODEC = 0x72;

    private static final int IDENTITY = 0x00;
    private static final int SHA2_256 = 0x12;
    private static final int MAX_TEXT = 128; // the longest valid form (an identity CID in base32) is 76

    /** IllegalArgumentException for bytes that are no peer id; {@link #fromMultihash} for untrusted input. */
    public PeerId {
        multihash = multihash.clone();
        Optional<String> problem = problem(multihash);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    @Override
    public byte[] multihash() {
        return multihash.clone();
    }

    /** Validates a multihash as a peer id: identity of 1 to 42 bytes, or SHA-256 of 32. */
    public static PeerId fromMultihash(byte[] bytes) throws MalformedMessageException {
        Optional<String> problem = problem(bytes);
        if (problem.isPresent()) {
            throw new MalformedMessageException(problem.get());
        }
        return new PeerId(bytes);
    }

    private static Optional<String> problem(byte[] bytes) {
        if (bytes.length < 2) {
            return Optional.of("a multihash of " + bytes.length + " bytes");
        }
        int code = bytes[0] & 0xff; // both accepted codes are one-byte varints: any other first byte is refused
        int declared = bytes[1] & 0xff; // so are both accepted lengths (at most 42)
        int digest = bytes.length - 2;
        if (code == IDENTITY) {
            if (declared < 1 || declared > MAX_IDENTITY_LENGTH) {
                return Optional.of("identity peer id declaring " + declared + " bytes (1-" + MAX_IDENTITY_LENGTH
                        + " allowed)");
            }
        } else if (code == SHA2_256) {
            if (declared != 32) {
                return Optional.of("sha2-256 peer id declaring " + declared + " bytes (32 required)");
            }
        } else {
            return Optional.of("multihash code 0x" + Integer.toHexString(code)
                    + " is no peer id (identity or sha2-256 only)");
        }
        if (declared != digest) {
            return Optional.of("multihash declares " + declared + " bytes, holds " + digest);
        }
        return Optional.empty();
    }

    /**
     * Parses a peer id as text: bare base58btc multihash ({@code Qm…}, {@code 1…}) or a CIDv1 with the
     * libp2p-key codec in a multibase ({@code bafz…}, base32 being the default).
     */
    public static PeerId parse(String text) throws MalformedMessageException {
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new MalformedMessageException("a peer id is 1-" + MAX_TEXT + " characters");
        }
        if (text.startsWith("1") || text.startsWith("Qm")) {
            return fromMultihash(Base58.decode(text));
        }
        byte[] cid = Multibase.decode(text);
        Varint.Read version = Varint.read(cid, 0, cid.length);
        if (version.value() != 1) {
            throw new MalformedMessageException("CID version " + version.value() + " (a peer id is a CIDv1)");
        }
        Varint.Read codec = Varint.read(cid, version.next(), cid.length);
        if (codec.value() != LIBP2P_KEY_CODEC) {
            throw new MalformedMessageException("CID codec 0x" + Long.toHexString(codec.value())
                    + " is not libp2p-key (0x72)");
        }
        return fromMultihash(Arrays.copyOfRange(cid, codec.next(), cid.length));
    }

    /**
     * The peer id of a public key, given as its libp2p PublicKey protobuf: identity multihash when the
     * encoding is at most 42 bytes, SHA-256 otherwise (the spec's rule). IllegalArgumentException on an
     * empty key.
     */
    public static PeerId ofEncodedKey(byte[] keyProtobuf) {
        if (keyProtobuf.length == 0) {
            throw new IllegalArgumentException("an empty key has no peer id");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (keyProtobuf.length <= MAX_IDENTITY_LENGTH) {
            out.write(IDENTITY);
            Varint.write(keyProtobuf.length, out);
            out.writeBytes(keyProtobuf);
        } else {
            out.write(SHA2_256);
            out.write(32);
            out.writeBytes(sha256(keyProtobuf));
        }
        return new PeerId(out.toByteArray());
    }

    /** Whether {@code keyProtobuf} is the key this id names. */
    public boolean matchesKey(byte[] keyProtobuf) {
        return keyProtobuf.length > 0 && equals(ofEncodedKey(keyProtobuf));
    }

    /** The key protobuf an identity peer id carries; empty for a SHA-256 one. */
    public Optional<byte[]> identityKey() {
        if (multihash[0] != IDENTITY) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(multihash, 2, multihash.length)); // code and length: one byte each
    }

    /** The CIDv1 form, base32 ({@code bafz…}). */
    public String toCid() {
        byte[] cid = new byte[multihash.length + 2];
        cid[0] = 1;
        cid[1] = LIBP2P_KEY_CODEC;
        System.arraycopy(multihash, 0, cid, 2, multihash.length);
        return "b" + Multibase.base32(cid);
    }

    /** base58btc, the form libp2p shows and dials. */
    @Override
    public String toString() {
        return Base58.encode(multihash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multihash);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
