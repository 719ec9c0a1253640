package org.nodehandshake.distributed;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * @param settings the entry's own settings ({@code transport=v1}), checked again by the worker as an
 *     entry's are; empty (or absent from the JSON) for an entry without any
 */
public record CheckJob(int version, String runId, String jobId, String vantage, String seed, int port,
                       String network, String serviceFilter, Map<String, String> settings) {

    public CheckJob {
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }

    public static CheckJob of(String runId, String jobId, String vantage, Seed seed) {
        return new CheckJob(Messages.VERSION, runId, jobId, vantage, seed.name(), seed.port(), seed.network().id(),
                seed.serviceFilter().orElse(null), seed.settings());
    }

    /** The seed to check, validated as a seed entry is: a known network, a host name or IP, a valid filter. */
    public Seed toSeed(ProtocolRegistry registry) {
        Seed parsed = new Seed(seed, port, registry.requireNetwork(network), Optional.ofNullable(serviceFilter));
        if (!registry.isValidName(parsed)) {
            throw new IllegalArgumentException("not a host name or IP address: " + seed);
        }
        return settings.isEmpty() ? parsed : parsed.withSettings(registry.seedSettings(parsed, settings));
    }

    /** The seed as the report and the history key it: name[;key=value...]:port@network[/filter]. */
    public String seedKey() {
        StringBuilder label = new StringBuilder(seed);
        new TreeMap<>(settings).forEach((key, value) -> label.append(';').append(key).append('=').append(value));
        return RunRecord.seedKey(label.toString(), port, network, serviceFilter);
    }
}
