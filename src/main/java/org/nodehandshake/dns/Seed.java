package org.nodehandshake.dns;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nodehandshake.protocol.Network;

/**
 * A name to resolve (or an IP literal) and how to handshake with what it returns.
 *
 * @param name a DNS name, {@code localhost}, or an IPv4/IPv6 literal
 * @param port the TCP port to contact every address on
 * @param network the preset that fixes protocol and magic
 * @param serviceFilter a service-bit filter label such as {@code x9}: the seed is asked for
 *     {@code x9.<name>}, the subdomain convention DNS seeds answer with nodes offering those services
 */
public record Seed(String name, int port, Network network, Optional<String> serviceFilter) {

    private static final Pattern FILTER = Pattern.compile("x[0-9a-f]{1,16}");
    private static final Pattern ENTRY = Pattern.compile("^(.+?)(?:@([a-z0-9-]+))?(?:/([xX][0-9a-fA-F]+))?$");

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
        if (serviceFilter.isPresent() && !FILTER.matcher(serviceFilter.get()).matches()) {
            throw new IllegalArgumentException("service filter must be x<hex flags>, e.g. x9: " + serviceFilter.get());
        }
        // Only Bitcoin Core's seeder answers x<flags>.<name>; Monero's seeds have no such labels.
        if (serviceFilter.isPresent() && network.protocol() != Network.Protocol.BITCOIN_V1) {
            throw new IllegalArgumentException("service filters are for Bitcoin-family seeds, not " + network
                    + ": " + serviceFilter.get());
        }
    }

    public Seed(String name, int port, Network network) {
        this(name, port, network, Optional.empty());
    }

    /** The name actually asked of DNS: {@code x9.seed.example} with a filter, the name itself without. */
    public String queryName() {
        return serviceFilter.map(f -> f + "." + name).orElse(name);
    }

    /**
     * Parses a configured entry {@code name[:port][@network][/x<hex>]}, e.g.
     * {@code seed.bitcoin.sipa.be/x9} or {@code [::1]:18444@regtest}; port and network default as given.
     */
    public static Seed parse(String entry, Network defaultNetwork) {
        Matcher m = ENTRY.matcher(entry.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not name[:port][@network][/x<hex>]: " + entry);
        }
        Network network = m.group(2) == null ? defaultNetwork : Network.byId(m.group(2)).orElseThrow(
                () -> new IllegalArgumentException("unknown network in '" + entry + "' (expected one of: "
                        + Network.names() + ")"));
        HostAndPort host = HostAndPort.parse(m.group(1), network.defaultPort()).orElseThrow(
                () -> new IllegalArgumentException("not name[:port] in '" + entry + "'"));
        Optional<String> filter = Optional.ofNullable(m.group(3)).map(f -> f.toLowerCase(java.util.Locale.ROOT));
        return new Seed(host.host(), host.port(), network, filter);
    }
}
