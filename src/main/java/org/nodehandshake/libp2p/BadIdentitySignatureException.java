package org.nodehandshake.libp2p;

/**
 * A Noise handshake payload whose identity signature does not cover the static key the handshake carried:
 * the peer did not prove it holds the identity key it names (the spec: terminate the connection).
 */
public final class BadIdentitySignatureException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadIdentitySignatureException(String message) {
        super(message);
    }
}
