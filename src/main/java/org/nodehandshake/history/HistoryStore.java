package org.nodehandshake.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.nodehandshake.history.RunRecord.NodeKey;
import org.nodehandshake.history.RunRecord.NodeRecord;
import org.nodehandshake.history.RunRecord.SeedRecord;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The run history in a database: SQLite by default (one file in the report directory, created on first
 * use), PostgreSQL for a {@code jdbc:postgresql:} URL (several instances writing to one place). Flyway
 * creates and migrates the tables ({@code db/history/V*.sql}) on first use. Each run is written in one
 * transaction (a process killed mid-write leaves the previous state) together with the deletion of rows
 * older than the retention; then the uptime of its nodes and the trend of its seeds are read back.
 *
 * <p>One connection per call, no pool: a run every few minutes needs no more. Every failure is a
 * {@link HistoryException} with one line saying what happened; nothing here retries or waits beyond the
 * configured timeout.
 */
public final class HistoryStore {

    /** The uptime windows, those a DNS seeder judges nodes by (2 hours, 8 hours, a day, a week, a month). */
    public static final List<Duration> WINDOWS = List.of(Duration.ofHours(2), Duration.ofHours(8), Duration.ofDays(1),
            Duration.ofDays(7), Duration.ofDays(30));

    /** The newest migration under {@code db/history} ({@code V<n>__*.sql}); a test checks they agree. */
    public static final int SCHEMA_VERSION = 1;

    private final HistorySettings settings;
    private final String url;
    private final Path sqliteFile;
    private final Object migration = new Object();
    private volatile boolean migrated;

