package org.nodehandshake.camel;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.spi.PropertiesComponent;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.Network;
import org.nodehandshake.report.AddressGroups;
import org.nodehandshake.report.Asmap;
import org.nodehandshake.report.HealthThresholds;

/**
 * The {@code handshake.*} properties (the jar's defaults, the configuration file, {@code -D} or
 * environment, the command line's), read and checked once at start, here and nowhere else: a value
 * that is not usable throws {@link IllegalArgumentException} with a message that starts with its key,
 * e.g. {@code handshake.concurrency out of range: 0 (expected: 1-1000000)}. The command line turns
 * such a message into its own words (the option instead of the key).
 *
 * @param checkSeeds the one-shot check's seed ({@link #CHECK_SEED}, {@link #CHECK_PORT}: what the command
 *     line's {@code <dns_seed_name> [port]} set), a seed entry as in {@code handshake.seeds}, on
 *     {@code handshake.network} unless it names its own: one seed, or one per filter ({@code /x*})
 * @param asmap {@code handshake.asmap}: the asmap file, read and sanity-checked here, by which the diversity
 *     groups addresses by ASN; empty (the key blank) for grouping by prefix
 * @param metricsListen {@link #METRICS_LISTEN}: where the service and the listener serve {@code /metrics},
 *     {@code /health} and {@code /ready}; empty (the key blank) for none; unset is {@link #DEFAULT_METRICS_LISTEN}
 */
