package org.nodehandshake.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A seed's health in one run, computed from its results: a dashboard's view beside the raw results.
 *
 * @param verdict HEALTHY, DEGRADED or DOWN (no address, or no handshake concluded)
 * @param successRate SUCCESS results / addresses (0 when there are none)
 * @param userAgents user agent -> nodes, over peers whose version arrived
 * @param protocolVersions protocol version -> nodes
 * @param services service flag name -> nodes advertising it
 * @param topVersions Monero: the major version of the node's top block (its hard fork) -> nodes; a node
 *     on an older one than the rest has not followed the network's upgrade
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
        Map<String, Integer> userAgents,
        Map<String, Integer> protocolVersions,
        Map<String, Integer> services,
        Map<String, Integer> topVersions,
        Heights heights,
        Latency latencyMillis,
        List<String> duplicates) {

    public static final String HEALTHY = "HEALTHY";
    public static final String DEGRADED = "DEGRADED";
    public static final String DOWN = "DOWN";

    /** Null figures mean "no node told us". */
    public record Heights(Long max, Long median, int behind, int behindThreshold) {
    }

    public record Latency(Long p50, Long p95) {
    }

    static SeedHealth of(SeedReport seed, long bestHeightInRun, Collection<String> duplicates, HealthThresholds t) {
        int addresses = seed.addresses().size();
        int ipv4 = (int) seed.addresses().stream().filter(a -> a.indexOf(':') < 0).count();
        int success = seed.summary().success();
        double rate = addresses == 0 ? 0 : Math.round(1000.0 * success / addresses) / 1000.0;
        Map<String, Integer> agents = new TreeMap<>();
        Map<String, Integer> versions = new TreeMap<>();
        Map<String, Integer> services = new TreeMap<>();
        Map<String, Integer> topVersions = new TreeMap<>();
        List<Long> heights = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        for (ResultReport r : seed.results()) {
            if (r.peer() instanceof PeerReport.Bitcoin peer) {
                agents.merge(peer.userAgent(), 1, Integer::sum);
                versions.merge(Integer.toString(peer.protocolVersion()), 1, Integer::sum);
                peer.serviceNames().forEach(name -> services.merge(name, 1, Integer::sum));
            }
            if (r.peer() instanceof PeerReport.Monero peer) {
                topVersions.merge(Integer.toString(peer.topVersion()), 1, Integer::sum);
            }
            if (r.peer() != null) {
                heights.add(r.peer().height());
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
        return new SeedHealth(verdict, addresses, ipv4, addresses - ipv4, rate, agents, versions, services, topVersions,
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
