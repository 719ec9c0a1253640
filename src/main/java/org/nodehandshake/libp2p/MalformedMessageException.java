package org.nodehandshake.libp2p;

/** libp2p input (a varint, a protobuf, a multiaddr, a key) that breaks its encoding rules or one of our limits. */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
