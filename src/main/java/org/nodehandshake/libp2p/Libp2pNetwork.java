package org.nodehandshake.libp2p;

import java.util.List;
import java.util.Optional;
import org.nodehandshake.protocol.Network;

/**
 * The libp2p presets. {@code ipfs} is the Amino DHT: Kubo's default bootstrap list is the dnsaddr name
 * {@code bootstrap.libp2p.io} (kubo config/bootstrap_peers.go), and a node worth bootstrapping from
 * speaks the DHT's protocol; {@code libp2p} is any libp2p node, with no network-specific expectations.
 * Port 4001 is Kubo's swarm port, the one libp2p bootstrap lists use.
 */
public enum Libp2pNetwork implements Network {
    IPFS("ipfs", Optional.of("bootstrap.libp2p.io"), List.of("/ipfs/kad/1.0.0")),
    LIBP2P("libp2p", Optional.empty(), List.of());

    /** Kubo's swarm port. */
    public static final int DEFAULT_PORT = 4001;

    private final String id;
    private final Optional<String> bootstrapName;
    private final List<String> expectedProtocols;

    Libp2pNetwork(String id, Optional<String> bootstrapName, List<String> expectedProtocols) {
        this.id = id;
        this.bootstrapName = bootstrapName;
        this.expectedProtocols = expectedProtocols;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    /** The dnsaddr name the network's own nodes bootstrap from, when it has one. */
    public Optional<String> bootstrapName() {
        return bootstrapName;
    }

    /** Protocols a node of this network must list in its Identify to be of use to it. */
    public List<String> expectedProtocols() {
        return expectedProtocols;
    }
}
