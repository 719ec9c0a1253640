package org.nodehandshake.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The report of one run: the JSON contract that dashboards and checks read
 * (schema: {@code schema/handshake-report.schema.json}).
 */
public record RunReport(int schemaVersion, String startedAt, String finishedAt, List<SeedReport> seeds) {

    public static final int SCHEMA_VERSION = 1;

    public RunReport {
        seeds = List.copyOf(seeds);
    }

    public static RunReport of(Instant startedAt, Instant finishedAt, List<SeedReport> seeds) {
        return new RunReport(SCHEMA_VERSION, iso(startedAt), iso(finishedAt), seeds);
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
