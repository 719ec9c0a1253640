package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Optional;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.protocol.ReasonCode;

/**
 * One address's result as the report shows it. Nulls mean "not reached", as the schema documents.
 *
 * @param reason null on success
 * @param reasonCode null on success; otherwise one code of the {@link ReasonCode} vocabulary
 * @param stage the furthest stage reached ({@code none}, {@code connect}, ..., {@code concluded})
 * @param connectMillis null when no TCP connection was made
 * @param handshakeMillis TCP connected to handshake concluded; null unless SUCCESS
 * @param peer null before the peer's hello was accepted; otherwise in its protocol's shape
 * @param peerInfo what the peer told us, for the health figures; not part of the JSON
 */
public record ResultReport(
        String address,
        int port,
        String outcome,
        String reason,
        String reasonCode,
        String stage,
        Long connectMillis,
        Long handshakeMillis,
        Object peer,
        @JsonIgnore Optional<PeerInfo> peerInfo) {

    public static ResultReport of(HandshakeResult result) {
        return new ResultReport(
                result.target().address().getHostAddress(),
                result.target().port(),
                result.outcome().label(),
                result.outcome().reason().orElse(null),
                result.outcome().reasonCode().map(ReasonCode::code).orElse(null),
                result.stage().label(),
                result.connectMillis().isPresent() ? result.connectMillis().getAsLong() : null,
                result.handshakeMillis().isPresent() ? result.handshakeMillis().getAsLong() : null,
                result.peer().map(p -> p.report(result.messages())).orElse(null),
                result.peer());
    }
}
