package org.nodehandshake.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A process that records big runs into a history as fast as it can, printing {@code committed N} after each,
 * until it is killed: what {@code History*IT} kill in the middle of a transaction.
 * Arguments: {@code sqlite DIR} or {@code postgresql URL USER PASSWORD}, then the nodes per run.
 */
public final class HistoryWriter {

    private HistoryWriter() {
    }

    public static void main(String[] args) throws Exception {
        HistoryStore store;
        int nodes;
        if (args[0].equals("sqlite")) {
            store = new HistoryStore(HistoryTesting.sqlite(35, 10_000), Path.of(args[1]));
            nodes = Integer.parseInt(args[2]);
        } else {
            store = new HistoryStore(new HistorySettings(true, Optional.of(args[1]), Optional.of(args[2]),
                    Optional.of(args[3]), 35, java.time.Duration.ofSeconds(10)), Path.of("."));
            nodes = Integer.parseInt(args[4]);
        }
        Instant start = Instant.now();
        for (int i = 1; ; i++) {
            store.record(HistoryTesting.run(start.plusSeconds(i), i % 2 == 0, nodes));
            System.out.println("committed " + i);
            System.out.flush();
        }
    }
}
