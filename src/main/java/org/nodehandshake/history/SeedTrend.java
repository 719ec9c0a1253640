package org.nodehandshake.history;

import java.util.Map;
import java.util.TreeMap;

/**
 * A seed's trend from the history, this run included: over the last day and the last week, how many runs
 * checked it, their verdicts and how its success rate moved.
 */
public record SeedTrend(Window day, Window week) {

    /**
     * @param runs runs of the seed in the window
     * @param verdicts verdict -> runs
     * @param successRate mean of the runs' success rates (3 decimals); null without runs
     * @param minSuccessRate lowest; null without runs
     * @param maxSuccessRate highest; null without runs
     * @param change latest run's success rate minus the window's earliest (3 decimals); null without runs
     */
    public record Window(int runs, Map<String, Integer> verdicts, Double successRate, Double minSuccessRate,
                         Double maxSuccessRate, Double change) {

        public Window {
            verdicts = new TreeMap<>(verdicts);
        }
    }
}
