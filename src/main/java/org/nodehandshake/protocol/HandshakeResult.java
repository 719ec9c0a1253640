package org.nodehandshake.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of one handshake attempt.
 *
 * @param target what was contacted
 * @param outcome how it ended, with a reason code unless SUCCESS
 * @param stage the furthest stage reached
 * @param connectMillis start to TCP connected; empty when no connection was made
 * @param handshakeMillis TCP connected to handshake concluded; empty unless it concluded
 * @param peer what the peer told us about itself; empty when nothing valid arrived
 * @param messages the messages received, in order (frames that passed validation)
 * @param transport facts about the connection's transport, as the protocol recorded them (which one it
 *     spoke, whether another was refused first), in order; empty for protocols that record none
 */
public record HandshakeResult(
        HandshakeTarget target,
        Outcome outcome,
        Stage stage,
        OptionalLong connectMillis,
        OptionalLong handshakeMillis,
        Optional<PeerInfo> peer,
        List<String> messages,
        Map<String, Object> transport) {

    public HandshakeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(stage, "stage");
        messages = List.copyOf(messages);
        transport = Collections.unmodifiableMap(new LinkedHashMap<>(transport));
    }

    /** A result whose protocol recorded nothing about its transport. */
    public HandshakeResult(HandshakeTarget target, Outcome outcome, Stage stage, OptionalLong connectMillis,
                           OptionalLong handshakeMillis, Optional<PeerInfo> peer, List<String> messages) {
        this(target, outcome, stage, connectMillis, handshakeMillis, peer, messages, Map.of());
    }

    /** A result for a target that was never contacted. */
    public static HandshakeResult notContacted(HandshakeTarget target, ReasonCode code, String reason) {
        return new HandshakeResult(target, new Outcome.Failed(code, reason), Stage.NONE, OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), List.of());
    }
}
