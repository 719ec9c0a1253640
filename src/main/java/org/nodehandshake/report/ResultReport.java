package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;
import org.nodehandshake.history.NodeUptime;
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
 * @param uptime the node's uptime from the run history, this run included; absent without a history (or
 *     for an address that was not contacted)
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
        @JsonIgnore Optional<PeerInfo> peerInfo,
        @JsonInclude(JsonInclude.Include.NON_NULL) NodeUptime uptime) {

    /** A result without history. */
    public ResultReport(String address, int port, String outcome, String reason, String reasonCode, String stage,
                        Long connectMillis, Long handshakeMillis, Object peer, Optional<PeerInfo> peerInfo) {
        this(address, port, outcome, reason, reasonCode, stage, connectMillis, handshakeMillis, peer, peerInfo, null);
    }

    /** The same result with the node's uptime. */
    public ResultReport withUptime(NodeUptime computed) {
        return new ResultReport(address, port, outcome, reason, reasonCode, stage, connectMillis, handshakeMillis, peer,
                peerInfo, computed);
    }

    /** True when the address was contacted (a non-routable one is listed, never contacted). */
    @JsonIgnore
    public boolean contacted() {
        return !"none".equals(stage);
    }

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
