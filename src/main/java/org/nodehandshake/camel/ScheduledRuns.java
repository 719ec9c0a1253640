package org.nodehandshake.camel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nodehandshake.dns.Seed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled service's route steps: the configured seed list, the rule that runs never overlap, and
 * the retention of report files.
 */
public final class ScheduledRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final List<Seed> seeds;
    private final Path reportDir;
    private final int retention;
    private final AtomicBoolean running = new AtomicBoolean();

    public ScheduledRuns(List<Seed> seeds, Path reportDir, int retention) {
        this.seeds = List.copyOf(seeds);
        this.reportDir = reportDir;
        this.retention = retention;
    }

    /** Route step: the seeds of {@code handshake.seeds}, as the check route's body. */
    public List<Seed> seeds() {
        return seeds;
    }

    /** Claims the run; false (and a log line) when the previous run is still going. */
    public boolean tryStart() {
        if (running.compareAndSet(false, true)) {
            return true;
        }
        LOG.warn("Scheduled run skipped: the previous run is still in progress");
        return false;
    }

    public void finish() {
        running.set(false);
    }

    /** Waits until no run is in progress, at most {@code millis}; true when idle. */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return !running.get();
    }

    /**
     * Route step: deletes the oldest {@code handshake-*.json} reports beyond {@code handshake.retention}, each
     * with its HTML page (the same stem, {@code .html}); names sort by time, and {@code latest.json} and
     * {@code latest.html} are never touched. Returns how many reports were deleted.
     */
    public int pruneReports() throws IOException {
        if (!Files.isDirectory(reportDir)) {
            return 0;
        }
        List<Path> reports = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(reportDir, "handshake-*.json")) {
            dir.forEach(reports::add);
        }
        reports.sort(null);
        int excess = reports.size() - retention;
        for (int i = 0; i < excess; i++) {
            Path report = reports.get(i);
            String name = report.getFileName().toString();
            Files.deleteIfExists(report.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".html"));
            Files.deleteIfExists(report);
        }
        if (excess > 0) {
            LOG.debug("Deleted {} old report(s) beyond handshake.retention={}", excess, retention);
        }
        return Math.max(0, excess);
    }
}
