package org.nodehandshake.camel;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.nodehandshake.distributed.CheckJob;
import org.nodehandshake.distributed.CheckResult;
import org.nodehandshake.distributed.Messages;
import org.nodehandshake.distributed.SeedObservation;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.report.SeedReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's route steps: a job from the jobs topic read and checked, the check route's seed report as the
 * result message, and the job's offset committed once its result is published (at least once: a worker that
 * dies before the commit leaves the job to the next one the group assigns it to).
 */
public final class WorkerSteps {

    /** Exchange property: the job in hand. */
    public static final String JOB = "job";

    private static final Logger LOG = LoggerFactory.getLogger("org.nodehandshake.worker");

    private final String vantage;
    private final Messages messages;
    private final ProtocolRegistry registry;

    public WorkerSteps(String vantage, Messages messages, ProtocolRegistry registry) {
        this.vantage = vantage;
        this.messages = messages;
        this.registry = registry;
    }

    public String vantage() {
        return vantage;
    }

    /**
     * Route step: the job's seed, for the check route; null for a job of another vantage point, or one that is
     * not valid (a line, then skipped: one bad message must not hold up the jobs behind it).
     */
    public Seed job(@Body byte[] body, Exchange exchange) {
        Messages.Read<CheckJob> read = messages.readJob(body);
        if (read instanceof Messages.Read.Refused<CheckJob> refused) {
            LOG.warn("Job refused: {}", refused.reason());
            return null;
        }
        CheckJob job = ((Messages.Read.Accepted<CheckJob>) read).message();
        if (!job.vantage().equals(vantage)) {
            return null;
        }
        try {
            Seed seed = job.toSeed(registry);
            exchange.setProperty(JOB, job);
            LOG.info("Job {} of run {}: {}", job.jobId(), job.runId(), job.seedKey());
            return seed;
        } catch (IllegalArgumentException e) {
            LOG.warn("Job {} refused: {}", job.jobId(), e.getMessage());
            return null;
        }
    }

    /** Route step: the check route's seed report as the job's result message. */
    public byte[] result(@ExchangeProperty(JOB) CheckJob job, @Body SeedReport report) {
        return messages.write(CheckResult.of(job, SeedObservation.of(report)));
    }

    /** Route step, last: the job's offset committed (its result is published, or it was not ours). */
    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }
}
