package org.nodehandshake.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.spi.PropertiesComponent;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.Network;
import org.nodehandshake.report.HealthThresholds;

/**
 * The {@code handshake.*} properties (config/application.properties, overridable by the command line,
 * {@code -D} or environment), validated once at start.
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
        int retention,
        HealthThresholds health,
        Path reportDir) {

    public static final int DEFAULT_CONCURRENCY = 256;
    public static final long DEFAULT_TIMEOUT_MS = 5000;
    public static final int DEFAULT_MAX_ADDRESSES_PER_SEED = 512;
    /** Report files kept: a day of runs at the shipped schedule (every 10 minutes). */
    public static final int DEFAULT_RETENTION = 144;

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
        if (maxAddressesPerSeed < 1) {
            throw new IllegalArgumentException("handshake.max-addresses-per-seed must be at least 1");
        }
    }

    /** The properties read and checked against the registered protocols' presets. */
    public static HandshakeSettings from(PropertiesComponent properties, ProtocolRegistry registry) {
        String server = properties.resolveProperty("handshake.dns-server").orElse("").trim();
        String listen = properties.resolveProperty("handshake.listen").orElse("").trim();
        String networkId = properties.resolveProperty("handshake.network").orElse("").trim();
        Network network = networkId.isEmpty() ? registry.defaultNetwork() : registry.network(networkId)
                .orElseThrow(() -> new IllegalArgumentException("handshake.network: expected one of " + registry.names()));
        return new HandshakeSettings(
                Duration.ofMillis(longProperty(properties, "handshake.timeout-ms", DEFAULT_TIMEOUT_MS)),
                (int) longProperty(properties, "handshake.concurrency", DEFAULT_CONCURRENCY),
                server.isEmpty() ? Optional.empty() : Optional.of(HostAndPort.parse(server, 53)
                        .orElseThrow(() -> new IllegalArgumentException("handshake.dns-server: not HOST[:PORT]: " + server))),
                Boolean.parseBoolean(properties.resolveProperty("handshake.allow-private").orElse("false").trim()),
                (int) longProperty(properties, "handshake.max-addresses-per-seed", DEFAULT_MAX_ADDRESSES_PER_SEED),
                longProperty(properties, "handshake.linger-ms", 0),
                network,
                listen.isEmpty() ? Optional.empty() : Optional.of(HostAndPort.parse(listen, 0)
                        .filter(h -> h.port() > 0)
                        .orElseThrow(() -> new IllegalArgumentException("handshake.listen: not HOST:PORT: " + listen))),
                (int) longProperty(properties, "handshake.listen.max-connections", 1000),
                (int) longProperty(properties, "handshake.listen.max-per-address", 4),
                (int) longProperty(properties, "handshake.listen.results-kept", 1000),
                seeds(properties, network, registry),
                (int) longProperty(properties, "handshake.retention", DEFAULT_RETENTION),
                new HealthThresholds(
                        doubleProperty(properties, "handshake.health.healthy-success-rate",
                                HealthThresholds.DEFAULTS.healthySuccessRate()),
                        (int) longProperty(properties, "handshake.health.healthy-min-addresses",
                                HealthThresholds.DEFAULTS.healthyMinAddresses()),
                        (int) longProperty(properties, "handshake.health.behind-blocks",
                                HealthThresholds.DEFAULTS.behindBlocks())),
                Path.of(properties.resolveProperty("handshake.report-dir").orElse("reports").trim()));
    }

    /** {@code handshake.seeds}: comma-separated {@code name[:port][@network][/filter]} entries. */
    private static List<Seed> seeds(PropertiesComponent properties, Network fallback, ProtocolRegistry registry) {
        List<Seed> seeds = new ArrayList<>();
        for (String entry : properties.resolveProperty("handshake.seeds").orElse("").split(",")) {
            if (!entry.isBlank()) {
                try {
                    seeds.add(registry.parseSeed(entry, fallback));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("handshake.seeds: " + e.getMessage(), e);
                }
            }
        }
        return seeds;
    }

    private static double doubleProperty(PropertiesComponent properties, String key, double fallback) {
        String value = properties.resolveProperty(key).orElse("").trim();
        try {
            return value.isEmpty() ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + value);
        }
    }

    private static long longProperty(PropertiesComponent properties, String key, long fallback) {
        String value = properties.resolveProperty(key).orElse("").trim();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + value);
        }
    }
}
