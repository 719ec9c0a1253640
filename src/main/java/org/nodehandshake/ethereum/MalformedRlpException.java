package org.nodehandshake.ethereum;

/** RLP input that breaks the encoding rules or one of the reader's limits. */
public final class MalformedRlpException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedRlpException(String message) {
        super(message);
    }
}
