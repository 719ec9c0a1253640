package org.nodehandshake.bitcoin;

/** A payload that does not parse as the message its command names. The message says what rule it broke. */
public final class MalformedMessageException extends Exception {

    public MalformedMessageException(String message) {
        super(message);
    }
}
