package org.nodehandshake.protocol;

/**
 * Why a handshake did not succeed, as a stable code for dashboards and tests: one vocabulary for every
 * protocol (the free-text reason beside it says the details). Documented in the README and the schema.
 */
public enum ReasonCode {
    /** The address was not contacted: not globally routable, from a DNS answer. */
    NON_ROUTABLE("non-routable"),
    /** The peer's host refused the TCP connection. */
    CONNECT_REFUSED("connect-refused"),
    /** No TCP connection within the deadline. */
    CONNECT_TIMEOUT("connect-timeout"),
    /** No route to the peer's host. */
    CONNECT_UNREACHABLE("connect-unreachable"),
    /** The TCP connection could not be opened for another reason. */
    CONNECT_FAILED("connect-failed"),
    /** Connected, but the handshake did not conclude within the deadline. */
    TIMEOUT("timeout"),
    /** The peer closed the connection before the handshake concluded. */
    CLOSED_BY_PEER("closed-by-peer"),
    /** The peer reset the connection before the handshake concluded. */
    RESET_BY_PEER("reset-by-peer"),
    /** Another I/O error on the connection (a write that failed, ...). */
    IO_ERROR("io-error"),
    /** The peer is on another network (its network identifier or chain differs) or speaks another protocol. */
    WRONG_NETWORK("wrong-network"),
    /** A frame's checksum or message authentication code did not match (corrupted, forged, or another key's). */
    BAD_CHECKSUM("bad-checksum"),
    /** A frame declared a body over the limit that applies in its phase. */
    OVERSIZED_FRAME("oversized-frame"),
    /** A frame header broke the framing rules (signature, command name, flags, version of the framing). */
    MALFORMED_FRAME("malformed-frame"),
    /** A well-framed message whose content could not be read. */
    MALFORMED_MESSAGE("malformed-message"),
    /** More frames before conclusion than a handshake needs. */
    TOO_MANY_FRAMES("too-many-frames"),
    /** More bytes before conclusion than a handshake needs, however framed. */
    TOO_MANY_BYTES("too-many-bytes"),
    /** The peer speaks a protocol version older than the oldest we accept. */
    OBSOLETE_VERSION("obsolete-version"),
    /** We reached ourselves: the peer echoed our own nonce or peer id. */
    SELF_CONNECTION("self-connection"),
    /** The peer answered, and its answer was no. */
    REFUSED_BY_PEER("refused-by-peer"),
    /** The peer answered that it has no room for another peer now (it may accept later). */
    TOO_MANY_PEERS("too-many-peers"),
    /** The target names no identity, or an unreadable one, and the protocol cannot contact a peer without it. */
    MISSING_IDENTITY("missing-identity"),
    /** The peer proved an identity other than the one the target names (it is another node). */
    PEER_ID_MISMATCH("peer-id-mismatch"),
    /** The peer's identity key did not sign what the handshake requires it to sign. */
    BAD_SIGNATURE("bad-signature"),
    /** The peer closed or reset the connection before any byte of its reply to our opening in a newer transport: it speaks only an older one. */
    V2_REFUSED("v2-refused"),
    /** A valid message at the wrong time (out of order, repeated, unasked for). */
    PROTOCOL_VIOLATION("protocol-violation"),
    /** A fault of ours, still reported as an outcome. */
    INTERNAL_ERROR("internal-error");

    private final String code;

    ReasonCode(String code) {
        this.code = code;
    }

    /** The report's code, e.g. {@code connect-refused}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
