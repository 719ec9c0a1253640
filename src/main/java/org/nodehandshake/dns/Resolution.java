package org.nodehandshake.dns;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param discovery what a discovery that reads signed node lists found on the way, for the seed's report
 *     (the list's sequence number, records fetched, nodes found, invalid ones by reason, ...): names and
 *     values as the discovery chose them (numbers, text, maps of them), in its order; empty for address
 *     records
 */
public record Resolution(Seed seed, List<HandshakeTarget> targets, Optional<String> error, int dropped,
                         Map<String, Object> discovery) {

    public Resolution {
        Objects.requireNonNull(seed, "seed");
        targets = List.copyOf(targets);
        Objects.requireNonNull(error, "error");
        discovery = Collections.unmodifiableMap(new LinkedHashMap<>(discovery));
    }

    /** A resolution with nothing to say about how it was found (address records). */
    public Resolution(Seed seed, List<HandshakeTarget> targets, Optional<String> error, int dropped) {
        this(seed, targets, error, dropped, Map.of());
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
