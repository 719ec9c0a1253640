package org.nodehandshake.libp2p;

/**
 * libp2p input (a varint, a protobuf, a multiaddr, a key) that breaks its encoding rules or one of our limits.
 * Not final: {@link UnsupportedKeyException} is the one refusal a handshake reports apart.
 */
public class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
