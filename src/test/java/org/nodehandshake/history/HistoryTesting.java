package org.nodehandshake.history;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.nodehandshake.history.RunRecord.NodeRecord;
import org.nodehandshake.history.RunRecord.SeedRecord;

/** Runs made up for the history's tests. */
public final class HistoryTesting {

    public static final String SEED = RunRecord.seedKey("seed.test", 18444, "regtest", null);

    private HistoryTesting() {
    }

    public static HistorySettings sqlite(int retentionDays, long timeoutMillis) {
        return new HistorySettings(true, Optional.empty(), Optional.empty(), Optional.empty(), retentionDays,
                Duration.ofMillis(timeoutMillis));
    }

    public static HistorySettings postgres(String url, String user, String password) {
        return new HistorySettings(true, Optional.of(url), Optional.of(user), Optional.of(password), 35,
                Duration.ofSeconds(5));
    }

    /** A run of {@link #SEED} at {@code at} whose one node 127.0.0.1:18444 is up or down. */
    public static RunRecord run(Instant at, boolean up) {
        return run(at, up, 1);
    }

    /** The same with {@code nodes} nodes (127.0.x.y), all up or all down. */
    public static RunRecord run(Instant at, boolean up, int nodes) {
        List<NodeRecord> checked = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            checked.add(new NodeRecord("regtest", "127.0." + (i / 250) + "." + (1 + i % 250), 18444, up));
        }
        return new RunRecord(UUID.randomUUID().toString(), at, at.plusSeconds(1), List.of(new SeedRecord(SEED,
                up ? "DEGRADED" : "DOWN", nodes, up ? nodes : 0, up ? 1.0 : 0.0, checked)));
    }

    public static HistoryStore store(Path reportDir, HistorySettings settings) {
        return new HistoryStore(settings, reportDir);
    }
}
