package org.nodehandshake.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One address to handshake with.
 *
 * @param seed the name (or literal) the address came from
 * @param address the peer's IP address
 * @param port the peer's TCP port
 * @param network the preset that fixes the protocol and its parameters
 * @param contact false when policy forbids contacting the address (non-routable in a DNS answer)
 */
public record HandshakeTarget(String seed, InetAddress address, int port, Network network, boolean contact) {

    public HandshakeTarget {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port + " (expected: 1-65535)");
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** The address as users write it: {@code 1.2.3.4:8333} or {@code [::1]:8333}. */
    public String endpoint() {
        String ip = address.getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }
}
