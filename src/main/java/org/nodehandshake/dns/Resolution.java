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
 * @param dns how DNS answered the seed's questions, by record type ({@code A}, {@code AAAA}, {@code TXT}, in
 *     that order; a type not asked is absent): filled in by {@link SeedResolver#resolve}, empty when no
 *     question was asked (IP literals, {@code localhost}, a name that is not valid)
 */
public record Resolution(Seed seed, List<HandshakeTarget> targets, Optional<String> error, int dropped,
                         Map<String, Object> discovery, Map<String, DnsQuality> dns) {

    public Resolution {
        Objects.requireNonNull(seed, "seed");
        targets = List.copyOf(targets);
        Objects.requireNonNull(error, "error");
        discovery = Collections.unmodifiableMap(new LinkedHashMap<>(discovery));
        dns = Collections.unmodifiableMap(new LinkedHashMap<>(dns));
    }

    /** A resolution as a discovery makes it; {@link SeedResolver#resolve} adds the DNS figures. */
    public Resolution(Seed seed, List<HandshakeTarget> targets, Optional<String> error, int dropped,
                      Map<String, Object> discovery) {
        this(seed, targets, error, dropped, discovery, Map.of());
    }

    /** A resolution with nothing to say about how it was found (address records). */
    public Resolution(Seed seed, List<HandshakeTarget> targets, Optional<String> error, int dropped) {
        this(seed, targets, error, dropped, Map.of());
    }

    /** The same resolution with each target carrying its seed entry's settings (the handshake is chosen by them). */
    public Resolution withSeedSettings() {
        if (seed.settings().isEmpty()) {
            return this;
        }
        return new Resolution(seed, targets.stream().map(t -> t.withSettings(seed.settings())).toList(), error,
                dropped, discovery, dns);
    }

    public static Resolution failed(Seed seed, String error) {
        return new Resolution(seed, List.of(), Optional.of(error), 0);
    }

    /** The same resolution with these DNS figures. */
    public Resolution withDns(Map<String, DnsQuality> figures) {
        return new Resolution(seed, targets, error, dropped, discovery, figures);
    }

    /**
     * True when the seed gave IPv4 addresses and its AAAA question was answered NOERROR with none; false
     * when AAAA records came back; empty when A and AAAA were not both asked, A gave nothing, or the AAAA
     * question failed (its response code says how).
     */
    public Optional<Boolean> ipv4Only() {
        DnsQuality a = dns.get("A");
        DnsQuality aaaa = dns.get("AAAA");
        if (a == null || aaaa == null) {
            return Optional.empty();
        }
        if (aaaa.records() > 0) {
            return Optional.of(false);
        }
        return a.records() > 0 && aaaa.allNoError() ? Optional.of(true) : Optional.empty();
    }

    /** True when at least one address came back; a partial answer (A but no AAAA) counts. */
    public boolean resolved() {
        return !targets.isEmpty();
    }

    public List<InetAddress> addresses() {
        return targets.stream().map(HandshakeTarget::address).toList();
    }
}
