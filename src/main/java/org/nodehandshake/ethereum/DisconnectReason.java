package org.nodehandshake.ethereum;

import java.util.List;
import java.util.OptionalLong;
import org.nodehandshake.protocol.ReasonCode;

/**
 * devp2p's Disconnect reasons (rlpx.md, "Disconnect (0x01)") and the reason code each maps to:
 * <pre>
 *   0x04 too many peers           -> too-many-peers
 *   0x0a connected to self        -> self-connection
 *   0x02 breach of protocol       -> protocol-violation (the peer says we broke it)
 *   0x06 incompatible p2p version -> obsolete-version
 *   every other reason            -> refused-by-peer (the reason's name and number in the text)
 * </pre>
 * Data is {@code rlp([reason])}, or the bare integer some clients send (ethereumjs, even compressed);
 * both are read, and an empty list is a Disconnect without a reason.
 */
public enum DisconnectReason {
    REQUESTED(0x00, "disconnect requested"),
    TCP_ERROR(0x01, "TCP sub-system error"),
    BREACH_OF_PROTOCOL(0x02, "breach of protocol"),
    USELESS_PEER(0x03, "useless peer"),
    TOO_MANY_PEERS(0x04, "too many peers"),
    ALREADY_CONNECTED(0x05, "already connected"),
    INCOMPATIBLE_VERSION(0x06, "incompatible p2p protocol version"),
    NULL_IDENTITY(0x07, "null node identity"),
    CLIENT_QUITTING(0x08, "client quitting"),
    UNEXPECTED_IDENTITY(0x09, "unexpected identity in handshake"),
    SELF(0x0a, "connected to self"),
    PING_TIMEOUT(0x0b, "ping timeout"),
    SUBPROTOCOL(0x10, "subprotocol-specific reason");

    private final int code;
    private final String description;

    DisconnectReason(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    /** How a report names a reason number, known or not: "too many peers (0x04)". */
    public static String describe(long code) {
        for (DisconnectReason r : values()) {
            if (r.code == code) {
                return r.description + " (0x" + String.format("%02x", code) + ")";
            }
        }
        return "unknown reason (0x" + Long.toHexString(code) + ")";
    }

    /** The reason code a Disconnect with this devp2p reason ends a handshake with. */
    public static ReasonCode reasonCode(long code) {
        if (code == TOO_MANY_PEERS.code) {
            return ReasonCode.TOO_MANY_PEERS;
        } else if (code == SELF.code) {
            return ReasonCode.SELF_CONNECTION;
        } else if (code == BREACH_OF_PROTOCOL.code) {
            return ReasonCode.PROTOCOL_VIOLATION;
        } else if (code == INCOMPATIBLE_VERSION.code) {
            return ReasonCode.OBSOLETE_VERSION;
        }
        return ReasonCode.REFUSED_BY_PEER;
    }

    /** A Disconnect's data as we write it. */
    byte[] encode() {
        return Rlp.encode(Rlp.list(Rlp.number(code)));
    }

    /** The reason in a Disconnect's data: a list's first element or a bare integer; empty when none. */
    public static OptionalLong decode(byte[] data) throws MalformedRlpException {
        if (data.length == 0) {
            return OptionalLong.empty();
        }
        Rlp.Item item = Rlp.decode(data, 8);
        if (item instanceof Rlp.Items list) {
            List<Rlp.Item> items = list.items();
            return items.isEmpty() ? OptionalLong.empty() : OptionalLong.of(items.get(0).number("disconnect reason"));
        }
        return OptionalLong.of(item.number("disconnect reason"));
    }
}
