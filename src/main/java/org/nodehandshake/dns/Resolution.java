package org.nodehandshake.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nodehandshake.protocol.HandshakeTarget;

/**
 * What a seed resolved to.
 *
 * @param seed what was asked
 * @param targets one per distinct address, in answer order, with the contact decision made
 * @param error why nothing (or not everything) was resolved; empty when all went well
 * @param dropped distinct addresses beyond the per-seed cap, not taken
 */
public record Resolution(Seed seed, List<HandshakeTarget> targets, Optional<String> error, int dropped) {

    public Resolution {
        Objects.requireNonNull(seed, "seed");
        targets = List.copyOf(targets);
        Objects.requireNonNull(error, "error");
    }

    public static Resolution failed(Seed seed, String error) {
        return new Resolution(seed, List.of(), Optional.of(error), 0);
    }

    /** True when at least one address came back; a partial answer (A but no AAAA) counts. */
    public boolean resolved() {
        return !targets.isEmpty();
    }

    public List<InetAddress> addresses() {
        return targets.stream().map(HandshakeTarget::address).toList();
    }
}
