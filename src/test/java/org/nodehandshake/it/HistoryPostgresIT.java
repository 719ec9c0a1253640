package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.history.HistoryConsistency;
import org.nodehandshake.history.HistoryStore;
import org.nodehandshake.history.HistoryTesting;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.PostgresServer;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.TogglePeer;

/**
 * The history in a real PostgreSQL server (Debian's postgresql, started here on 127.0.0.191 in a temporary
 * directory, stopped after even on failure): three runs of the packaged jar against a node that is up, down,
 * up, credentials from the configuration file; the --history table from the server; a writer killed in the
 * middle of a transaction leaves whole runs and the next run works.
 */
class HistoryPostgresIT {

    static final String DB_IP = "127.0.0.191";
    static final int DB_PORT = 54191;
    static final String PEER_IP = "127.0.0.197";

    static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start(DB_IP, DB_PORT);
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void threeRunsGiveUptimeAndTrendFromTheServer() throws Exception {
        Path config = Files.writeString(dir.resolve("pg.properties"), "handshake.history.url = " + postgres.jdbcUrl()
                + "\nhandshake.history.user = " + PostgresServer.USER
                + "\nhandshake.history.password = " + PostgresServer.PASSWORD + "\n");
        Path reports = dir.resolve("reports");
        try (TogglePeer peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic())) {
            int[] exits = {0, 1, 0};
            boolean[] up = {true, false, true};
            for (int i = 0; i < 3; i++) {
                peer.up(up[i]);
                Processes.Result run = Jar.run(PEER_IP, Integer.toString(peer.port()), "2000", "--network", "regtest",
                        "--config", config.toString(), "--report-dir", reports.toString());
                assertEquals(exits[i], run.exitCode(), run.stdout() + run.stderr());
            }
            JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
            assertEquals("postgresql", report.at("/history/store").asText(), report::toString);
            assertEquals("postgresql://" + DB_IP + ":" + DB_PORT + "/postgres", report.at("/history/location").asText());
            assertTrue(report.at("/history/error").isNull(), report::toString);
            assertTrue(!report.toString().contains(PostgresServer.PASSWORD));
            JsonNode uptime = report.at("/seeds/0/results/0/uptime");
            for (String window : new String[] {"2h", "8h", "1d", "7d", "30d"}) {
                assertEquals(0.667, uptime.get(window).asDouble(), window + ": " + uptime);
            }
            assertEquals(3, uptime.get("checks").asInt());
            JsonNode day = report.at("/seeds/0/trend/day");
            assertEquals(3, day.get("runs").asInt(), day::toString);
            assertEquals(2, day.at("/verdicts/DEGRADED").asInt());
            assertEquals(1, day.at("/verdicts/DOWN").asInt());
            assertEquals(0.667, day.get("successRate").asDouble());
            assertTrue(!Files.exists(reports.resolve("history.db")), "no SQLite file beside a server");

            Processes.Result table = Jar.run("--history", PEER_IP + ":" + peer.port() + "@regtest",
                    "--config", config.toString());
            assertEquals(0, table.exitCode(), table.stdout() + table.stderr());
            assertTrue(table.stdout().startsWith("History of " + PEER_IP + ":" + peer.port() + "@regtest (postgresql postgresql://"
                    + DB_IP + ":" + DB_PORT + "/postgres)"), table.stdout());
            assertTrue(table.stdout().contains("7d         3        0        2     1        0.667  0.000  1.000  +0.000"),
                    table.stdout());
        }
    }

    @Test
    void aWrongPasswordIsOneLineAndTheReportIsStillWritten() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), "handshake.history.url = " + postgres.jdbcUrl()
                + "\nhandshake.history.user = " + PostgresServer.USER + "\nhandshake.history.password = wrong\n");
        Path reports = dir.resolve("reports");
        try (TogglePeer peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic())) {
            Processes.Result run = Jar.run(PEER_IP, Integer.toString(peer.port()), "2000", "--network", "regtest",
                    "--config", config.toString(), "--report-dir", reports.toString());
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            List<String> historyLines = run.stdout().lines().filter(l -> l.contains(" history - ")).toList();
            assertEquals(1, historyLines.size(), run.stdout());
            assertTrue(historyLines.get(0).contains("password authentication failed"), historyLines.get(0));
            JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
            assertTrue(report.at("/history/error").asText().contains("password authentication failed"), report::toString);
        }
    }

    @Test
    void aWriterKilledMidTransactionLeavesWholeRunsAndTheNextRunWorks() throws Exception {
        try (Connection c = postgres.connect(); var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS history_observation, history_seed_run, history_run, history_schema_version");
        }
        int committed = HistoryConsistency.killWriterMidRun(List.of("postgresql", postgres.jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD, "3000"));
        try (Connection c = postgres.connect()) {
            int runs = HistoryConsistency.assertWholeRuns(c);
            assertTrue(runs == committed || runs == committed + 1, runs + " runs, " + committed + " reported");
        }
        HistoryStore store = HistoryTesting.store(dir,
                HistoryTesting.postgres(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD));
        HistoryStore.Recorded next = store.record(HistoryTesting.run(Instant.now().plusSeconds(3600), true));
        assertTrue(next.uptime().values().iterator().next().checks() >= committed + 1);
    }
}
