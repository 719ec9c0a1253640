package org.nodehandshake.dns;

import java.util.Objects;
import org.nodehandshake.protocol.Network;

/**
 * A name to resolve (or an IP literal) and how to handshake with what it returns.
 *
 * @param name a DNS name, {@code localhost}, or an IPv4/IPv6 literal
 * @param port the TCP port to contact every address on
 * @param network the preset that fixes protocol and magic
 */
public record Seed(String name, int port, Network network) {

    public Seed {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        if (name.isBlank()) {
            throw new IllegalArgumentException("seed name is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port + " (expected: 1-65535)");
        }
    }
}
