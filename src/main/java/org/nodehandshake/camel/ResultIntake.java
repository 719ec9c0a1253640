package org.nodehandshake.camel;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.nodehandshake.distributed.CheckJob;
import org.nodehandshake.distributed.CheckResult;
import org.nodehandshake.distributed.KafkaSettings;
import org.nodehandshake.distributed.Messages;
import org.nodehandshake.distributed.RunLedger;
import org.nodehandshake.distributed.RunLedger.Arrival;
import org.nodehandshake.distributed.RunLedger.CollectedRun;
import org.nodehandshake.report.Distribution;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's route steps: each result message from the results topic read, checked and counted once
 * in the ledger; a run that is over (all in, or its deadline passed) built into a run report with the
 * breakdown per vantage point, for the report steps every run goes through.
 */
public final class ResultIntake {

    private static final Logger LOG = LoggerFactory.getLogger("org.nodehandshake.service");

    private final KafkaSettings settings;
    private final RunLedger ledger;
    private final Messages messages;
    private final ReportSteps reportSteps;
    private final Clock clock;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    public ResultIntake(KafkaSettings settings, RunLedger ledger, Messages messages, ReportSteps reportSteps,
                        Clock clock) {
        this.settings = settings;
        this.ledger = ledger;
        this.messages = messages;
        this.reportSteps = reportSteps;
        this.clock = clock;
    }

    /** Results refused since the start (a line each). */
    public long refused() {
        return refused.get();
    }

    /** Redelivered results since the start (counted once each). */
    public long duplicates() {
        return duplicates.get();
    }

    /** Route step: the run this result completed, or null (counted, a duplicate, or refused). */
    public CollectedRun accept(@Body byte[] body) {
        Messages.Read<CheckResult> read = messages.readResult(body);
        if (read instanceof Messages.Read.Refused<CheckResult> refusal) {
            refuse(refusal.reason());
            return null;
        }
        CheckResult result = ((Messages.Read.Accepted<CheckResult>) read).message();
        Arrival arrival = ledger.arrive(result);
        if (arrival instanceof Arrival.Completed completed) {
            return completed.run();
        }
        if (arrival instanceof Arrival.Duplicate) {
            duplicates.incrementAndGet();
            LOG.info("Result of job {} ({} from {}) arrived again: counted once", result.jobId(), result.seed(),
                    result.vantage());
        } else if (arrival instanceof Arrival.Refused refusal) {
            refuse(refusal.reason());
        }
        return null;
    }

    /** Route step (the deadline timer): the runs whose deadline passed, with what arrived. */
    public List<CollectedRun> due() {
        return ledger.due(clock.instant());
    }

    /**
     * Route step: the run's report, every seed as each vantage saw it, judged together as one run, with the
     * breakdown; the exchange's {@code startedAt} is the run's start, as the report steps expect.
     */
    public RunReport runReport(@Body CollectedRun run, Exchange exchange) {
        List<SeedReport> seeds = new ArrayList<>();
        List<Distribution.Missing> missing = new ArrayList<>();
        for (CheckJob job : run.jobs()) {
            CheckResult result = run.results().get(job.jobId());
            if (result == null) {
                missing.add(new Distribution.Missing(job.seedKey(), job.vantage()));
            } else {
                seeds.add(result.observation().toSeedReport(job.vantage()));
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("Run {} reported at its deadline without {} of {} result(s): {}", run.runId(), missing.size(),
                    run.jobs().size(), missing.stream().map(m -> m.seed() + " from " + m.vantage()).toList());
        }
        exchange.setProperty("startedAt", run.startedAt());
        RunReport report = reportSteps.runReport(run.startedAt(), seeds);
        return report.withDistribution(Distribution.of(run.runId(), settings.vantages(), run.jobs().size(),
                run.duplicates(), refused.get(), missing, report.seeds()));
    }

    private void refuse(String reason) {
        long count = refused.incrementAndGet();
        LOG.warn("Result refused: {} (refused since start: {})", reason, count);
    }
}
