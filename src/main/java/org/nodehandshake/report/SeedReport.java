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
 * @param seed the seed's name, then its entry's own settings as {@code ;key=value} ({@code Seed.label})
 * @param error null when the seed resolved
 * @param addressesDropped distinct addresses beyond the per-seed cap, not contacted and not listed
 * @param serviceFilter the label asked in front of the name (x9.&lt;seed&gt;), absent when the bare name was asked
 * @param health the seed's health in the run, filled in when the run is assembled
 * @param discovery what the seed's discovery found on the way (a signed node list's sequence number,
 *     records fetched, nodes found, invalid ones by reason); absent for address records
 * @param dns how DNS answered the seed's questions, by record type (A, AAAA, TXT); absent when no question
 *     was asked (IP literals, localhost)
 * @param ipv4Only true when the seed gave IPv4 addresses and answered AAAA with none (NOERROR), false when it
 *     gave AAAA records; absent otherwise (no address questions, or the AAAA question failed: see dns.AAAA)
 * @param trend the seed's verdicts and success rate over the last day and week from the run history, this run
 *     included; absent without a history
 * @param vantage in a run distributed over several vantage points: the one that saw this; absent otherwise
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
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, DnsReport> dns,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean ipv4Only,
        @JsonInclude(JsonInclude.Include.NON_NULL) SeedTrend trend,
        @JsonInclude(JsonInclude.Include.NON_NULL) String vantage) {

    public SeedReport {
        addresses = List.copyOf(addresses);
        results = List.copyOf(results);
        discovery = discovery == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(discovery));
        dns = dns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dns));
    }

    /** A seed without DNS figures or history. */
    public SeedReport(String seed, String network, int port, List<String> addresses, String error, Summary summary,
                      List<ResultReport> results, int addressesDropped, String serviceFilter, SeedHealth health,
                      Map<String, Object> discovery) {
        this(seed, network, port, addresses, error, summary, results, addressesDropped, serviceFilter, health,
                discovery, Map.of(), null, null, null);
    }

    /** A seed whose discovery had nothing to add (address records). */
    public SeedReport(String seed, String network, int port, List<String> addresses, String error, Summary summary,
                      List<ResultReport> results, int addressesDropped, String serviceFilter, SeedHealth health) {
        this(seed, network, port, addresses, error, summary, results, addressesDropped, serviceFilter, health, Map.of());
    }

    /** The seed's results in the order its addresses were resolved, nothing judged. */
    public static SeedReport of(Resolution resolution, List<HandshakeResult> results) {
        return of(resolution, results, PeerJudge.NONE);
    }

    /**
     * The seed's results in the order its addresses were resolved, each SUCCESS judged by {@code judge}
     * (what it lacks of the seed's filter, the protocol's quality checks).
     */
    public static SeedReport of(Resolution resolution, List<HandshakeResult> results, PeerJudge judge) {
        List<InetAddress> order = resolution.addresses();
        Map<InetAddress, Integer> rank = order.stream()
                .collect(Collectors.toMap(Function.identity(), order::indexOf));
        List<ResultReport> sorted = results.stream()
                .sorted(Comparator.comparing(r -> rank.getOrDefault(r.target().address(), Integer.MAX_VALUE)))
                .map(r -> ResultReport.of(r, resolution.seed(), judge))
                .toList();
        return new SeedReport(resolution.seed().label(), resolution.seed().network().id(), resolution.seed().port(),
                order.stream().map(InetAddress::getHostAddress).toList(),
                resolution.error().orElse(null), Summary.of(sorted), sorted, resolution.dropped(),
                resolution.seed().serviceFilter().orElse(null), null, resolution.discovery(), dnsReport(resolution),
                resolution.ipv4Only().orElse(null), null, null);
    }

    private static Map<String, DnsReport> dnsReport(Resolution resolution) {
        Map<String, DnsReport> out = new LinkedHashMap<>();
        resolution.dns().forEach((type, quality) -> out.put(type, DnsReport.of(quality)));
        return out;
    }

    /** The same seed with its health filled in. */
    public SeedReport withHealth(SeedHealth computed) {
        return new SeedReport(seed, network, port, addresses, error, summary, results, addressesDropped,
                serviceFilter, computed, discovery, dns, ipv4Only, trend, vantage);
    }

    /** The same seed with its results replaced (the same addresses, judged further). */
    SeedReport withResults(List<ResultReport> judged) {
        return new SeedReport(seed, network, port, addresses, error, summary, judged, addressesDropped,
                serviceFilter, health, discovery, dns, ipv4Only, trend, vantage);
    }

    /** The same seed with its results (their uptime) and its trend from the history. */
    public SeedReport withHistory(List<ResultReport> withUptime, SeedTrend computed) {
        return new SeedReport(seed, network, port, addresses, error, summary, withUptime, addressesDropped,
                serviceFilter, health, discovery, dns, ipv4Only, computed, vantage);
    }

    public static SeedReport unresolved(Resolution resolution) {
        return of(resolution, List.of());
    }
}
