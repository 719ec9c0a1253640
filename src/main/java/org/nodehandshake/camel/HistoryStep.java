package org.nodehandshake.camel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.UUID;
import org.apache.camel.Body;
import org.nodehandshake.history.HistoryException;
import org.nodehandshake.history.HistoryStore;
import org.nodehandshake.history.RunRecord;
import org.nodehandshake.history.RunRecord.NodeKey;
import org.nodehandshake.history.RunRecord.NodeRecord;
import org.nodehandshake.history.RunRecord.SeedRecord;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route step after the run report is assembled: records the run in the history and adds each result's
 * uptime and each seed's trend. It runs on the route's worker thread (the handshakes' continuations hop off
 * the event loops before the route goes on), so no event loop ever waits for the database, and nothing here
 * waits on a peer. A database that cannot be used never fails the run: the report says why in
 * {@code history.error}, and the same line is logged once.
 */
public final class HistoryStep {

    private static final Logger LOG = LoggerFactory.getLogger("org.nodehandshake.history");

    private final Optional<HistoryStore> store;
    private volatile String lastThread;
    private final AtomicReference<CompletableFuture<Void>> preparing = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    /** @param store empty when {@code handshake.history.enabled} is false */
    public HistoryStep(Optional<HistoryStore> store) {
        this.store = store;
    }

    public Optional<HistoryStore> store() {
        return store;
    }

    /** Runs the history could not record since the start (for the metrics endpoint). */
    public long failures() {
        return failures.get();
    }

    /** The thread of the last recording (tests check that it is no event loop). */
    public String lastThread() {
        return lastThread;
    }

    /**
     * Opens the database ahead of the first run, on a thread of its own, while Camel starts and the handshakes
     * run: the driver's native library, the connection and the schema's check or migration (about 0.1 s of a
     * one-shot check, BENCHMARKS.md). The first {@link #record} waits for it and reports its failure, if any,
     * as its own, without a second try.
     */
    public void prepareInBackground() {
        store.ifPresent(history -> preparing.set(CompletableFuture.runAsync(() -> {
            try {
                history.migrate();
            } catch (HistoryException e) {
                throw new CompletionException(e);
            }
        }, BackgroundThread.named("history-prepare"))));
    }

    /** The background preparation's failure, once, for the first run after {@link #prepareInBackground}. */
    private void awaitPreparation() throws HistoryException {
        CompletableFuture<Void> early = preparing.getAndSet(null);
        if (early == null) {
            return;
        }
        try {
            early.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof HistoryException failed) {
                throw failed;
            }
            throw e;
        }
    }

    /** Route step: the run recorded, with uptime and trends; the report unchanged but for the error otherwise. */
    public RunReport record(@Body RunReport report) {
        if (store.isEmpty()) {
            return report;
        }
        HistoryStore history = store.get();
        lastThread = Thread.currentThread().getName();
        try {
            awaitPreparation();
            HistoryStore.Recorded recorded = history.record(toRecord(report));
            List<SeedReport> seeds = new ArrayList<>();
            for (SeedReport seed : report.seeds()) {
                List<ResultReport> results = seed.results().stream()
                        .map(r -> r.contacted() ? r.withUptime(recorded.uptime().get(
                                new NodeKey(seed.network(), r.address(), r.port()))) : r)
                        .toList();
                seeds.add(seed.withHistory(results, recorded.trends().get(key(seed))));
            }
            return report.withHistory(seeds, history.status(null));
        } catch (HistoryException e) {
            failures.incrementAndGet();
            LOG.warn("{} ({} {})", e.getMessage(), history.store(), history.location());
            return report.withHistory(report.seeds(), history.status(e.getMessage()));
        }
    }

    static RunRecord toRecord(RunReport report) {
        List<SeedRecord> seeds = new ArrayList<>();
        for (SeedReport seed : report.seeds()) {
            List<NodeRecord> nodes = seed.results().stream().filter(ResultReport::contacted)
                    .map(r -> new NodeRecord(seed.network(), r.address(), r.port(), "SUCCESS".equals(r.outcome())))
                    .toList();
            String verdict = seed.health() == null ? "DOWN" : seed.health().verdict();
            double rate = seed.health() == null ? 0 : seed.health().successRate();
            seeds.add(new SeedRecord(key(seed), verdict, seed.addresses().size(), seed.summary().success(), rate, nodes));
        }
        return new RunRecord(UUID.randomUUID().toString(), Instant.parse(report.startedAt()),
                Instant.parse(report.finishedAt()), seeds);
    }

    /** The seed's entry; in a distributed run each vantage's view is a seed of its own: {@code entry from VANTAGE}. */
    static String key(SeedReport seed) {
        String entry = RunRecord.seedKey(seed.seed(), seed.port(), seed.network(), seed.serviceFilter());
        return seed.vantage() == null ? entry : entry + " from " + seed.vantage();
    }
}
