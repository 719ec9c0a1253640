package org.nodehandshake.history;

import java.time.Instant;
import java.util.List;

/**
 * What the history keeps of one run.
 *
 * @param seeds one per seed of the run
 */
public record RunRecord(String runId, Instant startedAt, Instant finishedAt, List<SeedRecord> seeds) {

    public RunRecord {
        seeds = List.copyOf(seeds);
    }

    /**
     * One seed in the run.
     *
     * @param key the seed entry, see {@link #seedKey}
     * @param nodes every node checked (contacted) for the seed
     */
    public record SeedRecord(String key, String verdict, int addresses, int success, double successRate,
                             List<NodeRecord> nodes) {
        public SeedRecord {
            nodes = List.copyOf(nodes);
        }
    }

    /** One node checked: up when its handshake concluded. */
    public record NodeRecord(String network, String address, int port, boolean up) {
        public NodeKey key() {
            return new NodeKey(network, address, port);
        }
    }

    /** A node, as the history identifies it. */
    public record NodeKey(String network, String address, int port) {
    }

    /**
     * A seed entry as the history identifies it: {@code name:port@network}, then {@code /filter} if any;
     * {@code name} is the report's seed, which ends with the entry's {@code ;key=value} settings if it has any.
     */
    public static String seedKey(String name, int port, String network, String serviceFilter) {
        return name + ":" + port + "@" + network + (serviceFilter == null || serviceFilter.isEmpty() ? "" : "/" + serviceFilter);
    }
}
