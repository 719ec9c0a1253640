package org.nodehandshake.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Optional;

/**
 * One address to handshake with.
 *
 * @param seed the name (or literal) the address came from
 * @param address the peer's IP address
 * @param port the peer's TCP port
 * @param network the preset that fixes the protocol and its parameters
 * @param contact false when policy forbids contacting the address (non-routable in a DNS answer)
 * @param identity the identity the peer must prove in the handshake, as its protocol writes it (a
 *     public key in hex, a peer id); empty for protocols whose peers have none
 * @param settings the per-entry settings of the seed entry it came from, by short name (the handshake is
 *     built with them over the run's settings); empty when the entry had none
 */
public record HandshakeTarget(String seed, InetAddress address, int port, Network network, boolean contact,
                              Optional<String> identity, Map<String, String> settings) {

    public HandshakeTarget {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(identity, "identity");
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port + " (expected: 1-65535)");
        }
    }

    /** A target with no per-entry settings. */
    public HandshakeTarget(String seed, InetAddress address, int port, Network network, boolean contact,
                           Optional<String> identity) {
        this(seed, address, port, network, contact, identity, Map.of());
    }

    /** A target whose peer has no identity to prove (an address is all there is). */
    public HandshakeTarget(String seed, InetAddress address, int port, Network network, boolean contact) {
        this(seed, address, port, network, contact, Optional.empty());
    }

    /** The same target with its seed entry's settings. */
    public HandshakeTarget withSettings(Map<String, String> entrySettings) {
        return new HandshakeTarget(seed, address, port, network, contact, identity, entrySettings);
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
