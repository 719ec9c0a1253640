package org.nodehandshake.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.history.RunRecord.NodeKey;

/** The SQLite history: windows, first/last seen, trend, retention, and the databases that cannot be used. */
class HistoryStoreTest {

    static final NodeKey NODE = new NodeKey("regtest", "127.0.0.1", 18444);
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void upDownUpGivesTwoThirdsInEveryWindowAndTheTrend() throws Exception {
        HistoryStore store = HistoryTesting.store(dir, HistoryTesting.sqlite(35, 2000));
        store.record(HistoryTesting.run(NOW.minusSeconds(120), true));
        store.record(HistoryTesting.run(NOW.minusSeconds(60), false));
        HistoryStore.Recorded third = store.record(HistoryTesting.run(NOW, true));

        NodeUptime uptime = third.uptime().get(NODE);
        assertEquals(new NodeUptime(0.667, 0.667, 0.667, 0.667, 0.667, 3, NOW.minusSeconds(120).toString(), NOW.toString()),
                uptime);
        SeedTrend trend = third.trends().get(HistoryTesting.SEED);
        assertEquals(new SeedTrend.Window(3, Map.of("DEGRADED", 2, "DOWN", 1), 0.667, 0.0, 1.0, 0.0), trend.day());
        assertEquals(trend.day(), trend.week());
        assertTrue(Files.exists(dir.resolve("history.db")), "one file in the report directory");
    }

    @Test
    void eachWindowCountsOnlyItsRuns() throws Exception {
        HistoryStore store = HistoryTesting.store(dir, HistoryTesting.sqlite(35, 2000));
        store.record(HistoryTesting.run(NOW.minus(Duration.ofDays(10)), true));   // 30d
        store.record(HistoryTesting.run(NOW.minus(Duration.ofDays(3)), false));   // 7d
        store.record(HistoryTesting.run(NOW.minus(Duration.ofHours(20)), true));  // 1d
        store.record(HistoryTesting.run(NOW.minus(Duration.ofHours(5)), false));  // 8h
        store.record(HistoryTesting.run(NOW.minus(Duration.ofMinutes(30)), false)); // 2h
        HistoryStore.Recorded now = store.record(HistoryTesting.run(NOW, true));

        NodeUptime u = now.uptime().get(NODE);
        assertEquals(0.5, u.twoHours());   // down, up
        assertEquals(0.333, u.eightHours()); // down, down, up
        assertEquals(0.5, u.day());        // up, down, down, up
        assertEquals(0.4, u.week());       // down, up, down, down, up
        assertEquals(0.5, u.month());      // all six
        assertEquals(6, u.checks());
        assertEquals(NOW.minus(Duration.ofDays(10)).toString(), u.firstSeen());
        assertEquals(NOW.toString(), u.lastSeen());

        SeedTrend t = now.trends().get(HistoryTesting.SEED);
        assertEquals(4, t.day().runs());
        assertEquals(Map.of("DEGRADED", 2, "DOWN", 2), t.day().verdicts());
        assertEquals(0.0, t.day().change()); // up 20 h ago, up now
        assertEquals(5, t.week().runs());
        assertEquals(1.0, t.week().change()); // down 3 days ago, up now
        assertEquals(0.4, t.week().successRate());
    }

    @Test
    void aNodeNeverUpHasNoFirstOrLastSeenAndAnUnknownNodeNoShare() throws Exception {
        HistoryStore store = HistoryTesting.store(dir, HistoryTesting.sqlite(35, 2000));
        HistoryStore.Recorded r = store.record(HistoryTesting.run(NOW, false));
        NodeUptime down = r.uptime().get(NODE);
        assertEquals(0.0, down.twoHours());
        assertNull(down.firstSeen());
        assertNull(down.lastSeen());
        NodeUptime unknown = store.uptime(new NodeKey("regtest", "127.0.0.9", 1), NOW);
        assertNull(unknown.twoHours());
        assertEquals(0, unknown.checks());
    }

