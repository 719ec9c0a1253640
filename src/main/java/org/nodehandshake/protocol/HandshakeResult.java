package org.nodehandshake.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of one handshake attempt.
 *
 * @param target what was contacted
 * @param outcome how it ended
 * @param connectMillis start to TCP connected; empty when no connection was made
 * @param handshakeMillis TCP connected to handshake concluded; empty unless it concluded
 * @param peer what the peer told us about itself; empty when nothing valid arrived
 * @param messages the commands received, in order (frames that passed validation)
 */
public record HandshakeResult(
        HandshakeTarget target,
        Outcome outcome,
        OptionalLong connectMillis,
        OptionalLong handshakeMillis,
        Optional<PeerInfo> peer,
        List<String> messages) {

    public HandshakeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        messages = List.copyOf(messages);
    }

    /** A result for a target that was never contacted. */
    public static HandshakeResult notContacted(HandshakeTarget target, String reason) {
        return new HandshakeResult(target, new Outcome.Failed(reason), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), List.of());
    }
}
