package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.cli.CliTesting.Captured;
import org.nodehandshake.testing.TogglePeer;

/** {@code --history SEED}: three one-shot runs (up, down, up) recorded, then the table; no traffic; exit codes. */
class HistoryCommandTest {

    static final String PEER_IP = "127.0.0.194";
    static TogglePeer peer;

    @TempDir
    static Path reports;

    @BeforeAll
    static void threeRuns() throws Exception {
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        int[] expected = {0, 1, 0};
        boolean[] up = {true, false, true};
        for (int i = 0; i < 3; i++) {
            peer.up(up[i]);
            Captured c = CliTesting.run(PEER_IP, Integer.toString(peer.port()), "2000", "--network", "regtest",
                    "--report-dir", reports.toString());
            assertEquals(expected[i], c.status(), c::toString);
        }
    }

    @AfterAll
    static void stopPeer() throws Exception {
        peer.close();
    }

    String entry() {
        return PEER_IP + ":" + peer.port() + "@regtest";
    }

    @Test
    void printsTheTrendTableWithoutTraffic() {
        int before = peer.connections();
        Captured c = CliTesting.run("--history", entry(), "--report-dir", reports.toString());
        assertEquals(0, c.status(), c::toString);
        assertEquals(before, peer.connections(), "no traffic");
        String[] lines = c.out().split("\n");
        assertEquals("History of " + entry() + " (sqlite " + reports.resolve("history.db") + ")", lines[0]);
        assertEquals("window  runs  HEALTHY DEGRADED  DOWN success-rate    min    max  change", lines[2]);
        assertEquals("1d         3        0        2     1        0.667  0.000  1.000  +0.000", lines[3]);
        assertEquals("7d         3        0        2     1        0.667  0.000  1.000  +0.000", lines[4]);
        assertEquals("Runs in the last 7 days:", lines[6]);
        assertTrue(lines[8].matches("\\S+Z +DEGRADED +1 +1 +1\\.000"), lines[8]);
        assertTrue(lines[9].matches("\\S+Z +DOWN +1 +0 +0\\.000"), lines[9]);
        assertTrue(lines[10].matches("\\S+Z +DEGRADED +1 +1 +1\\.000"), lines[10]);
        assertEquals(11, lines.length, c.out());
    }

    @Test
    void aSeedWithoutRunsIsExitOne() {
        Captured c = CliTesting.run("--history", "other.test@regtest", "--report-dir", reports.toString());
        assertEquals(1, c.status(), c::toString);
        assertEquals("error: no run of other.test:18444@regtest recorded in the last 7 days (sqlite "
                + reports.resolve("history.db") + ")\n", c.err());
    }

    @Test
    void noDatabaseIsExitOneAndCreatesNone(@TempDir Path empty) {
        Captured c = CliTesting.run("--history", entry(), "--report-dir", empty.toString());
        assertEquals(1, c.status(), c::toString);
        assertTrue(c.err().startsWith("error: no history at sqlite " + empty.resolve("history.db")), c.err());
        assertTrue(!Files.exists(empty.resolve("history.db")));
    }

    @Test
    void aCorruptDatabaseIsExitFive(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("history.db"), "garbage ".repeat(300));
        Captured c = CliTesting.run("--history", entry(), "--report-dir", dir.toString());
        assertEquals(NodeHandshake.EXIT_HISTORY_UNREADABLE, c.status(), c::toString);
        assertTrue(c.err().startsWith("error: history database not usable: "), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
    }

    @Test
    void historyOffIsExitTwo(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("off.properties"), "handshake.history.enabled = false\n");
        Captured c = CliTesting.run("--history", entry(), "--config", config.toString(), "--report-dir", reports.toString());
        assertEquals(2, c.status(), c::toString);
        assertEquals("error: --history: the history is off (handshake.history.enabled = false)\n", c.err());
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertEquals("--history takes no <dns_seed_name>, no --once and no --listen",
                CliTesting.rejected("--history", entry(), "seed.test"));
        assertTrue(CliTesting.rejected("--history", "seed.test@nonet", "--report-dir", reports.toString())
                .startsWith("--history: "));
    }
}
