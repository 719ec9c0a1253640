package org.nodehandshake.ethereum;

import java.util.Objects;

/** A node record (EIP-778) refused, with a short reason word that reports count records under. */
public final class InvalidEnrException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Not base64url, not RLP, not [signature, seq, k, v, ...]. */
    public static final String MALFORMED = "malformed";
    /** More than {@link Enr#MAX_SIZE} bytes encoded. */
    public static final String TOO_LARGE = "too-large";
    public static final String UNSORTED_KEYS = "unsorted-keys";
    public static final String DUPLICATE_KEY = "duplicate-key";
    /** No {@code id}, or an identity scheme other than {@code v4}. */
    public static final String UNKNOWN_SCHEME = "unknown-scheme";
    /** No {@code secp256k1} entry, or not a compressed point on the curve. */
    public static final String BAD_KEY = "bad-key";
    public static final String BAD_SIGNATURE = "bad-signature";
    /** A known entry ({@code ip}, {@code tcp}, ...) that is not what EIP-778 says it is. */
    public static final String BAD_FIELD = "bad-field";

    private final String reason;

    public InvalidEnrException(String reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String reason() {
        return reason;
    }
}
