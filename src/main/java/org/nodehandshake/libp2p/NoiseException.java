package org.nodehandshake.libp2p;

/** A Noise handshake or transport message we refuse; {@link #reason()} says which rule it broke. */
public final class NoiseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for a handshake to map to its report without reading the message. */
    public enum Reason {
        /** The ChaCha20-Poly1305 tag did not verify: another key, or bytes changed on the way. */
        DECRYPT_FAILED,
        /** The peer's ephemeral key gives an all-zero DH output (a low-order point). */
        INVALID_EPHEMERAL_KEY,
        /** The peer's static key gives an all-zero DH output (a low-order point). */
        INVALID_STATIC_KEY,
        /** A message of the wrong size for its place in the pattern, or over 65535 bytes. */
        MALFORMED_MESSAGE,
        /** The 2^64-1 messages a cipher state may carry have been used. */
        NONCE_EXHAUSTED
    }

    private final Reason reason;

    public NoiseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