    @Test
    void rowsOlderThanTheRetentionAreDeleted() throws Exception {
        HistoryStore store = HistoryTesting.store(dir, HistoryTesting.sqlite(2, 2000));
        store.record(HistoryTesting.run(NOW.minus(Duration.ofDays(3)), true));
        store.record(HistoryTesting.run(NOW.minus(Duration.ofDays(1)), true));
        HistoryStore.Recorded r = store.record(HistoryTesting.run(NOW, false));
        assertEquals(2, r.uptime().get(NODE).checks());
        assertEquals(2, store.runs(HistoryTesting.SEED, NOW.minus(Duration.ofDays(30)), NOW).size());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = c.createStatement()) {
            for (String table : new String[] {"history_run", "history_seed_run", "history_observation"}) {
                var rs = s.executeQuery("SELECT COUNT(*) FROM " + table);
                rs.next();
                assertEquals(2, rs.getInt(1), table);
            }
        }
    }

    @Test
    void aLockedDatabaseIsOneLineAfterTheTimeout() throws Exception {
        HistoryStore store = HistoryTesting.store(dir, HistoryTesting.sqlite(35, 300));
        store.record(HistoryTesting.run(NOW.minusSeconds(60), true));
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = holder.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            long start = System.nanoTime();
            HistoryException e = assertThrows(HistoryException.class, () -> store.record(HistoryTesting.run(NOW, true)));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
            assertOneLine(e);
            assertTrue(e.getMessage().startsWith("history not recorded: "), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("locked") || e.getMessage().toLowerCase().contains("busy"),
                    e.getMessage());
            s.execute("ROLLBACK");
        }
        // the lock gone, the next run is recorded
        assertEquals(2, store.record(HistoryTesting.run(NOW, true)).uptime().get(NODE).checks());
    }

    @Test
    void aCorruptFileIsOneLine() throws Exception {
        Files.write(dir.resolve("history.db"), "this is not a database, it is a text file that got here".repeat(100).getBytes());
        HistoryStore store = HistoryTesting.store(dir, HistoryTesting.sqlite(35, 300));
        HistoryException e = assertThrows(HistoryException.class, () -> store.record(HistoryTesting.run(NOW, true)));
        assertOneLine(e);
        assertTrue(e.getMessage().contains("not a database"), e.getMessage());
    }

    @Test
    void anUnreachableServerIsOneLine() {
        HistoryStore store = HistoryTesting.store(dir,
                HistoryTesting.postgres("jdbc:postgresql://127.0.0.199:1/history", "nobody", "secret"));
        long start = System.nanoTime();
        HistoryException e = assertThrows(HistoryException.class, () -> store.record(HistoryTesting.run(NOW, true)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 10_000);
        assertOneLine(e);
        assertFalse(e.getMessage().contains("secret"));
        assertEquals("postgresql", store.store());
        assertEquals("postgresql://127.0.0.199:1/history", store.location());
    }

    @Test
    void theSchemaVersionIsTheNewestMigration() throws Exception {
        int newest;
        try (var files = Files.list(Path.of("src/main/resources/db/history"))) {
            newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertEquals(newest, HistoryStore.SCHEMA_VERSION);
        // a second process (a new store) finds the tables current and records without Flyway
        HistoryTesting.store(dir, HistoryTesting.sqlite(35, 2000)).record(HistoryTesting.run(NOW.minusSeconds(1), true));
        HistoryStore again = HistoryTesting.store(dir, HistoryTesting.sqlite(35, 2000));
        assertEquals(2, again.record(HistoryTesting.run(NOW, true)).uptime().get(NODE).checks());
    }

    @Test
    void settingsAreCheckedWithTheirKeyFirst() {
        assertEquals(35, HistorySettings.from(k -> Optional.empty()).retentionDays());
        assertTrue(HistorySettings.from(k -> Optional.empty()).enabled());
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class, () ->
                HistorySettings.from(k -> k.equals("handshake.history.url") ? Optional.of("jdbc:mysql://x/y?password=p")
                        : Optional.empty()));
        assertEquals("handshake.history.url: not a jdbc:sqlite: or jdbc:postgresql: URL: jdbc:mysql://x/y", url.getMessage());
        IllegalArgumentException days = assertThrows(IllegalArgumentException.class, () ->
                HistorySettings.from(k -> k.equals("handshake.history.retention-days") ? Optional.of("0") : Optional.empty()));
        assertEquals("handshake.history.retention-days out of range: 0 (expected: 1-3650)", days.getMessage());
        IllegalArgumentException on = assertThrows(IllegalArgumentException.class, () ->
                HistorySettings.from(k -> k.equals("handshake.history.enabled") ? Optional.of("yes") : Optional.empty()));
        assertEquals("handshake.history.enabled: expected true or false: yes", on.getMessage());
    }

    static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }
}
