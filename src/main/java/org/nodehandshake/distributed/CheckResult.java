package org.nodehandshake.distributed;

/**
 * What a worker saw of one job's seed, as it publishes it on the results topic (JSON).
 *
 * @param version the message format, {@link Messages#VERSION}
 * @param seed the job's seed key (name:port@network[/filter]), checked against the job on arrival
 */
public record CheckResult(int version, String runId, String jobId, String vantage, String seed,
                          SeedObservation observation) {

    public static CheckResult of(CheckJob job, SeedObservation observation) {
        return new CheckResult(Messages.VERSION, job.runId(), job.jobId(), job.vantage(), job.seedKey(), observation);
    }
}
