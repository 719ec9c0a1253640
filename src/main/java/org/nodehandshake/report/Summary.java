package org.nodehandshake.report;

import java.util.List;

/** Counts of outcomes for one seed. */
public record Summary(int success, int partial, int failed) {

    public static Summary of(List<ResultReport> results) {
        int success = 0;
        int partial = 0;
        int failed = 0;
        for (ResultReport r : results) {
            switch (r.outcome()) {
                case "SUCCESS" -> success++;
                case "PARTIAL" -> partial++;
                default -> failed++;
            }
        }
        return new Summary(success, partial, failed);
    }
}
