package org.nodehandshake.camel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Body;
import org.nodehandshake.distributed.CheckJob;
import org.nodehandshake.distributed.KafkaSettings;
import org.nodehandshake.distributed.Messages;
import org.nodehandshake.distributed.RunLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The coordinator's route step: one run opened in the ledger, one job per seed and vantage point, as JSON. */
public final class JobPublisher {

    private static final Logger LOG = LoggerFactory.getLogger("org.nodehandshake.service");

    private final KafkaSettings settings;
    private final RunLedger ledger;
    private final Messages messages;
    private final Clock clock;

    public JobPublisher(KafkaSettings settings, RunLedger ledger, Messages messages, Clock clock) {
        this.settings = settings;
        this.ledger = ledger;
        this.messages = messages;
        this.clock = clock;
    }

    /** The run's jobs, each a message for the jobs topic; the run is open (awaiting results) from here on. */
    public List<byte[]> jobs(@Body List<org.nodehandshake.dns.Seed> seeds) {
        String runId = UUID.randomUUID().toString();
        List<CheckJob> jobs = new ArrayList<>();
        for (org.nodehandshake.dns.Seed seed : seeds) {
            for (String vantage : settings.vantages()) {
                jobs.add(CheckJob.of(runId, UUID.randomUUID().toString(), vantage, seed));
            }
        }
        Instant now = clock.instant();
        ledger.open(runId, now, now.plus(settings.resultDeadline()), jobs);
        LOG.info("Run {}: {} job(s) for {} seed(s) from {}; results awaited until {}", runId, jobs.size(), seeds.size(),
                settings.vantages(), now.plus(settings.resultDeadline()));
        return jobs.stream().map(messages::write).toList();
    }
}
