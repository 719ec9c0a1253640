package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell through camel-main itself (camel-test-main-junit5 is not served at 4.22 here, so the real
 * Main is started): which routes each mode runs, and how properties layer: jar defaults, then the
 * configuration file, then the command line.
 */
class CamelRuntimeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("test.properties");
        Files.write(file, java.util.List.of(lines));
        return file;
    }

    /** Starts camel-main for the arguments, returns the route ids, stops it. */
    private Set<String> routesOf(String... args) throws Exception {
        CamelRuntime camel = CamelRuntime.of(CliArguments.parse(args), new PrintStream(errors, true));
        try {
            assertTrue(camel.start(), errors::toString);
            Set<String> ids = new TreeSet<>();
            for (Route route : camel.main().getCamelContext().getRoutes()) {
                ids.add(route.getRouteId());
            }
            return ids;
        } finally {
            camel.stop();
        }
    }

    @Test
    void aOneShotCheckRunsTheCheckRoutesOnly() throws Exception {
        assertEquals(Set.of("check-seeds", "check-seed"), routesOf("127.0.0.1", "--report-dir", dir.toString()));
    }

    @Test
    void onceRunsTheCheckRoutesOnly() throws Exception {
        Path config = config("handshake.seeds = 127.0.0.1", "handshake.report-dir = " + dir);
        assertEquals(Set.of("check-seeds", "check-seed"), routesOf("--once", "--config", config.toString()));
    }

    @Test
    void theServiceAddsTheScheduleToTheCheckRoutes() throws Exception {
        Path config = config("handshake.seeds = 127.0.0.1", "handshake.report-dir = " + dir,
                "handshake.schedule = 0 0 0 1 1 ? 2099");
        assertEquals(Set.of("check-seeds", "check-seed", "scheduled-check", "configured-seeds"),
                routesOf("--config", config.toString()));
    }

    @Test
    void theListenerRunsTheListenerRoutesOnly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(Set.of("listener", "listener-report-timer", "write-listener-report"),
                routesOf("--listen", "127.0.0.1:" + port, "--report-dir", dir.toString()));
    }

    @Test
    void theCommandLineOverridesTheFileWhichOverridesTheJarsDefaults() throws Exception {
        Path config = config("handshake.timeout-ms = 1234", "handshake.concurrency = 7");
        CamelRuntime camel = CamelRuntime.of(CliArguments.parse("127.0.0.1", "--config", config.toString(),
                "--timeout", "999", "--report-dir", dir.toString()), new PrintStream(errors, true));
        try {
            assertTrue(camel.start(), errors::toString);
            assertEquals("999", camel.property("handshake.timeout-ms").orElseThrow().trim(), "command line wins");
            assertEquals("7", camel.property("handshake.concurrency").orElseThrow().trim(), "then the file");
            assertEquals("144", camel.property("handshake.retention").orElseThrow().trim(), "then the jar");
        } finally {
            camel.stop();
        }
    }

    @Test
    void aBadSettingStopsTheStartWithOneLine() throws Exception {
        Path config = config("handshake.network = dogecoin");
        CamelRuntime camel = CamelRuntime.of(CliArguments.parse("--once", "--config", config.toString()),
                new PrintStream(errors, true));
        assertEquals(false, camel.start());
        assertTrue(errors.toString().startsWith("error: handshake.network: expected one of bitcoin"), errors::toString);
    }
}
