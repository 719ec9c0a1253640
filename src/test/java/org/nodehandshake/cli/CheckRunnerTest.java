package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.cli.CliTesting.Captured;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * One-shot runs in process, through NodeHandshake.run and camel-main, against a scripted peer on loopback:
 * the seed of the command line (on its network, at its port) and the configured ones (--once).
 */
class CheckRunnerTest {

    static final String PEER_IP = "127.0.0.44";
    static ScriptedPeer peer;

    @TempDir
    Path reports;

    @BeforeAll
    static void startPeer() throws Exception {
        peer = new ScriptedPeer(PEER_IP, ScriptedPeer.honestBitcoinResponder(BitcoinNetwork.REGTEST.magic(), "/scripted:1/", 7));
    }

    @AfterAll
    static void stopPeer() throws Exception {
        peer.close();
    }

    @Test
    void aSuccessExitsZeroAndNamesTheReport() {
        Captured c = CliTesting.run(PEER_IP, Integer.toString(peer.port()), "2000", "--network", "regtest",
                "--report-dir", reports.toString());
        assertEquals(0, c.status(), c::toString);
        assertTrue(c.out().startsWith("Report: " + reports.resolve("handshake-")), c.out());
        assertTrue(c.out().strip().endsWith(".json (also latest.json)"), c.out());
        assertTrue(Files.exists(reports.resolve("latest.json")));
    }

    @Test
    void noSuccessExitsOne() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(PEER_IP))) {
            closed = probe.getLocalPort();
        }
        Captured c = CliTesting.run(PEER_IP, Integer.toString(closed), "1000", "--network", "regtest",
                "--report-dir", reports.toString());
        assertEquals(1, c.status(), c::toString);
    }

    @Test
    void aNameThatDoesNotResolveExitsThree() {
        Captured c = CliTesting.run("nothere.test", "--dns-server", "127.0.0.1:1", "--timeout", "500",
                "--report-dir", reports.toString());
        assertEquals(3, c.status(), c::toString);
    }

    @Test
    void onceChecksTheConfiguredSeeds(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("seeds.properties"),
                "handshake.seeds = " + PEER_IP + ":" + peer.port() + "@regtest\nhandshake.timeout-ms = 2000\n");
        Captured c = CliTesting.run("--once", "--config", config.toString(), "--report-dir", reports.toString());
        assertEquals(0, c.status(), c::toString);
        assertTrue(c.out().startsWith("Report: "), c.out());
    }
}
