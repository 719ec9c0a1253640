package org.nodehandshake.protocol;

/**
 * How far a handshake got, in words every protocol maps onto. Stages only move forward; a result
 * reports the furthest one reached.
 */
public enum Stage {
    /** Never contacted (e.g. a non-routable address from DNS). */
    NONE("none"),
    /** A TCP connection was being opened. */
    CONNECT("connect"),
    /** The TCP connection exists (connected, or accepted); nothing of ours is on the wire yet. */
    CONNECTED("connected"),
    /** Our first handshake message was written. */
    SENT("sent"),
    /** The peer's own hello (version, handshake request or response, ...) arrived and was accepted. */
    PEER_HELLO("peer-hello"),
    /** The handshake concluded (SUCCESS). */
    CONCLUDED("concluded");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The report's word for this stage. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
