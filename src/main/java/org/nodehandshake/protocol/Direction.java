package org.nodehandshake.protocol;

/** Who opened the connection: we did (initiator) or the peer did (we respond). */
public enum Direction {
    OUTBOUND,
    INBOUND
}
