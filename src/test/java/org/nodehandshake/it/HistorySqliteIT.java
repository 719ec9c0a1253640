package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.history.HistoryConsistency;
import org.nodehandshake.history.HistoryStore;
import org.nodehandshake.history.HistoryTesting;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.TogglePeer;

/**
 * The SQLite history with the packaged jar (Flyway and the driver as shaded): three runs against a node that
 * is up, down, up, the --history table, a report directory lost during the run (exit 4, the summary still
 * printed); and a writer killed in the middle of a transaction leaves whole runs only.
 */
class HistorySqliteIT {

    static final String PEER_IP = "127.0.0.195";

    @TempDir
    Path dir;

    @Test
    void threeRunsWithTheJarGiveUptimeTrendAndTheTable() throws Exception {
        Path reports = dir.resolve("reports");
        try (TogglePeer peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic())) {
            int[] exits = {0, 1, 0};
            boolean[] up = {true, false, true};
            for (int i = 0; i < 3; i++) {
                peer.up(up[i]);
                Processes.Result run = Jar.run(PEER_IP, Integer.toString(peer.port()), "2000", "--network", "regtest",
                        "--report-dir", reports.toString());
                assertEquals(exits[i], run.exitCode(), run.stdout() + run.stderr());
                assertTrue(!run.stdout().contains("Exception") && !run.stderr().contains("Exception"), run.stdout() + run.stderr());
            }
            JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
            JsonNode uptime = report.at("/seeds/0/results/0/uptime");
            assertEquals(0.667, uptime.get("2h").asDouble(), report::toString);
            assertEquals(0.667, uptime.get("30d").asDouble());
            assertEquals(3, uptime.get("checks").asInt());
            assertEquals(3, report.at("/seeds/0/trend/week/runs").asInt());
            assertTrue(report.at("/history/error").isNull(), report::toString);

            int connections = peer.connections();
            Processes.Result table = Jar.run("--history", PEER_IP + ":" + peer.port() + "@regtest",
                    "--report-dir", reports.toString());
            assertEquals(0, table.exitCode(), table.stdout() + table.stderr());
            assertEquals(connections, peer.connections(), "--history makes no connection");
            assertTrue(table.stdout().contains("1d         3        0        2     1        0.667  0.000  1.000  +0.000"),
                    table.stdout());
            System.out.println(table.stdout());
        }
    }

    @Test
    void aReportDirectoryLostDuringTheRunIsExitFourWithTheSummaryAndOneLine() throws Exception {
        Path reports = dir.resolve("lost");
        try (TogglePeer peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic(), () -> replaceByFile(reports))) {
            Processes.Result run = Jar.run(PEER_IP, Integer.toString(peer.port()), "2000", "--network", "regtest",
                    "--report-dir", reports.toString());
            assertEquals(4, run.exitCode(), run.stdout() + run.stderr());
            assertTrue(run.stdout().contains("Success = 1"), run.stdout());
            assertEquals(1, run.stderr().lines().count(), run.stderr());
            assertTrue(run.stderr().startsWith("error: report not written to " + reports + ": "), run.stderr());
            assertTrue(!run.stdout().contains("Exception") && !run.stdout().contains("\tat "), run.stdout());
            System.out.println(run.stdout() + run.stderr());
        }
    }

    @Test
    void aWriterKilledMidTransactionLeavesWholeRunsAndTheNextRunWorks() throws Exception {
        int committed = HistoryConsistency.killWriterMidRun(List.of("sqlite", dir.toString(), "20000"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = c.createStatement(); ResultSet ok = s.executeQuery("PRAGMA integrity_check")) {
            ok.next();
            assertEquals("ok", ok.getString(1));
            int runs = HistoryConsistency.assertWholeRuns(c);
            assertTrue(runs == committed || runs == committed + 1, runs + " runs, " + committed + " reported");
        }
        HistoryStore store = HistoryTesting.store(dir, HistoryTesting.sqlite(35, 5000));
        HistoryStore.Recorded next = store.record(HistoryTesting.run(Instant.now().plusSeconds(3600), true));
        assertTrue(next.uptime().values().iterator().next().checks() >= committed + 1);
    }

    private static void replaceByFile(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                Files.writeString(dir, "a file where the report directory was");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
