package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.history.SeedTrend;
import org.nodehandshake.protocol.HandshakeResult;

/**
 * One seed in a run: what it resolved to and how every address fared. Every resolved address has
 * exactly one result.
 *
 * @param error null when the seed resolved
 * @param addressesDropped distinct addresses beyond the per-seed cap, not contacted and not listed
 * @param serviceFilter the label asked in front of the name (x9.&lt;seed&gt;), absent when the bare name was asked
 * @param health the seed's health in the run, filled in when the run is assembled
 * @param discovery what the seed's discovery found on the way (a signed node list's sequence number,
 *     records fetched, nodes found, invalid ones by reason); absent for address records
 * @param trend the seed's verdicts and success rate over the last day and week from the run history, this run
 *     included; absent without a history
 */
public record SeedReport(
        String seed,
        String network,
        int port,
        List<String> addresses,
        String error,
        Summary summary,
        List<ResultReport> results,
        int addressesDropped,
        @JsonInclude(JsonInclude.Include.NON_NULL) String serviceFilter,
        @JsonInclude(JsonInclude.Include.NON_NULL) SeedHealth health,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> discovery,
        @JsonInclude(JsonInclude.Include.NON_NULL) SeedTrend trend) {

    public SeedReport {
        addresses = List.copyOf(addresses);
        results = List.copyOf(results);
        discovery = discovery == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(discovery));
    }

    /** A seed without history. */
    public SeedReport(String seed, String network, int port, List<String> addresses, String error, Summary summary,
                      List<ResultReport> results, int addressesDropped, String serviceFilter, SeedHealth health,
                      Map<String, Object> discovery) {
        this(seed, network, port, addresses, error, summary, results, addressesDropped, serviceFilter, health, discovery,
                null);
    }

    /** A seed whose discovery had nothing to add (address records). */
    public SeedReport(String seed, String network, int port, List<String> addresses, String error, Summary summary,
                      List<ResultReport> results, int addressesDropped, String serviceFilter, SeedHealth health) {
        this(seed, network, port, addresses, error, summary, results, addressesDropped, serviceFilter, health, Map.of());
    }

    /** The seed's results in the order its addresses were resolved. */
    public static SeedReport of(Resolution resolution, List<HandshakeResult> results) {
        List<InetAddress> order = resolution.addresses();
        Map<InetAddress, Integer> rank = order.stream()
                .collect(Collectors.toMap(Function.identity(), order::indexOf));
        List<ResultReport> sorted = results.stream()
                .sorted(Comparator.comparing(r -> rank.getOrDefault(r.target().address(), Integer.MAX_VALUE)))
                .map(ResultReport::of)
                .toList();
        return new SeedReport(resolution.seed().name(), resolution.seed().network().id(), resolution.seed().port(),
                order.stream().map(InetAddress::getHostAddress).toList(),
                resolution.error().orElse(null), Summary.of(sorted), sorted, resolution.dropped(),
                resolution.seed().serviceFilter().orElse(null), null, resolution.discovery());
    }

    /** The same seed with its health filled in. */
    public SeedReport withHealth(SeedHealth computed) {
        return new SeedReport(seed, network, port, addresses, error, summary, results, addressesDropped,
                serviceFilter, computed, discovery, trend);
    }

    /** The same seed with its results (their uptime) and its trend from the history. */
    public SeedReport withHistory(List<ResultReport> withUptime, SeedTrend computed) {
        return new SeedReport(seed, network, port, addresses, error, summary, withUptime, addressesDropped,
                serviceFilter, health, discovery, computed);
    }

    public static SeedReport unresolved(Resolution resolution) {
        return of(resolution, List.of());
    }
}
