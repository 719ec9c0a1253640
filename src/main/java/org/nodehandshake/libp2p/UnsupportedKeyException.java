package org.nodehandshake.libp2p;

/**
 * A well-formed key we cannot use: a key type the spec does not define, or an ECDSA curve the JDK does not
 * offer. A subclass of {@link MalformedMessageException} so that readers declare one exception, and apart
 * from it so a handshake can report "unsupported key" rather than "malformed".
 */
public final class UnsupportedKeyException extends MalformedMessageException {

    private static final long serialVersionUID = 1L;

    private final long keyType;

    public UnsupportedKeyException(long keyType, String message) {
        super(message);
        this.keyType = keyType;
    }

    /** The key protobuf's Type field as the peer sent it. */
    public long keyType() {
        return keyType;
    }
}
