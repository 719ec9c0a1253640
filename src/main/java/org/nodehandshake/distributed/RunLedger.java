package org.nodehandshake.distributed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coordinator's open runs: the jobs each published and the results that came back, one per job however
 * often a job's result arrives (delivery is at least once). A run is handed out exactly once: when its last
 * job's result arrives, or at its deadline with what it has. Thread-safe.
 */
public final class RunLedger {

    /** Run ids reported recently, so that a late result is told from one of no known run. */
    private static final int CLOSED_KEPT = 1000;

    private final Map<String, OpenRun> open = new LinkedHashMap<>();
    private final Set<String> closed = new LinkedHashSet<>();

    /** A run that is over: every job, the result of each that arrived, and how many arrived twice. */
    public record CollectedRun(String runId, Instant startedAt, List<CheckJob> jobs, Map<String, CheckResult> results,
                               int duplicates) {
        public CollectedRun {
            jobs = List.copyOf(jobs);
            results = Map.copyOf(results);
        }

        public boolean complete() {
            return results.size() == jobs.size();
        }

        public List<CheckJob> missing() {
            return jobs.stream().filter(job -> !results.containsKey(job.jobId())).toList();
        }
    }

    /** What one arriving result did. */
    public sealed interface Arrival {
        /** Counted; the run still waits for others. */
        record Counted() implements Arrival {
        }

        /** Counted, and it was the run's last: the run is over. */
        record Completed(CollectedRun run) implements Arrival {
        }

        /** A job counted already (a redelivery): not counted again. */
        record Duplicate() implements Arrival {
        }

        /** Not a result of any open run's job as it was published. */
        record Refused(String reason) implements Arrival {
        }
    }

    private static final class OpenRun {
        final String runId;
        final Instant startedAt;
        final Instant deadline;
        final Map<String, CheckJob> jobs = new LinkedHashMap<>();
        final Map<String, CheckResult> results = new LinkedHashMap<>();
        int duplicates;

        OpenRun(String runId, Instant startedAt, Instant deadline, List<CheckJob> jobs) {
            this.runId = runId;
            this.startedAt = startedAt;
            this.deadline = deadline;
            jobs.forEach(job -> this.jobs.put(job.jobId(), job));
        }

        CollectedRun collected() {
            return new CollectedRun(runId, startedAt, List.copyOf(jobs.values()), results, duplicates);
        }
    }

    /** Opens a run: its jobs are published next. */
    public synchronized void open(String runId, Instant startedAt, Instant deadline, List<CheckJob> jobs) {
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a run without jobs");
        }
        open.put(runId, new OpenRun(runId, startedAt, deadline, jobs));
    }

    public synchronized Arrival arrive(CheckResult result) {
        OpenRun run = open.get(result.runId());
        if (run == null) {
            return new Arrival.Refused(closed.contains(result.runId())
                    ? "run " + result.runId() + " was reported already (a late result)"
                    : "no open run " + result.runId());
        }
        CheckJob job = run.jobs.get(result.jobId());
        if (job == null) {
            return new Arrival.Refused("run " + run.runId + " has no job " + result.jobId());
        }
        if (!job.vantage().equals(result.vantage()) || !job.seedKey().equals(result.seed())
                || !job.seed().equals(result.observation().seed()) || job.port() != result.observation().port()
                || !job.network().equals(result.observation().network())) {
            return new Arrival.Refused("job " + job.jobId() + " was " + job.seedKey() + " from " + job.vantage()
                    + ", not " + Messages.shortened(result.seed()) + " from " + result.vantage());
        }
        if (run.results.containsKey(job.jobId())) {
            run.duplicates++;
            return new Arrival.Duplicate();
        }
        run.results.put(job.jobId(), result);
        if (run.results.size() < run.jobs.size()) {
            return new Arrival.Counted();
        }
        return new Arrival.Completed(close(run));
    }

    /** The runs whose deadline has passed, each handed out once, with what arrived. */
    public synchronized List<CollectedRun> due(Instant now) {
        List<CollectedRun> due = new ArrayList<>();
        for (OpenRun run : List.copyOf(open.values())) {
            if (!now.isBefore(run.deadline)) {
                due.add(close(run));
            }
        }
        return due;
    }

    public synchronized int openRuns() {
        return open.size();
    }

    private CollectedRun close(OpenRun run) {
        open.remove(run.runId);
        closed.add(run.runId);
        if (closed.size() > CLOSED_KEPT) {
            Iterator<String> oldest = closed.iterator();
            oldest.next();
            oldest.remove();
        }
        return run.collected();
    }
}
