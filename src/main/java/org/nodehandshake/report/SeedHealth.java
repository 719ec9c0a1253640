package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nodehandshake.protocol.PeerInfo;

/**
 * A seed's health in one run, computed from its results: a dashboard's view beside the raw results.
 *
 * @param verdict HEALTHY, DEGRADED or DOWN (no address, or no handshake concluded)
 * @param successRate SUCCESS results / addresses (0 when there are none)
 * @param tallies per tally its protocols declare (e.g. {@code userAgents}, {@code services}): value ->
 *     nodes counted under it, over peers whose hello arrived; each a key of {@code health} in the JSON
 * @param heights heights claimed; behind is judged against the best height seen in the run on the same network
 * @param latencyMillis percentiles of handshakeMillis over SUCCESS results
 * @param duplicates this seed's addresses that other seeds in the run also returned
 */
public record SeedHealth(
        String verdict,
        int addressCount,
        int ipv4,
        int ipv6,
        double successRate,
        @JsonIgnore Map<String, Map<String, Integer>> tallies,
        Heights heights,
        Latency latencyMillis,
        List<String> duplicates) {

    public static final String HEALTHY = "HEALTHY";
    public static final String DEGRADED = "DEGRADED";
    public static final String DOWN = "DOWN";

    public SeedHealth {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        tallies.forEach((name, counts) -> copy.put(name, Map.copyOf(counts)));
        tallies = Collections.unmodifiableMap(copy);
        duplicates = List.copyOf(duplicates);
    }

    /** Null figures mean "no node told us". */
    public record Heights(Long max, Long median, int behind, int behindThreshold) {
    }

    public record Latency(Long p50, Long p95) {
    }

    /** The tallies as keys of {@code health} in the JSON, sorted by value as before. */
    @JsonAnyGetter
    public Map<String, Map<String, Integer>> tallyFields() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        tallies.forEach((name, counts) -> out.put(name, new TreeMap<>(counts)));
        return out;
    }

    /** One tally (value -> nodes); empty when no node counted under it. */
    public Map<String, Integer> tally(String name) {
        return tallies.getOrDefault(name, Map.of());
    }

    static SeedHealth of(SeedReport seed, long bestHeightInRun, Collection<String> duplicates, HealthThresholds t,
                         List<String> tallyNames) {
        int addresses = seed.addresses().size();
        int ipv4 = (int) seed.addresses().stream().filter(a -> a.indexOf(':') < 0).count();
        int success = seed.summary().success();
        double rate = addresses == 0 ? 0 : Math.round(1000.0 * success / addresses) / 1000.0;
        Map<String, Map<String, Integer>> tallies = new LinkedHashMap<>();
        tallyNames.forEach(name -> tallies.put(name, new TreeMap<>()));
        List<Long> heights = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        for (ResultReport r : seed.results()) {
            if (r.peerInfo().isPresent()) {
                PeerInfo peer = r.peerInfo().get();
                peer.tallies().forEach((name, values) -> values.forEach(value ->
                        tallies.computeIfAbsent(name, n -> new TreeMap<>()).merge(value, 1, Integer::sum)));
                peer.height().ifPresent(heights::add);
            }
            if (r.handshakeMillis() != null) {
                latencies.add(r.handshakeMillis());
            }
        }
        heights.sort(null);
        latencies.sort(null);
        int behind = (int) heights.stream().filter(h -> bestHeightInRun - h > t.behindBlocks()).count();
        String verdict;
        if (addresses == 0 || success == 0) {
            verdict = DOWN;
        } else if (rate >= t.healthySuccessRate() && addresses >= t.healthyMinAddresses()) {
            verdict = HEALTHY;
        } else {
            verdict = DEGRADED;
        }
        return new SeedHealth(verdict, addresses, ipv4, addresses - ipv4, rate, tallies,
                new Heights(heights.isEmpty() ? null : heights.get(heights.size() - 1), median(heights), behind,
                        t.behindBlocks()),
                new Latency(percentile(latencies, 50), percentile(latencies, 95)),
                List.copyOf(duplicates));
    }

    /** The lower median of sorted values; null when empty. */
    static Long median(List<Long> sorted) {
        return sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
    }

    /** Nearest-rank percentile of sorted values; null when empty. */
    static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
