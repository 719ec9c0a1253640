package org.nodehandshake.dns;

import java.util.Objects;
import java.util.Optional;
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
 */
public record Seed(String name, int port, Network network, Optional<String> serviceFilter) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9-]{1,63}");

    public Seed {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(serviceFilter, "serviceFilter");
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

    public Seed(String name, int port, Network network) {
        this(name, port, network, Optional.empty());
    }

    /** The name actually asked of DNS: {@code x9.seed.example} with a filter, the name itself without. */
    public String queryName() {
        return serviceFilter.map(f -> f + "." + name).orElse(name);
    }
}
