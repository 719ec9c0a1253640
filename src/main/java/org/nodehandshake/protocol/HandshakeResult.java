package org.nodehandshake.protocol;

import java.util.List;
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
 */
public record HandshakeResult(
        HandshakeTarget target,
        Outcome outcome,
        Stage stage,
        OptionalLong connectMillis,
        OptionalLong handshakeMillis,
        Optional<PeerInfo> peer,
        List<String> messages) {

    public HandshakeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(stage, "stage");
        messages = List.copyOf(messages);
    }

    /** A result for a target that was never contacted. */
    public static HandshakeResult notContacted(HandshakeTarget target, ReasonCode code, String reason) {
        return new HandshakeResult(target, new Outcome.Failed(code, reason), Stage.NONE, OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), List.of());
    }
}
