package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param duplicates this seed's addresses that other seeds (other names) in the run also returned
 * @param filter for a seed asked with a service filter: how many SUCCESS nodes lacked a service it asked for
 * @param quality how many SUCCESS nodes passed all of their protocol's quality checks; absent when the
 *     protocol names none
 * @param diversity the seed's addresses by network group; absent when it handed out none
 * @param concerns what made an otherwise HEALTHY seed DEGRADED: {@code behind}, {@code filterMismatch},
 *     {@code groupShare} (each a share above its {@code handshake.health.max-*-share}), and the name of
 *     any quality check a node failed by not doing what it advertises ({@link PeerInfo#brokenPromises})
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
        List<String> duplicates,
        @JsonInclude(JsonInclude.Include.NON_NULL) FilterCheck filter,
        @JsonInclude(JsonInclude.Include.NON_NULL) QualityCounts quality,
        @JsonInclude(JsonInclude.Include.NON_NULL) Diversity diversity,
        List<String> concerns) {

    public static final String HEALTHY = "HEALTHY";
    public static final String DEGRADED = "DEGRADED";
    public static final String DOWN = "DOWN";

    public SeedHealth {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        tallies.forEach((name, counts) -> copy.put(name, Map.copyOf(counts)));
        tallies = Collections.unmodifiableMap(copy);
        duplicates = List.copyOf(duplicates);
        concerns = List.copyOf(concerns);
    }

    public static final String BEHIND = "behind";
    public static final String FILTER_MISMATCH = "filterMismatch";
    public static final String GROUP_SHARE = "groupShare";

    /**
     * @param label the filter asked ({@code x9})
     * @param checked SUCCESS nodes checked against it
     * @param mismatched of those, nodes lacking a service it asks for
     * @param share mismatched / checked (0 when none was checked)
     * @param missing per missing service, the nodes lacking it
     */
    public record FilterCheck(String label, int checked, int mismatched, double share, double maxShare,
                              Map<String, Integer> missing) {
        public FilterCheck {
            missing = Collections.unmodifiableMap(new TreeMap<>(missing));
        }
    }

    /**
     * @param checked SUCCESS nodes whose protocol's quality checks ran
     * @param good of those, nodes that passed every check
     * @param failed per check, the nodes that failed it
     */
    public record QualityCounts(int checked, int good, Map<String, Integer> failed) {
        public QualityCounts {
            failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        }
    }

    /**
     * @param grouping how the addresses were grouped: {@code asmap} (by ASN, with {@code handshake.asmap};
     *     an address the asmap does not map keeps its prefix group) or {@code prefix}
     * @param groups distinct network groups among the seed's addresses
     * @param largestGroup the group holding the most addresses (the first seen among equals)
     * @param largestGroupShare its addresses / the seed's addresses
     * @param flagged whether that share is above {@code maxGroupShare} (with at least two addresses)
     * @param counts addresses per group, largest first
     */
    public record Diversity(String grouping, int groups, String largestGroup, double largestGroupShare, double maxGroupShare,
                            boolean flagged, Map<String, Integer> counts) {
        public Diversity {
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }
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
        return of(seed, bestHeightInRun, duplicates, t, tallyNames, AddressGroups.PREFIX);
    }

    static SeedHealth of(SeedReport seed, long bestHeightInRun, Collection<String> duplicates, HealthThresholds t,
                         List<String> tallyNames, AddressGroups groups) {
        int addresses = seed.addresses().size();
        int ipv4 = (int) seed.addresses().stream().filter(a -> a.indexOf(':') < 0).count();
        int success = seed.summary().success();
        double rate = addresses == 0 ? 0 : Math.round(1000.0 * success / addresses) / 1000.0;
        Map<String, Map<String, Integer>> tallies = new LinkedHashMap<>();
        tallyNames.forEach(name -> tallies.put(name, new TreeMap<>()));
        List<Long> heights = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        java.util.Set<String> brokenPromises = new java.util.LinkedHashSet<>();
        for (ResultReport r : seed.results()) {
            if (r.peerInfo().isPresent()) {
                PeerInfo peer = r.peerInfo().get();
                if ("SUCCESS".equals(r.outcome())) {
                    brokenPromises.addAll(peer.brokenPromises());
                }
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
        FilterCheck filter = seed.serviceFilter() == null ? null : filterCheck(seed, t);
        QualityCounts quality = qualityCounts(seed);
        Diversity diversity = diversity(seed.addresses(), t, groups);
        List<String> concerns = new ArrayList<>();
        if (!heights.isEmpty() && share(behind, heights.size()) > t.maxBehindShare()) {
            concerns.add(BEHIND);
        }
        if (filter != null && filter.share() > t.maxFilterMismatchShare()) {
            concerns.add(FILTER_MISMATCH);
        }
        if (diversity != null && diversity.flagged()) {
            concerns.add(GROUP_SHARE);
        }
        concerns.addAll(brokenPromises);
        String verdict;
        if (addresses == 0 || success == 0) {
            verdict = DOWN;
        } else if (rate >= t.healthySuccessRate() && addresses >= t.healthyMinAddresses() && concerns.isEmpty()) {
            verdict = HEALTHY;
        } else {
            verdict = DEGRADED;
        }
        return new SeedHealth(verdict, addresses, ipv4, addresses - ipv4, rate, tallies,
                new Heights(heights.isEmpty() ? null : heights.get(heights.size() - 1), median(heights), behind,
                        t.behindBlocks()),
                new Latency(percentile(latencies, 50), percentile(latencies, 95)),
                List.copyOf(duplicates), filter, quality, diversity, concerns);
    }

    /** A share rounded to three decimals; 0 of nothing is 0. */
    static double share(int part, int whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 1000.0;
    }

    private static FilterCheck filterCheck(SeedReport seed, HealthThresholds t) {
        int checked = 0;
        int mismatched = 0;
        Map<String, Integer> missing = new TreeMap<>();
        for (ResultReport r : seed.results()) {
            if ("SUCCESS".equals(r.outcome()) && r.peerInfo().isPresent()) {
                checked++;
                if (!r.filterMismatch().isEmpty()) {
                    mismatched++;
                    r.filterMismatch().forEach(name -> missing.merge(name, 1, Integer::sum));
                }
            }
        }
        return new FilterCheck(seed.serviceFilter(), checked, mismatched, share(mismatched, checked),
                t.maxFilterMismatchShare(), missing);
    }

    private static QualityCounts qualityCounts(SeedReport seed) {
        int checked = 0;
        int good = 0;
        Map<String, Integer> failed = new LinkedHashMap<>();
        for (ResultReport r : seed.results()) {
            if (r.quality().isEmpty()) {
                continue;
            }
            checked++;
            if (Boolean.TRUE.equals(r.quality().get(ResultReport.GOOD))) {
                good++;
            }
            r.quality().forEach((check, passed) -> {
                if (!check.equals(ResultReport.GOOD)) {
                    failed.merge(check, passed ? 0 : 1, Integer::sum);
                }
            });
        }
        return checked == 0 ? null : new QualityCounts(checked, good, failed);
    }

    static Diversity diversity(List<String> addresses, HealthThresholds t, AddressGroups groups) {
        Map<String, Integer> counts = groups.countOf(addresses);
        if (counts.isEmpty()) {
            return null;
        }
        Map.Entry<String, Integer> largest = counts.entrySet().iterator().next();
        int grouped = counts.values().stream().mapToInt(Integer::intValue).sum();
        double share = share(largest.getValue(), grouped);
        return new Diversity(groups.grouping(), counts.size(), largest.getKey(), share, t.maxGroupShare(),
                grouped >= 2 && share > t.maxGroupShare(), counts);
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
