package org.nodehandshake.distributed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.module.ModuleSettings;

/**
 * The {@code handshake.kafka.*} properties, read and checked once at start (a value that is not usable throws
 * {@link IllegalArgumentException} starting with its key). Without {@code handshake.kafka.bootstrap-servers}
 * nothing is distributed: the service checks every seed itself.
 *
 * @param bootstrapServers {@code HOST:PORT,...}; empty = Kafka off
 * @param vantages the coordinator's vantage points: one job per seed and vantage on every run
 * @param vantage the worker's own vantage point ({@code --vantage}); empty outside a worker
 * @param resultDeadline how long after its start a run's results are awaited before it is reported with the
 *     missing vantage points named
 * @param maxMessageBytes the largest job or result message taken from Kafka (and produced); a larger one is refused
 * @param partitions of each topic this tool creates
 * @param sessionTimeoutMs a worker that stops answering (killed) loses its jobs to the others after this
 */
public record KafkaSettings(
        List<String> bootstrapServers,
        String jobsTopic,
        String resultsTopic,
        String groupId,
        List<String> vantages,
        Optional<String> vantage,
        Duration resultDeadline,
        int maxMessageBytes,
        int partitions,
        int sessionTimeoutMs) {

    public static final String BOOTSTRAP_SERVERS = "handshake.kafka.bootstrap-servers";
    public static final String VANTAGE = "handshake.kafka.vantage";
    public static final String VANTAGES = "handshake.kafka.vantages";
    /** Derived, not set by hand: "true" when Kafka is configured; the coordinator's routes start on it. */
    public static final String ENABLED = "handshake.kafka.enabled";

    /** Topic names as Kafka allows them. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    /** A vantage name: a short label, as it appears in reports and in consumer group ids. */
    public static final Pattern VANTAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public KafkaSettings {
        bootstrapServers = List.copyOf(bootstrapServers);
        vantages = List.copyOf(vantages);
    }

    public boolean enabled() {
        return !bootstrapServers.isEmpty();
    }

    /** The consumer group of the workers of one vantage point: each vantage sees every job, once per group. */
    public String workerGroup(String vantageName) {
        return groupId + ".worker." + vantageName;
    }

    public String coordinatorGroup() {
        return groupId + ".coordinator";
    }

    public static KafkaSettings from(Function<String, Optional<String>> properties) {
        Function<String, Optional<String>> text = key -> properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        List<String> servers = new ArrayList<>();
        for (String server : text.apply(BOOTSTRAP_SERVERS).orElse("").split(",")) {
            if (!server.isBlank()) {
                HostAndPort parsed = HostAndPort.parse(server.trim(), 0).filter(h -> h.port() > 0).orElseThrow(() ->
                        new IllegalArgumentException(BOOTSTRAP_SERVERS + ": not HOST:PORT: " + server.trim()));
                servers.add(parsed.host().contains(":") ? "[" + parsed.host() + "]:" + parsed.port()
                        : parsed.host() + ":" + parsed.port());
            }
        }
        String jobs = topic(text, "handshake.kafka.jobs-topic", "node-handshake-jobs");
        String results = topic(text, "handshake.kafka.results-topic", "node-handshake-results");
        if (jobs.equals(results)) {
            throw new IllegalArgumentException("handshake.kafka.results-topic: the same as handshake.kafka.jobs-topic: " + jobs);
        }
        String group = text.apply("handshake.kafka.group-id").orElse("node-handshake");
        if (!TOPIC.matcher(group).matches()) {
            throw new IllegalArgumentException("handshake.kafka.group-id: letters, digits, '.', '_', '-' only: " + group);
        }
        List<String> vantages = new ArrayList<>();
        for (String name : text.apply(VANTAGES).orElse("").split(",")) {
            if (!name.isBlank()) {
                String vantageName = vantageName(VANTAGES, name.trim());
                if (vantages.contains(vantageName)) {
                    throw new IllegalArgumentException(VANTAGES + ": listed twice: " + vantageName);
                }
                vantages.add(vantageName);
            }
        }
        Optional<String> vantage = text.apply(VANTAGE).map(name -> vantageName(VANTAGE, name));
        return new KafkaSettings(servers, jobs, results, group, vantages, vantage,
                Duration.ofMillis(number(text, "handshake.kafka.result-deadline-ms", 120_000, 1_000, 86_400_000)),
                (int) number(text, "handshake.kafka.max-message-bytes", 4 << 20, 1024, 64 << 20),
                (int) number(text, "handshake.kafka.partitions", 4, 1, 1000),
                (int) number(text, "handshake.kafka.session-timeout-ms", 10_000, 6_000, 300_000));
    }

    private static String topic(Function<String, Optional<String>> text, String key, String fallback) {
        String name = text.apply(key).orElse(fallback);
        if (!TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(key + ": not a topic name (letters, digits, '.', '_', '-'; 1-249): " + name);
        }
        return name;
    }

    private static String vantageName(String key, String name) {
        if (!VANTAGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(key + ": not a vantage name (a letter or digit, then letters, digits, "
                    + "'.', '_', '-'; at most 64): " + name);
        }
        return name;
    }

    private static long number(Function<String, Optional<String>> text, String key, long fallback, long min, long max) {
        return ModuleSettings.number(key, text.apply(key), fallback, min, max);
    }
}
