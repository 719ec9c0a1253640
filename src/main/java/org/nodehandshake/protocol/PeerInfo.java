package org.nodehandshake.protocol;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a peer told us about itself during the handshake. Each protocol has its own record; what the
 * shared report and health figures need from all of them is here.
 */
public interface PeerInfo {

    /** The best block height the peer claims; empty for protocols that have none. */
    OptionalLong height();

    /**
     * The report's {@code peer} object: a record in the protocol's own shape (its part of the JSON
     * Schema), with the messages received.
     */
    Object report(List<String> messages);

    /**
     * What this node counts under in its seed's health tallies: tally name (one the module declares)
     * to the values it counts for, e.g. {@code clients -> ["/Client:1.0/"]}.
     */
    Map<String, List<String>> tallies();

    /**
     * What this node advertises and did not do in this handshake, by the name of the quality check that
     * found it (e.g. a transport it announces and refused): each is a concern of its seed's health.
     */
    default List<String> brokenPromises() {
        return List.of();
    }
}
