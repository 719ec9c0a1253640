package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.nodehandshake.history.HistoryStatus;

/**
 * The report of one run, or the responder's running report: the JSON contract that dashboards and checks read
 * (schema: {@code schema/handshake-report.schema.json}).
 *
 * @param history where the run was recorded, or why not; absent when the history is off
 * @param reportWriteFailures reports this process could not write before this one (the service counts on);
 *     absent in the listener's report
 * @param distribution in a run distributed over several vantage points: the jobs, what is missing and where the
 *     vantages disagree, per seed; absent otherwise
 */
public record RunReport(
        int schemaVersion,
        String startedAt,
        String finishedAt,
        int seedsChecked,
        int addressesTotal,
        long durationMillis,
        List<SeedReport> seeds,
        @JsonInclude(JsonInclude.Include.NON_NULL) ListenerSection listener,
        @JsonInclude(JsonInclude.Include.NON_NULL) HistoryStatus history,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long reportWriteFailures,
        @JsonInclude(JsonInclude.Include.NON_NULL) Distribution distribution) {

    public static final int SCHEMA_VERSION = 1;

    /** A report without history. */
    public RunReport(int schemaVersion, String startedAt, String finishedAt, int seedsChecked, int addressesTotal,
                     long durationMillis, List<SeedReport> seeds, ListenerSection listener) {
        this(schemaVersion, startedAt, finishedAt, seedsChecked, addressesTotal, durationMillis, seeds, listener, null,
                null, null);
    }

    /** The same run with its seeds as the history saw them and the history's status. */
    public RunReport withHistory(List<SeedReport> recorded, HistoryStatus status) {
        return new RunReport(schemaVersion, startedAt, finishedAt, seedsChecked, addressesTotal, durationMillis, recorded,
                listener, status, reportWriteFailures, distribution);
    }

    /** The same run with the count of reports not written before it. */
    public RunReport withReportWriteFailures(long failures) {
        return new RunReport(schemaVersion, startedAt, finishedAt, seedsChecked, addressesTotal, durationMillis, seeds,
                listener, history, failures, distribution);
    }

    /** The same run with its vantage points' breakdown. */
    public RunReport withDistribution(Distribution breakdown) {
        return new RunReport(schemaVersion, startedAt, finishedAt, seedsChecked, addressesTotal, durationMillis, seeds,
                listener, history, reportWriteFailures, breakdown);
    }

    public RunReport {
        seeds = List.copyOf(seeds);
    }

    public static RunReport of(Instant startedAt, Instant finishedAt, List<SeedReport> seeds) {
        return of(startedAt, finishedAt, seeds, HealthThresholds.DEFAULTS, List.of());
    }

    /**
     * A run's report: every seed with its health, judged against the others of the same run.
     *
     * @param tallies the health tallies every seed's health lists, even when empty (all modules')
     */
    public static RunReport of(Instant startedAt, Instant finishedAt, List<SeedReport> seeds, HealthThresholds thresholds,
                               List<String> tallies) {
        return of(startedAt, finishedAt, seeds, thresholds, tallies, AddressGroups.PREFIX);
    }

    /**
     * A run's report: every seed with its health, judged against the others of the same run.
     *
     * @param tallies the health tallies every seed's health lists, even when empty (all modules')
     * @param groups how each seed's addresses are grouped for its diversity (by prefix, or by an asmap)
     */
    public static RunReport of(Instant startedAt, Instant finishedAt, List<SeedReport> seeds, HealthThresholds thresholds,
                               List<String> tallies, AddressGroups groups) {
        // Seed names per address: the same name asked under several filters is one seed.
        Map<String, Set<String>> seedsPerAddress = new HashMap<>();
        // Heights compare only within a network: the chains of two networks (or of mainnet and testnet) differ.
        Map<String, Long> bestByNetwork = new HashMap<>();
        for (SeedReport seed : seeds) {
            seed.addresses().forEach(a -> seedsPerAddress.computeIfAbsent(a, k -> new HashSet<>()).add(seed.seed()));
            for (ResultReport r : seed.results()) {
                r.peerInfo().flatMap(p -> p.height().isPresent() ? Optional.of(p.height().getAsLong()) : Optional.empty())
                        .ifPresent(h -> bestByNetwork.merge(seed.network(), h, Math::max));
            }
        }
        List<SeedReport> judged = seeds.stream()
                .map(seed -> {
                    long best = bestByNetwork.getOrDefault(seed.network(), Long.MIN_VALUE);
                    SeedReport completed = seed.withResults(seed.results().stream()
                            .map(r -> r.withRunQuality(best, thresholds.behindBlocks())).toList());
                    return completed.withHealth(SeedHealth.of(completed, best,
                            seed.addresses().stream().filter(a -> seedsPerAddress.get(a).size() > 1).toList(),
                            thresholds, tallies, groups));
                })
                .toList();
        int addresses = seeds.stream().mapToInt(s -> s.addresses().size()).sum();
        return new RunReport(SCHEMA_VERSION, iso(startedAt), iso(finishedAt), seeds.size(), addresses,
                Duration.between(startedAt, finishedAt).toMillis(), judged, null);
    }

    /** The responder's running report: no seeds, the listener's section; finishedAt is the snapshot time. */
    public static RunReport ofListener(Instant startedAt, Instant now, ListenerSection listener) {
        return new RunReport(SCHEMA_VERSION, iso(startedAt), iso(now), 0, 0,
                Duration.between(startedAt, now).toMillis(), List.of(), listener);
    }

    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** True when any address in any seed concluded its handshake. */
    public boolean anySuccess() {
        return seeds.stream().anyMatch(s -> s.summary().success() > 0);
    }

    /** True when no seed resolved to any address. */
    public boolean noneResolved() {
        return seeds.stream().allMatch(s -> s.addresses().isEmpty());
    }
}
