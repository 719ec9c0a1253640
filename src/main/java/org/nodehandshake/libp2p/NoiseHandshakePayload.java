package org.nodehandshake.libp2p;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The libp2p Noise handshake payload (libp2p/specs noise, "The libp2p Handshake Payload"), carried in
 * messages B and C: identity_key = 1 (a PublicKey protobuf), identity_sig = 2 (that key's signature over
 * {@code "noise-libp2p-static-key:"} and the sender's X25519 static key), extensions = 4
 * (webtransport_certhashes = 1, ignored; stream_muxers = 2). Unknown fields are skipped.
 */
public record NoiseHandshakePayload(byte[] identityKey, byte[] identitySig, List<String> streamMuxers) {

    public static final String SIGNATURE_PREFIX = "noise-libp2p-static-key:";
    /** An RSA signature is as long as its modulus: 8192 bits at most. */
    public static final int MAX_SIGNATURE_BYTES = Libp2pKey.MAX_RSA_BITS / 8;

    /** What {@link #read} accepts: the payload's size, its fields (each level), the muxer list. */
    public record Limits(int maxBytes, int maxFields, int maxStreamMuxers, int maxStreamMuxerBytes) {
        /** A handshake message's payload, a few dozen fields, 16 muxer names of up to 256 bytes. */
        public static final Limits DEFAULT = new Limits(NoiseXX.MAX_MESSAGE_BYTES, 32, 16, 256);
    }

    public NoiseHandshakePayload {
        identityKey = identityKey.clone();
        identitySig = identitySig.clone();
        streamMuxers = List.copyOf(streamMuxers);
    }

    /** Our payload: {@code identity}'s key and its signature over our static key, and the muxers we offer. */
    public static NoiseHandshakePayload create(Libp2pIdentity identity, byte[] ourStaticPublicKey,
            List<String> streamMuxers) {
        return new NoiseHandshakePayload(identity.encodedPublicKey(), identity.sign(signedData(ourStaticPublicKey)),
                streamMuxers);
    }

    /** What the identity key signs: {@code "noise-libp2p-static-key:"} then the 32-byte X25519 key (RFC 7748 form). */
    public static byte[] signedData(byte[] x25519StaticPublicKey) {
        if (x25519StaticPublicKey.length != NoiseXX.DH_BYTES) {
            throw new IllegalArgumentException("an X25519 static key is 32 bytes, not " + x25519StaticPublicKey.length);
        }
        byte[] prefix = SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(prefix, prefix.length + x25519StaticPublicKey.length);
        System.arraycopy(x25519StaticPublicKey, 0, out, prefix.length, x25519StaticPublicKey.length);
        return out;
    }

    /** Reads a decrypted payload. Identity key and signature must be present and within their types' sizes. */
    public static NoiseHandshakePayload read(byte[] payload, Limits limits) throws MalformedMessageException {
        if (payload.length > limits.maxBytes()) {
            throw new MalformedMessageException("handshake payload of " + payload.length + " bytes, more than "
                    + limits.maxBytes());
        }
        Protobuf.Message message = Protobuf.read(payload, limits.maxFields());
        byte[] key = required(message.bytes(1), "identity_key");
        byte[] sig = required(message.bytes(2), "identity_sig");
        if (key.length > Libp2pKey.MAX_ENCODED_BYTES) {
            throw new MalformedMessageException("identity_key of " + key.length + " bytes, more than any key's "
                    + Libp2pKey.MAX_ENCODED_BYTES);
        }
        if (sig.length > MAX_SIGNATURE_BYTES) {
            throw new MalformedMessageException("identity_sig of " + sig.length + " bytes, more than any signature's "
                    + MAX_SIGNATURE_BYTES);
        }
        List<String> muxers = new ArrayList<>();
        for (byte[] extensions : message.repeated(4)) { // an embedded message sent twice merges: lists concatenate
            for (String muxer : Protobuf.read(extensions, limits.maxFields()).repeatedStrings(2)) {
                if (muxers.size() == limits.maxStreamMuxers()) {
                    throw new MalformedMessageException("more than " + limits.maxStreamMuxers() + " stream muxers");
                }
                if (muxer.getBytes(StandardCharsets.UTF_8).length > limits.maxStreamMuxerBytes()) {
                    throw new MalformedMessageException("a stream muxer name longer than "
                            + limits.maxStreamMuxerBytes() + " bytes");
                }
                muxers.add(muxer);
            }
        }
        return new NoiseHandshakePayload(key, sig, muxers);
    }

    private static byte[] required(Optional<byte[]> field, String name) throws MalformedMessageException {
        if (field.isEmpty()) {
            throw new MalformedMessageException("handshake payload without " + name);
        }
        return field.get();
    }

    public byte[] write() {
        Protobuf.Writer out = Protobuf.writer().bytes(1, identityKey).bytes(2, identitySig);
        if (!streamMuxers.isEmpty()) {
            Protobuf.Writer extensions = Protobuf.writer();
            streamMuxers.forEach(m -> extensions.string(2, m));
            out.bytes(4, extensions.toByteArray());
        }
        return out.toByteArray();
    }

    /**
     * The peer's identity, proven: its key decoded, and its signature checked over the X25519 static key the
     * Noise handshake delivered ({@link NoiseXX#remoteStaticKey()}).
     *
     * @throws UnsupportedKeyException a key type we do not know
     * @throws MalformedMessageException the key does not decode
     * @throws BadIdentitySignatureException the signature does not cover {@code remoteStaticKey}
     */
    public Libp2pKey verify(byte[] remoteStaticKey) throws MalformedMessageException, BadIdentitySignatureException {
        Libp2pKey key = Libp2pKey.decode(identityKey);
        if (!key.verify(signedData(remoteStaticKey), identitySig)) {
            throw new BadIdentitySignatureException("bad identity signature: the " + key.typeName()
                    + " identity key did not sign the Noise static key");
        }
        return key;
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] identitySig() {
        return identitySig.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseHandshakePayload other && Arrays.equals(identityKey, other.identityKey)
                && Arrays.equals(identitySig, other.identitySig) && streamMuxers.equals(other.streamMuxers);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(identityKey) + Arrays.hashCode(identitySig)) + streamMuxers.hashCode();
    }

    @Override
    public String toString() {
        return "NoiseHandshakePayload[identityKey=" + HexFormat.of().formatHex(identityKey) + ", identitySig="
                + identitySig.length + " bytes, streamMuxers=" + streamMuxers + "]";
    }
}
