package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.cli.CliTesting.Captured;
import org.nodehandshake.testing.TogglePeer;

/**
 * Reports that cannot be written, one-shot, in process: a directory that cannot be used is one line and
 * exit 2 before any traffic; a report that cannot be written after the handshakes is one line and exit 4.
 */
class ReportDirectoryTest {

    static final String PEER_IP = "127.0.0.193";

    @TempDir
    Path dir;
    TogglePeer peer;

    @AfterEach
    void stopPeer() throws IOException {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void aFileInsteadOfTheDirectoryIsExitTwoBeforeAnyTraffic() throws Exception {
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        Path file = Files.writeString(dir.resolve("reports"), "not a directory");
        Captured c = check(file);
        assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
        assertEquals("error: report directory " + file + ": not a directory\n", c.err());
        assertEquals(0, peer.connections(), "no traffic");
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsExitTwoBeforeAnyTraffic() throws Exception {
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        Files.writeString(dir.resolve("file"), "in the way");
        Path below = dir.resolve("file").resolve("reports");
        Captured c = check(below);
        assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
        assertTrue(c.err().startsWith("error: report directory " + below + ": cannot create it: "), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
        assertEquals(0, peer.connections(), "no traffic");
    }

    @Test
    void aReportThatCannotBeWrittenAfterTheHandshakesIsExitFour() throws Exception {
        Path reports = dir.resolve("reports");
        // the directory is fine at the check; while the handshake runs it is replaced by a file
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic(), () -> replaceByFile(reports));
        Captured c = check(reports);
        assertEquals(NodeHandshake.EXIT_REPORT_NOT_WRITTEN, c.status(), c::toString);
        assertEquals(1, peer.connections());
        assertTrue(c.err().startsWith("error: report not written to " + reports + ": "), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
        assertFalse(c.err().contains("Exception") || c.err().contains("\tat "), c.err());
        assertEquals("", c.out(), "no report named");
    }

    private Captured check(Path reports) {
        return CliTesting.run(PEER_IP, Integer.toString(peer.port()), "--network", "regtest", "--timeout", "2000", "--report-dir", reports.toString(),
                "--transport", "v1"); // one connection per check: the peer is v1 only
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
            throw new UncheckedIOException(e);
        }
    }
}
