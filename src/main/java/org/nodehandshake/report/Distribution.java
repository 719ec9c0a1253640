package org.nodehandshake.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nodehandshake.history.RunRecord;

/**
 * A run distributed over several vantage points, as its report shows it: the jobs, the vantage points
 * whose results did not arrive (named, so a run is never silently partial), and per seed what each vantage
 * saw and where they disagree.
 *
 * @param complete every job's result arrived before the run's deadline
 * @param jobsExpected one per seed and vantage point
 * @param jobsReceived distinct jobs whose result arrived (a redelivered job counts once)
 * @param duplicates results of a job already counted (redeliveries), not counted again
 * @param resultsRefused results refused since the start (too large, not valid, of no known run or job)
 * @param missing the seed and vantage of every job whose result did not arrive
 * @param seeds per seed, in the order of the jobs
 */
public record Distribution(
        String runId,
        List<String> vantages,
        boolean complete,
        int jobsExpected,
        int jobsReceived,
        int duplicates,
        long resultsRefused,
        List<Missing> missing,
        List<SeedComparison> seeds) {

    public Distribution {
        vantages = List.copyOf(vantages);
        missing = List.copyOf(missing);
        seeds = List.copyOf(seeds);
    }

    /** A job whose result did not arrive. */
    public record Missing(String seed, String vantage) {
    }

    /** What one vantage saw of a seed. */
    public record VantageView(String verdict, int addresses, int success, int partial, int failed, String error) {
    }

    /** One address the vantages that contacted it saw end differently: outcome per vantage. */
    public record OutcomeDifference(String address, Map<String, String> outcomes) {
    }

    /**
     * One seed across the vantages whose results arrived.
     *
     * @param agree the same addresses, the same verdict and the same outcome per address everywhere
     * @param addressesOnlyIn per vantage, the addresses it got that some other vantage did not; only vantages that
     *     have such addresses
     * @param verdictDiffers the vantages judged the seed differently
     * @param outcomesDiffer addresses whose outcome differs between the vantages that got them
     */
    public record SeedComparison(String seed, boolean agree, Map<String, VantageView> vantages,
                                 Map<String, List<String>> addressesOnlyIn, boolean verdictDiffers,
                                 List<OutcomeDifference> outcomesDiffer) {
    }

    /** The seed's key in the breakdown: its entry, as the history keys it. */
    public static String seedKey(SeedReport seed) {
        return RunRecord.seedKey(seed.seed(), seed.port(), seed.network(), seed.serviceFilter());
    }

    /**
     * The breakdown of a judged run.
     *
     * @param seeds the run report's seeds, each with its vantage
     * @param missing the jobs whose result did not arrive
     */
    public static Distribution of(String runId, List<String> vantages, int jobsExpected, int duplicates,
                                  long refused, List<Missing> missing, List<SeedReport> seeds) {
        Map<String, Map<String, SeedReport>> byKey = new LinkedHashMap<>();
        for (SeedReport seed : seeds) {
            byKey.computeIfAbsent(seedKey(seed), k -> new LinkedHashMap<>()).put(seed.vantage(), seed);
        }
        List<SeedComparison> comparisons = new ArrayList<>();
        byKey.forEach((key, seen) -> comparisons.add(compare(key, seen)));
        return new Distribution(runId, vantages, missing.isEmpty(), jobsExpected, seeds.size(), duplicates, refused,
                missing, comparisons);
    }

    private static SeedComparison compare(String key, Map<String, SeedReport> seen) {
        Map<String, VantageView> views = new LinkedHashMap<>();
        Set<String> everyAddress = new LinkedHashSet<>();
        seen.forEach((vantage, seed) -> {
            views.put(vantage, new VantageView(seed.health() == null ? null : seed.health().verdict(),
                    seed.addresses().size(), seed.summary().success(), seed.summary().partial(), seed.summary().failed(),
                    seed.error()));
            everyAddress.addAll(seed.addresses());
        });
        Map<String, List<String>> onlyIn = new LinkedHashMap<>();
        seen.forEach((vantage, seed) -> {
            List<String> own = seed.addresses().stream()
                    .filter(a -> seen.values().stream().anyMatch(other -> !other.addresses().contains(a)))
                    .toList();
            if (!own.isEmpty()) {
                onlyIn.put(vantage, own);
            }
        });
        List<OutcomeDifference> differences = new ArrayList<>();
        for (String address : everyAddress) {
            Map<String, String> outcomes = new LinkedHashMap<>();
            seen.forEach((vantage, seed) -> seed.results().stream().filter(r -> r.address().equals(address))
                    .findFirst().ifPresent(r -> outcomes.put(vantage, r.outcome())));
            if (outcomes.values().stream().distinct().count() > 1) {
                differences.add(new OutcomeDifference(address, outcomes));
            }
        }
        boolean verdictDiffers = views.values().stream().map(VantageView::verdict).filter(Objects::nonNull)
                .distinct().count() > 1;
        boolean agree = onlyIn.isEmpty() && !verdictDiffers && differences.isEmpty();
        return new SeedComparison(key, agree, views, onlyIn, verdictDiffers, differences);
    }
}
