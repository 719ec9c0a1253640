package org.nodehandshake.cli;

/** The command line cannot be understood; the message says which part and why. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
