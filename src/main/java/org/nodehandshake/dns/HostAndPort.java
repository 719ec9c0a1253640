package org.nodehandshake.dns;

import java.util.Optional;

/** {@code host[:port]} as given to {@code --dns-server}; IPv6 hosts in brackets when a port follows. */
public record HostAndPort(String host, int port) {

    public HostAndPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port + " (expected: 1-65535)");
        }
    }

    /** Parses {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal; empty when malformed. */
    public static Optional<HostAndPort> parse(String text, int defaultPort) {
        try {
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    return Optional.empty();
                }
                String host = text.substring(1, close);
                if (!isIpv6Literal(host)) {
                    return Optional.empty();
                }
                String rest = text.substring(close + 1);
                if (rest.isEmpty()) {
                    return Optional.of(new HostAndPort(host, defaultPort));
                }
                return rest.startsWith(":")
                        ? Optional.of(new HostAndPort(host, Integer.parseInt(rest.substring(1))))
                        : Optional.empty();
            }
            int colon = text.indexOf(':');
            if (colon < 0) {
                return Optional.of(new HostAndPort(text, defaultPort));
            }
            if (text.indexOf(':', colon + 1) >= 0) {
                // several colons: only a bare IPv6 literal, never host:port:junk
                return isIpv6Literal(text) ? Optional.of(new HostAndPort(text, defaultPort)) : Optional.empty();
            }
            return Optional.of(new HostAndPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isIpv6Literal(String text) {
        return org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv6) != null;
    }
}
