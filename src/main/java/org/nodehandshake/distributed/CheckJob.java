package org.nodehandshake.distributed;

import java.util.Optional;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.history.RunRecord;
import org.nodehandshake.module.ProtocolRegistry;

/**
 * One seed to check from one vantage point, as the coordinator publishes it on the jobs topic (JSON).
 *
 * @param version the message format, {@link Messages#VERSION}
 * @param runId the run the job belongs to
 * @param jobId unique per job: the aggregator counts each job's result once, however often it arrives
 * @param serviceFilter null when the bare name is asked
 */
public record CheckJob(int version, String runId, String jobId, String vantage, String seed, int port,
                       String network, String serviceFilter) {

    public static CheckJob of(String runId, String jobId, String vantage, Seed seed) {
        return new CheckJob(Messages.VERSION, runId, jobId, vantage, seed.name(), seed.port(), seed.network().id(),
                seed.serviceFilter().orElse(null));
    }

    /** The seed to check, validated as a seed entry is: a known network, a host name or IP, a valid filter. */
    public Seed toSeed(ProtocolRegistry registry) {
        Seed parsed = new Seed(seed, port, registry.requireNetwork(network), Optional.ofNullable(serviceFilter));
        if (!registry.isValidName(parsed)) {
            throw new IllegalArgumentException("not a host name or IP address: " + seed);
        }
        return parsed;
    }

    /** The seed as the report and the history key it: name:port@network[/filter]. */
    public String seedKey() {
        return RunRecord.seedKey(seed, port, network, serviceFilter);
    }
}
