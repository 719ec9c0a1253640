package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The report of one run, or the responder's running report: the JSON contract that dashboards and checks read
 * (schema: {@code schema/handshake-report.schema.json}).
 */
public record RunReport(
        int schemaVersion,
        String startedAt,
        String finishedAt,
        List<SeedReport> seeds,
        @JsonInclude(JsonInclude.Include.NON_NULL) ListenerSection listener) {

    public static final int SCHEMA_VERSION = 1;

    public RunReport {
        seeds = List.copyOf(seeds);
    }

    public static RunReport of(Instant startedAt, Instant finishedAt, List<SeedReport> seeds) {
        return new RunReport(SCHEMA_VERSION, iso(startedAt), iso(finishedAt), seeds, null);
    }

    /** The responder's running report: no seeds, the listener's section; finishedAt is the snapshot time. */
    public static RunReport ofListener(Instant startedAt, Instant now, ListenerSection listener) {
        return new RunReport(SCHEMA_VERSION, iso(startedAt), iso(now), List.of(), listener);
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
