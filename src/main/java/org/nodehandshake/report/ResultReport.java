package org.nodehandshake.report;

import org.nodehandshake.protocol.HandshakeResult;

/**
 * One address's result as the report shows it. Nulls mean "not reached", as the schema documents.
 *
 * @param reason null on success
 * @param connectMillis null when no TCP connection was made
 * @param handshakeMillis TCP connected to handshake concluded; null unless SUCCESS
 * @param peer null before the peer's version was accepted
 */
public record ResultReport(
        String address,
        int port,
        String outcome,
        String reason,
        Long connectMillis,
        Long handshakeMillis,
        PeerReport peer) {

    public static ResultReport of(HandshakeResult result) {
        return new ResultReport(
                result.target().address().getHostAddress(),
                result.target().port(),
                result.outcome().label(),
                result.outcome().reason().orElse(null),
                result.connectMillis().isPresent() ? result.connectMillis().getAsLong() : null,
                result.handshakeMillis().isPresent() ? result.handshakeMillis().getAsLong() : null,
                result.peer().map(p -> PeerReport.of(p, result.messages())).orElse(null));
    }
}