    public HistoryStore(HistorySettings settings, Path reportDir) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.url = settings.jdbcUrl(reportDir);
        this.sqliteFile = settings.postgres() ? null : sqliteFile(url);
    }

    /** {@code sqlite} or {@code postgresql}. */
    public String store() {
        return settings.postgres() ? "postgresql" : "sqlite";
    }

    /** The database file, or the server's URL without its query: what a report or a log line may show. */
    public String location() {
        return sqliteFile != null ? sqliteFile.toString() : HistorySettings.redacted(url.substring("jdbc:".length()));
    }

    /** The report's history section: recorded, or the error. */
    public HistoryStatus status(String error) {
        return new HistoryStatus(store(), location(), error);
    }

    /** False for a SQLite file that does not exist yet (nothing recorded; {@code --history} creates none). */
    public boolean exists() {
        return sqliteFile == null || Files.exists(sqliteFile);
    }

    /** What {@link #record} read back: uptime per node checked, trend per seed. */
    public record Recorded(Map<NodeKey, NodeUptime> uptime, Map<String, SeedTrend> trends) {
    }

    /**
     * Writes the run in one transaction, deletes rows older than the retention, then reads back the uptime of
     * every node checked and the trend of every seed, as of the run's start.
     */
    public Recorded record(RunRecord run) throws HistoryException {
        migrate();
        long now = run.startedAt().toEpochMilli();
        Map<NodeKey, Boolean> nodes = new LinkedHashMap<>();
        for (SeedRecord seed : run.seeds()) {
            for (NodeRecord node : seed.nodes()) {
                nodes.merge(node.key(), node.up(), Boolean::logicalOr);
            }
        }
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                insert(c, run, nodes);
                prune(c, now - Duration.ofDays(settings.retentionDays()).toMillis());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw HistoryException.of("history not recorded", e);
        }
        try (Connection c = connect()) {
            Map<NodeKey, NodeUptime> uptime = new HashMap<>();
            try (PreparedStatement query = uptimeQuery(c)) { // one statement for every node (100,000 in a large run)
                for (NodeKey node : nodes.keySet()) {
                    uptime.put(node, uptime(query, node, now));
                }
            }
            Map<String, SeedTrend> trends = new HashMap<>();
            for (SeedRecord seed : run.seeds()) {
                trends.put(seed.key(), trend(runs(c, seed.key(), now - Duration.ofDays(7).toMillis(), now), now));
            }
            return new Recorded(uptime, trends);
        } catch (SQLException | RuntimeException e) {
            throw HistoryException.of("history recorded, but not read back", e);
        }
    }

    /** The trend of one seed as of {@code now}. */
    public SeedTrend trend(String seedKey, Instant now) throws HistoryException {
        return trend(runs(seedKey, now.minus(Duration.ofDays(7)), now), now.toEpochMilli());
    }

    /** The recorded runs of one seed from {@code since} to {@code until}, oldest first. */
    public List<SeedRun> runs(String seedKey, Instant since, Instant until) throws HistoryException {
        migrate();
        try (Connection c = connect()) {
            return runs(c, seedKey, since.toEpochMilli(), until.toEpochMilli());
        } catch (SQLException | RuntimeException e) {
            throw HistoryException.of("history not read", e);
        }
    }

    /** The uptime of one node as of {@code now}. */
    public NodeUptime uptime(NodeKey node, Instant now) throws HistoryException {
        migrate();
        try (Connection c = connect()) {
            try (PreparedStatement query = uptimeQuery(c)) {
                return uptime(query, node, now.toEpochMilli());
            }
        } catch (SQLException | RuntimeException e) {
            throw HistoryException.of("history not read", e);
        }
    }

    /** Creates or migrates the tables, once per process (again after a failure). */
    public void migrate() throws HistoryException {
        if (migrated) {
            return;
        }
        synchronized (migration) {
            if (migrated) {
                return;
            }
            try {
                if (sqliteFile != null && sqliteFile.getParent() != null) {
                    Files.createDirectories(sqliteFile.getParent());
                }
                // a corrupt file or an unreachable server fails here, at once and in its own words; a database
                // already at this version needs no Flyway (whose start costs a one-shot run about half a second)
                if (probe()) {
                    migrated = true;
                    return;
                }
                Flyway.configure(HistoryStore.class.getClassLoader())
                        .dataSource(dataSource())
                        .createSchemas(false)
                        .locations("classpath:db/history")
                        .table("history_schema_version")
                        .connectRetries(0)
                        .load()
                        .migrate();
                migrated = true;
            } catch (IOException | SQLException | RuntimeException e) {
                throw HistoryException.of("history database not usable", e);
            }
        }
    }

    /** Opens the database and reads its catalogue: true when Flyway has brought it to {@link #SCHEMA_VERSION}. */
    private boolean probe() throws SQLException {
        try (Connection c = connect()) {
            try (var s = c.createStatement();
                 ResultSet r = s.executeQuery(sqliteFile != null ? "SELECT COUNT(*) FROM sqlite_master" : "SELECT 1")) {
                r.next();
            }
            if (!c.getMetaData().getTables(null, null, "history_schema_version", null).next()) {
                return false;
            }
            try (var s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT version FROM history_schema_version WHERE success = " + (sqliteFile != null ? "1" : "TRUE"))) {
                int newest = 0;
                while (r.next()) {
                    String version = r.getString(1);
                    if (version != null && version.matches("\\d+")) {
                        newest = Math.max(newest, Integer.parseInt(version));
                    }
                }
                return newest == SCHEMA_VERSION;
            }
        }
    }

    private void insert(Connection c, RunRecord run, Map<NodeKey, Boolean> nodes) throws SQLException {
        long started = run.startedAt().toEpochMilli();
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO history_run (run_id, started_at, finished_at, seeds, observations) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, run.runId());
            s.setLong(2, started);
            s.setLong(3, run.finishedAt().toEpochMilli());
            s.setInt(4, new LinkedHashSet<>(run.seeds().stream().map(SeedRecord::key).toList()).size());
            s.setInt(5, nodes.size());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO history_seed_run (run_id, seed_key, started_at, verdict,"
                + " addresses, success, success_rate) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            Map<String, SeedRecord> seeds = new LinkedHashMap<>();
            run.seeds().forEach(seed -> seeds.putIfAbsent(seed.key(), seed)); // the same entry twice in a list
            for (SeedRecord seed : seeds.values()) {
                s.setString(1, run.runId());
                s.setString(2, seed.key());
                s.setLong(3, started);
                s.setString(4, seed.verdict());
                s.setInt(5, seed.addresses());
                s.setInt(6, seed.success());
                s.setDouble(7, seed.successRate());
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO history_observation (run_id, network, address, port,"
                + " observed_at, up) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<NodeKey, Boolean> node : nodes.entrySet()) {
                s.setString(1, run.runId());
                s.setString(2, node.getKey().network());
                s.setString(3, node.getKey().address());
                s.setInt(4, node.getKey().port());
                s.setLong(5, started);
                s.setInt(6, node.getValue() ? 1 : 0);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void prune(Connection c, long cutoff) throws SQLException {
        for (String sql : List.of("DELETE FROM history_observation WHERE observed_at < ?",
                "DELETE FROM history_seed_run WHERE started_at < ?", "DELETE FROM history_run WHERE started_at < ?")) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, cutoff);
                s.executeUpdate();
            }
        }
    }

    /** One node's checks per window, all and up, and its first and last time up, as of a time: see {@link #uptime(PreparedStatement, NodeKey, long)}. */
    private static PreparedStatement uptimeQuery(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < WINDOWS.size(); i++) {
            sql.append("SUM(CASE WHEN observed_at >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN observed_at >= ? THEN up ELSE 0 END), ");
        }
        sql.append("COUNT(*), MIN(CASE WHEN up = 1 THEN observed_at END), MAX(CASE WHEN up = 1 THEN observed_at END)"
                + " FROM history_observation WHERE network = ? AND address = ? AND port = ? AND observed_at <= ?");
        return c.prepareStatement(sql.toString());
    }

    private static NodeUptime uptime(PreparedStatement s, NodeKey node, long now) throws SQLException {
        int p = 1;
        for (Duration window : WINDOWS) {
            long from = now - window.toMillis();
            s.setLong(p++, from);
            s.setLong(p++, from);
        }
        s.setString(p++, node.network());
        s.setString(p++, node.address());
        s.setInt(p++, node.port());
        s.setLong(p, now);
        try (ResultSet r = s.executeQuery()) {
            r.next();
            Double[] shares = new Double[WINDOWS.size()];
            for (int i = 0; i < WINDOWS.size(); i++) {
                long checks = r.getLong(2 * i + 1);
                long up = r.getLong(2 * i + 2);
                shares[i] = checks == 0 ? null : round(up / (double) checks);
            }
            int col = 2 * WINDOWS.size() + 1;
            int checks = r.getInt(col);
            long first = r.getLong(col + 1);
            String firstSeen = r.wasNull() ? null : iso(first);
            long last = r.getLong(col + 2);
            String lastSeen = r.wasNull() ? null : iso(last);
            return new NodeUptime(shares[0], shares[1], shares[2], shares[3], shares[4], checks, firstSeen, lastSeen);
        }
    }

    private static List<SeedRun> runs(Connection c, String seedKey, long from, long until) throws SQLException {
        List<SeedRun> runs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT started_at, verdict, addresses, success, success_rate"
                + " FROM history_seed_run WHERE seed_key = ? AND started_at >= ? AND started_at <= ? ORDER BY started_at")) {
            s.setString(1, seedKey);
            s.setLong(2, from);
            s.setLong(3, until);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runs.add(new SeedRun(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getInt(3), r.getInt(4),
                            r.getDouble(5)));
                }
            }
        }
        return runs;
    }

    /** The day's and the week's windows over a week of runs, oldest first. */
    static SeedTrend trend(List<SeedRun> week, long now) {
        long dayStart = now - Duration.ofDays(1).toMillis();
        return new SeedTrend(window(week.stream().filter(r -> r.startedAt().toEpochMilli() >= dayStart).toList()),
                window(week));
    }

    private static SeedTrend.Window window(Collection<SeedRun> runs) {
        Map<String, Integer> verdicts = new HashMap<>();
        double sum = 0;
        Double min = null;
        Double max = null;
        SeedRun first = null;
        SeedRun last = null;
        for (SeedRun run : runs) {
            verdicts.merge(run.verdict(), 1, Integer::sum);
            sum += run.successRate();
            min = min == null ? run.successRate() : Math.min(min, run.successRate());
            max = max == null ? run.successRate() : Math.max(max, run.successRate());
            first = first == null ? run : first;
            last = run;
        }
        return runs.isEmpty() ? new SeedTrend.Window(0, verdicts, null, null, null, null)
                : new SeedTrend.Window(runs.size(), verdicts, round(sum / runs.size()), min, max,
                        round(last.successRate() - first.successRate()));
    }

    private Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    private DataSource dataSource() {
        int seconds = (int) Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
        if (settings.postgres()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url);
            settings.user().ifPresent(ds::setUser);
            settings.password().ifPresent(ds::setPassword);
            ds.setConnectTimeout(seconds);
            ds.setLoginTimeout(seconds);
            ds.setSocketTimeout(Math.max(60, seconds));
            ds.setApplicationName("node-handshake");
            return ds;
        }
        SqliteNativeLibrary.prepare();
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) settings.timeout().toMillis());
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    private static Path sqliteFile(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int query = rest.indexOf('?');
        rest = query < 0 ? rest : rest.substring(0, query);
        if (rest.isEmpty() || rest.equals(":memory:")) {
            throw new IllegalArgumentException("handshake.history.url: not a SQLite file: " + url);
        }
        return Path.of(rest);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the database drops the transaction itself
        }
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