public record HandshakeSettings(
        Duration timeout,
        int concurrency,
        Optional<HostAndPort> dnsServer,
        boolean allowPrivate,
        int maxAddressesPerSeed,
        long lingerMillis,
        Network network,
        Optional<HostAndPort> listen,
        int maxInbound,
        int maxInboundPerAddress,
        int listenerResultsKept,
        List<Seed> seeds,
        List<Seed> checkSeeds,
        int retention,
        HealthThresholds health,
        Path reportDir,
        Optional<Asmap> asmap,
        Optional<HostAndPort> metricsListen) {

    public static final int DEFAULT_CONCURRENCY = 4096;
    public static final long DEFAULT_TIMEOUT_MS = 5000;
    public static final int DEFAULT_MAX_ADDRESSES_PER_SEED = 512;
    /** Report files kept: a day of runs at the shipped schedule (every 10 minutes). */
    public static final int DEFAULT_RETENTION = 144;

    /** The one-shot check's seed name (a DNS name, an IP literal or localhost); the command line sets it. */
    public static final String CHECK_SEED = "handshake.check.seed";
    /** The one-shot check's port; blank = the network's default port. */
    public static final String CHECK_PORT = "handshake.check.port";

    /** The metrics and health endpoint's {@code HOST:PORT} (IPv6 as {@code [::1]:9464}); blank = none. */
    public static final String METRICS_LISTEN = "handshake.metrics.listen";
    public static final HostAndPort DEFAULT_METRICS_LISTEN = new HostAndPort("127.0.0.1", 9464);

    /** Longest deadline or linger: an hour. */
    public static final int MAX_MILLIS = 3_600_000;
    /** Largest count of connections in flight. */
    public static final int MAX_COUNT = 1_000_000;

    public HandshakeSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake.timeout-ms must be positive");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("handshake.concurrency must be at least 1");
        }
        if (lingerMillis < 0) {
            throw new IllegalArgumentException("handshake.linger-ms must not be negative");
        }
        if (maxInbound < 1 || maxInboundPerAddress < 1 || listenerResultsKept < 1) {
            throw new IllegalArgumentException("handshake.listen.* limits must be at least 1");
        }
        if (retention < 1) {
            throw new IllegalArgumentException("handshake.retention must be at least 1");
        }
        seeds = List.copyOf(seeds);
        checkSeeds = List.copyOf(checkSeeds);
        if (maxAddressesPerSeed < 1) {
            throw new IllegalArgumentException("handshake.max-addresses-per-seed must be at least 1");
        }
    }

    /** The properties read and checked against the registered protocols' presets. */
    public static HandshakeSettings from(PropertiesComponent properties, ProtocolRegistry registry) {
        return from(properties::resolveProperty, registry);
    }

    /** The same from any lookup of property values (a test's map). */
    public static HandshakeSettings from(Function<String, Optional<String>> properties, ProtocolRegistry registry) {
        Keys keys = new Keys(properties);
        Network network = keys.text("handshake.network").map(id -> network(id, registry))
                .orElse(registry.defaultNetwork());
        keys.count("handshake.listen.report-period-ms", 2000, 1, Integer.MAX_VALUE); // the listen route's timer
        return new HandshakeSettings(
                Duration.ofMillis(keys.number("handshake.timeout-ms", DEFAULT_TIMEOUT_MS, 1, MAX_MILLIS)),
                keys.count("handshake.concurrency", DEFAULT_CONCURRENCY, 1, MAX_COUNT),
                keys.text("handshake.dns-server").map(server -> hostAndPort("handshake.dns-server", server, 53)),
                keys.bool("handshake.allow-private"),
                keys.count("handshake.max-addresses-per-seed", DEFAULT_MAX_ADDRESSES_PER_SEED, 1, Integer.MAX_VALUE),
                keys.number("handshake.linger-ms", 0, 0, MAX_MILLIS),
                network,
                keys.text("handshake.listen").map(listen -> hostAndPort("handshake.listen", listen, 0)),
                keys.count("handshake.listen.max-connections", 1000, 1, MAX_COUNT),
                keys.count("handshake.listen.max-per-address", 4, 1, MAX_COUNT),
                keys.count("handshake.listen.results-kept", 1000, 1, Integer.MAX_VALUE),
                seeds(keys, network, registry),
                checkSeeds(keys, network, registry),
                keys.count("handshake.retention", DEFAULT_RETENTION, 1, Integer.MAX_VALUE),
                health(keys),
                reportDir(keys),
                asmap(keys),
                metricsListen(keys));
    }

    private static Network network(String id, ProtocolRegistry registry) {
        try {
            return registry.requireNetwork(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("handshake.network: " + e.getMessage(), e);
        }
    }

    /** {@code HOST[:PORT]} (a default port) or {@code HOST:PORT} (a default port of 0: none). */
    private static HostAndPort hostAndPort(String key, String value, int defaultPort) {
        return HostAndPort.parse(value, defaultPort).filter(h -> h.port() > 0).orElseThrow(() ->
                new IllegalArgumentException(key + ": not " + (defaultPort == 0 ? "HOST:PORT" : "HOST[:PORT]") + ": " + value));
    }

    /** {@code handshake.seeds}: comma-separated {@code name[:port][@network][/filter]} entries. */
    private static List<Seed> seeds(Keys keys, Network fallback, ProtocolRegistry registry) {
        List<Seed> seeds = new ArrayList<>();
        for (String entry : keys.text("handshake.seeds").orElse("").split(",")) {
            if (!entry.isBlank()) {
                try {
                    seeds.addAll(registry.parseSeeds(entry, fallback));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("handshake.seeds: " + e.getMessage(), e);
                }
            }
        }
        return seeds;
    }

    /** The one-shot check's first seed (the only one unless its entry named several filters). */
    public Optional<Seed> checkSeed() {
        return checkSeeds.stream().findFirst();
    }

    /**
     * The one-shot seed: a seed entry {@code name[:port][@network][/filter]} as {@code handshake.seeds}
     * takes them (a DNS name, {@code localhost} or an IP literal; a name that is none of these is refused),
     * on the network unless the entry names one, at {@link #CHECK_PORT} when set, else the entry's port or
     * the network's default port.
     */
    private static List<Seed> checkSeeds(Keys keys, Network network, ProtocolRegistry registry) {
        Optional<String> entry = keys.text(CHECK_SEED);
        if (entry.isEmpty()) {
            keys.count(CHECK_PORT, network.defaultPort(), 1, 65535);
            return List.of();
        }
        List<Seed> parsed;
        try {
            parsed = registry.parseSeeds(entry.get(), network);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CHECK_SEED + ": " + e.getMessage(), e);
        }
        List<Seed> seeds = new ArrayList<>();
        for (Seed seed : parsed) {
            if (!registry.isValidName(seed)) {
                throw new IllegalArgumentException(CHECK_SEED + ": not a host name or IP address: " + seed.name());
            }
            int port = keys.count(CHECK_PORT, seed.port(), 1, 65535);
            seeds.add(new Seed(seed.name(), port, seed.network(), seed.serviceFilter(), seed.settings()));
        }
        return seeds;
    }

    private static HealthThresholds health(Keys keys) {
        return new HealthThresholds(
                keys.decimal("handshake.health.healthy-success-rate", HealthThresholds.DEFAULTS.healthySuccessRate(), 0, 1),
                keys.count("handshake.health.healthy-min-addresses",
                        HealthThresholds.DEFAULTS.healthyMinAddresses(), 0, Integer.MAX_VALUE),
                keys.count("handshake.health.behind-blocks", HealthThresholds.DEFAULTS.behindBlocks(), 0, Integer.MAX_VALUE),
                keys.decimal("handshake.health.max-behind-share", HealthThresholds.DEFAULTS.maxBehindShare(), 0, 1),
                keys.decimal("handshake.health.max-filter-mismatch-share",
                        HealthThresholds.DEFAULTS.maxFilterMismatchShare(), 0, 1),
                keys.decimal("handshake.health.max-group-share", HealthThresholds.DEFAULTS.maxGroupShare(), 0, 1));
    }

    /** How the diversity groups addresses: by the asmap's ASNs when there is one, else by prefix. */
    public AddressGroups addressGroups() {
        return asmap.map(AddressGroups::of).orElse(AddressGroups.PREFIX);
    }

    /** {@code handshake.asmap}: a file in the asmap format, read and sanity-checked once; blank = none. */
    private static Optional<Asmap> asmap(Keys keys) {
        Optional<String> file = keys.text("handshake.asmap");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(file.get());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("handshake.asmap: not a path: " + e.getMessage(), e);
        }
        try {
            return Optional.of(Asmap.read(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("handshake.asmap: " + e.getMessage(), e);
        }
    }

    /** Unlike the other keys, blank is not the default here but "no endpoint". */
    private static Optional<HostAndPort> metricsListen(Keys keys) {
        Optional<String> value = keys.properties().apply(METRICS_LISTEN).map(String::trim);
        if (value.isEmpty()) {
            return Optional.of(DEFAULT_METRICS_LISTEN);
        }
        return value.get().isEmpty() ? Optional.empty() : Optional.of(hostAndPort(METRICS_LISTEN, value.get(), 0));
    }

    private static Path reportDir(Keys keys) {
        String dir = keys.text("handshake.report-dir").orElse("reports");
        try {
            return Path.of(dir);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("handshake.report-dir: not a path: " + e.getMessage(), e);
        }
    }

    /** Typed reads of trimmed values; unset and blank both mean the default. */
    private record Keys(Function<String, Optional<String>> properties) {

        Optional<String> text(String key) {
            return properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        }

        boolean bool(String key) {
            return ModuleSettings.bool(key, text(key), false);
        }

        int count(String key, int fallback, int min, int max) {
            return (int) number(key, fallback, min, max);
        }

        long number(String key, long fallback, long min, long max) {
            return ModuleSettings.number(key, text(key), fallback, min, max);
        }

        double decimal(String key, double fallback, double min, double max) {
            Optional<String> text = text(key);
            if (text.isEmpty()) {
                return fallback;
            }
            double value;
            try {
                value = Double.parseDouble(text.get());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is not a number: " + text.get());
            }
            if (!(value >= min && value <= max)) {
                throw outOfRange(key, text.get(), Double.toString(min), Double.toString(max));
            }
            return value;
        }

        private static IllegalArgumentException outOfRange(String key, String text, String min, String max) {
            return new IllegalArgumentException(key + " out of range: " + text + " (expected: " + min + "-" + max + ")");
        }
    }
}
