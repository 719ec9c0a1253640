package org.nodehandshake.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kills a {@link HistoryWriter} in the middle of its writes and checks what it left. */
public final class HistoryConsistency {

    private HistoryConsistency() {
    }

    /**
     * Starts the writer with {@code args}, kills it (SIGKILL) 40 ms after it reported its third run committed,
     * inside the fourth run's transaction (a run of thousands of rows takes longer), and returns 3: the database
     * must then hold 3 whole runs, or 4 if the fourth committed before the kill.
     */
    public static int killWriterMidRun(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                HistoryWriter.class.getName()));
        command.addAll(args);
        Process writer = new ProcessBuilder(command).redirectErrorStream(true).start();
        int committed = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String line;
            while (committed < 3 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("committed ")) {
                    committed = Integer.parseInt(line.substring("committed ".length()));
                }
            }
            assertEquals(3, committed, "the writer did not commit 3 runs: " + output);
            Thread.sleep(40); // well inside the next run's transaction (each takes longer)
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback by the writer
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
        } finally {
            writer.destroyForcibly();
        }
        return committed;
    }

    /**
     * Every run in the database is whole (its seed and node rows all there), no row belongs to a missing
     * run; returns the number of runs.
     */
    public static int assertWholeRuns(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            assertEquals(0, count(s, "SELECT COUNT(*) FROM history_run r WHERE r.observations <>"
                    + " (SELECT COUNT(*) FROM history_observation o WHERE o.run_id = r.run_id)"), "runs missing nodes");
            assertEquals(0, count(s, "SELECT COUNT(*) FROM history_run r WHERE r.seeds <>"
                    + " (SELECT COUNT(*) FROM history_seed_run o WHERE o.run_id = r.run_id)"), "runs missing seeds");
            assertEquals(0, count(s, "SELECT COUNT(*) FROM history_observation o WHERE NOT EXISTS"
                    + " (SELECT 1 FROM history_run r WHERE r.run_id = o.run_id)"), "nodes of no run");
            assertEquals(0, count(s, "SELECT COUNT(*) FROM history_seed_run o WHERE NOT EXISTS"
                    + " (SELECT 1 FROM history_run r WHERE r.run_id = o.run_id)"), "seeds of no run");
            return count(s, "SELECT COUNT(*) FROM history_run");
        }
    }

    static int count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
