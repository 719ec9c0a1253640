package org.nodehandshake.dns;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.nodehandshake.protocol.Network;

/**
 * A name to resolve (or an IP literal) and how to handshake with what it returns. Entries are parsed
 * by {@code ProtocolRegistry.parseSeed}, where the network's module checks the filter.
 *
 * @param name a DNS name, {@code localhost}, or an IPv4/IPv6 literal
 * @param port the TCP port to contact every address on
 * @param network the preset that fixes protocol and its parameters
 * @param serviceFilter a label the seed is asked for in front of its name ({@code x9} asks
 *     {@code x9.<name>}), the subdomain convention by which seeds answer with nodes offering services
 * @param settings the entry's own settings ({@code ;transport=v1}), by the short names its network's module
 *     accepts, sorted by name; empty for an entry without any (the run's settings apply)
 */
public record Seed(String name, int port, Network network, Optional<String> serviceFilter,
                   Map<String, String> settings) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9-]{1,63}");

    public Seed {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(serviceFilter, "serviceFilter");
        // Sorted, so that one entry's settings read (and key the history) the same however they were written.
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        if (name.isBlank()) {
            throw new IllegalArgumentException("seed name is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port + " (expected: 1-65535)");
        }
        if (serviceFilter.isPresent() && !LABEL.matcher(serviceFilter.get()).matches()) {
            throw new IllegalArgumentException("a service filter is one lower-case DNS label: " + serviceFilter.get());
        }
    }

    public Seed(String name, int port, Network network, Optional<String> serviceFilter) {
        this(name, port, network, serviceFilter, Map.of());
    }

    public Seed(String name, int port, Network network) {
        this(name, port, network, Optional.empty());
    }

    /** The same seed with these per-entry settings. */
    public Seed withSettings(Map<String, String> entrySettings) {
        return new Seed(name, port, network, serviceFilter, entrySettings);
    }

    /**
     * The seed as its report and the history name it: the name, then {@code ;key=value} for each setting
     * ({@code seed.example;transport=v1}), so that two entries of one name with different settings are
     * told apart; the bare name for an entry without settings.
     */
    public String label() {
        return name + settings.entrySet().stream().map(e -> ";" + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
    }

    /** The name actually asked of DNS: {@code x9.seed.example} with a filter, the name itself without. */
    public String queryName() {
        return serviceFilter.map(f -> f + "." + name).orElse(name);
    }
}
