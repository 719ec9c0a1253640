package org.nodehandshake.cli;

/**
 * Camel could not be configured or started: the exit status, the line that says why, and whether the
 * command line is at fault (then the usage follows the line).
 */
final class StartFailure extends Exception {

    private final int status;
    private final boolean usage;

    StartFailure(int status, String message, boolean usage) {
        super(message);
        this.status = status;
        this.usage = usage;
    }

    int status() {
        return status;
    }

    boolean usage() {
        return usage;
    }
}
