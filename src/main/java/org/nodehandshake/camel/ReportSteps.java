package org.nodehandshake.camel;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.page.ReportPage;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.report.AddressGroups;
import org.nodehandshake.report.HealthThresholds;
import org.nodehandshake.report.PeerJudge;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;

/** The route's report steps: each turns what the route gathered into a piece of the report. */
public final class ReportSteps {

    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final HealthThresholds thresholds;
    private final List<String> tallies;
    private final PeerJudge judge;
    private final AddressGroups groups;

    /** @param tallies the health tallies of every registered protocol, listed in every seed's health */
    public ReportSteps(Clock clock, HealthThresholds thresholds, List<String> tallies) {
        this(clock, thresholds, tallies, PeerJudge.NONE);
    }

    /** @param judge judges each SUCCESS against its seed (filter, quality checks): the registry's */
    public ReportSteps(Clock clock, HealthThresholds thresholds, List<String> tallies, PeerJudge judge) {
        this(clock, thresholds, tallies, judge, AddressGroups.PREFIX);
    }

    /** @param groups how the diversity groups addresses: by prefix, or by {@code handshake.asmap}'s ASNs */
    public ReportSteps(Clock clock, HealthThresholds thresholds, List<String> tallies, PeerJudge judge,
                       AddressGroups groups) {
        this.groups = groups;
        this.clock = clock;
        this.thresholds = thresholds;
        this.tallies = List.copyOf(tallies);
        this.judge = judge;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Whether the seed resolved to any target (the route's choice). */
    public boolean resolved(@Body Resolution resolution) {
        return resolution.resolved();
    }

    /** The targets to handshake with (the route's split). */
    public List<HandshakeTarget> targets(@Body Resolution resolution) {
        return resolution.targets();
    }

    /**
     * What the summary log lines print of a seed's report: its label and its counts, nothing else. A class and not
     * a record: the log lines read it with Simple's OGNL, which hashes the instance on every evaluation (routes/check-seeds.yaml).
     */
    public static final class SummaryLines {
        private final String seed;
        private final int success;
        private final int partial;
        private final int failed;

        SummaryLines(String seed, int success, int partial, int failed) {
            this.seed = seed;
            this.success = success;
            this.partial = partial;
            this.failed = failed;
        }

        public String seed() {
            return seed;
        }

        public int success() {
            return success;
        }

        public int partial() {
            return partial;
        }

        public int failed() {
            return failed;
        }
    }

    /** The figures of the seed's summary log lines. */
    public SummaryLines summaryLines(@Body SeedReport report) {
        return new SummaryLines(report.seed(), report.summary().success(), report.summary().partial(),
                report.summary().failed());
    }

    /** A resolved seed: every handshake result gathered by the split. */
    public SeedReport seedReport(@ExchangeProperty("resolution") Resolution resolution,
                                 @Body List<HandshakeResult> results) {
        return SeedReport.of(resolution, results, judge);
    }

    /** A seed that did not resolve: no results, the DNS error. */
    public SeedReport unresolvedSeedReport(@Body Resolution resolution) {
        return SeedReport.unresolved(resolution);
    }

    public RunReport runReport(@ExchangeProperty("startedAt") Instant startedAt, @Body List<SeedReport> seeds) {
        return RunReport.of(startedAt, clock.instant(), seeds, thresholds, tallies, groups);
    }

    /** The run's HTML page (the route has put the JSON in the body by then; the report is a property). */
    public String page(@ExchangeProperty("runReport") RunReport report) {
        return ReportPage.render(report);
    }

    /** {@code handshake-<UTC yyyyMMdd'T'HHmmss'Z'>.json}, stamped with the run's start. */
    public String reportFileName(@ExchangeProperty("startedAt") Instant startedAt) {
        return "handshake-" + FILE_STAMP.format(startedAt) + ".json";
    }
}
