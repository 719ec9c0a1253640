package org.nodehandshake.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.camel.HistoryStep;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.history.HistoryException;
import org.nodehandshake.history.HistoryStore;
import org.nodehandshake.history.RunRecord;
import org.nodehandshake.history.SeedRun;
import org.nodehandshake.history.SeedTrend;
import org.nodehandshake.module.ProtocolRegistry;

/**
 * {@code --history SEED}: the seed's trend table from the run history, as of now. One-shot, no traffic:
 * Camel is configured (every setting checked) and never started. Exit status 0 when the table is printed, 1
 * when the history holds no run of the seed in the last week, 2 for a bad entry or the history off, 5 when the
 * database cannot be read.
 */
final class HistoryRunner {

    /** The property {@code --history} sets (the command line only). */
    static final String SEED = "handshake.history.seed";
    /** Runs listed below the windows, the latest ones. */
    static final int RUNS_LISTED = 24;

    private HistoryRunner() {
    }

    static int run(CamelRuntime camel, String entry, PrintStream out, PrintStream err) throws StartFailure {
        try {
            HandshakeSettings settings = camel.configure();
            Seed seed;
            try {
                seed = ProtocolRegistry.builtIn().parseSeed(entry, settings.network());
            } catch (IllegalArgumentException e) {
                return NodeHandshake.usageError("--history: " + e.getMessage(), err);
            }
            Optional<HistoryStore> store = camel.bean("historyStep", HistoryStep.class).store();
            if (store.isEmpty()) {
                err.println("error: --history: the history is off (handshake.history.enabled = false)");
                return NodeHandshake.EXIT_USAGE;
            }
            String key = RunRecord.seedKey(seed.label(), seed.port(), seed.network().id(), seed.serviceFilter().orElse(null));
            return print(store.get(), key, Clock.systemUTC().instant(), out, err);
        } finally {
            camel.stop();
        }
    }

    /** Prints the table of {@code key} as of {@code now}; the exit status. */
    static int print(HistoryStore store, String key, Instant now, PrintStream out, PrintStream err) {
        String where = store.store() + " " + store.location();
        if (!store.exists()) {
            err.println("error: no history at " + where + ": no run has been recorded there");
            return NodeHandshake.EXIT_NO_SUCCESS;
        }
        List<SeedRun> runs;
        SeedTrend trend;
        try {
            runs = store.runs(key, now.minus(Duration.ofDays(7)), now);
            trend = store.trend(key, now);
        } catch (HistoryException e) {
            err.println("error: " + e.getMessage() + " (" + where + ")");
            return NodeHandshake.EXIT_HISTORY_UNREADABLE;
        }
        if (runs.isEmpty()) {
            err.println("error: no run of " + key + " recorded in the last 7 days (" + where + ")");
            return NodeHandshake.EXIT_NO_SUCCESS;
        }
        out.print(table(key, where, trend, runs));
        return NodeHandshake.EXIT_SUCCESS;
    }

    /** The trend table: one line per window, then the latest runs. */
    static String table(String key, String where, SeedTrend trend, List<SeedRun> runs) {
        StringBuilder t = new StringBuilder();
        t.append("History of ").append(key).append(" (").append(where).append(")\n\n");
        t.append(String.format(Locale.ROOT, "%-6s %5s %8s %8s %5s %12s %6s %6s %7s%n",
                "window", "runs", "HEALTHY", "DEGRADED", "DOWN", "success-rate", "min", "max", "change"));
        window(t, "1d", trend.day());
        window(t, "7d", trend.week());
        List<SeedRun> listed = runs.subList(Math.max(0, runs.size() - RUNS_LISTED), runs.size());
        t.append('\n').append(listed.size() < runs.size()
                ? "Latest " + listed.size() + " of " + runs.size() + " runs in the last 7 days:\n"
                : "Runs in the last 7 days:\n");
        t.append(String.format(Locale.ROOT, "%-24s  %-8s  %9s  %7s  %5s%n", "started", "verdict", "addresses", "success", "rate"));
        for (SeedRun run : listed) {
            t.append(String.format(Locale.ROOT, "%-24s  %-8s  %9d  %7d  %5.3f%n", run.startedAt(), run.verdict(),
                    run.addresses(), run.success(), run.successRate()));
        }
        return t.toString();
    }

    private static void window(StringBuilder t, String name, SeedTrend.Window w) {
        Map<String, Integer> v = w.verdicts();
        t.append(String.format(Locale.ROOT, "%-6s %5d %8d %8d %5d %12s %6s %6s %7s%n", name, w.runs(),
                v.getOrDefault("HEALTHY", 0), v.getOrDefault("DEGRADED", 0), v.getOrDefault("DOWN", 0),
                rate(w.successRate()), rate(w.minSuccessRate()), rate(w.maxSuccessRate()),
                w.change() == null ? "-" : String.format(Locale.ROOT, "%+.3f", w.change())));
    }

    private static String rate(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
