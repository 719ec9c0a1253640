package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.cli.CliTesting.configured;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.dns.Seed;

/**
 * The shell through camel-main itself (camel-test-main-junit5 is not served at 4.22 here, so the real
 * Main is configured, and started where the routes are asked for): which routes each mode runs, and how
 * properties layer: jar defaults, then the configuration file, then -D, then the command line.
 */
class CamelRuntimeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("test.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    /** Starts camel-main for the arguments, returns the route ids, stops it. */
    private Set<String> routesOf(String... args) throws Exception {
        CamelRuntime camel = CamelRuntime.of(CliArguments.parse(args), new PrintStream(errors, true));
        try {
            camel.start();
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
        assertEquals(Set.of("check-seeds", "check-seed", "report-run"), routesOf("127.0.0.1", "--report-dir", dir.toString()));
    }

    @Test
    void onceRunsTheCheckRoutesOnly() throws Exception {
        Path config = config("handshake.seeds = 127.0.0.1", "handshake.report-dir = " + dir);
        assertEquals(Set.of("check-seeds", "check-seed", "report-run"), routesOf("--once", "--config", config.toString()));
    }

    @Test
    void theServiceAddsTheScheduleToTheCheckRoutes() throws Exception {
        Path config = config("handshake.seeds = 127.0.0.1", "handshake.report-dir = " + dir,
                "handshake.schedule = 0 0 0 1 1 ? 2099");
        assertEquals(Set.of("check-seeds", "check-seed", "report-run", "scheduled-check", "configured-seeds"),
                routesOf("--config", config.toString()), "without handshake.kafka.* no coordinator routes");
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
    void theRoutesOfEachModeAreNamedOnce() {
        assertEquals(List.of("classpath:routes/listen.yaml"), CamelRuntime.routesOf(CliArguments.Mode.LISTEN));
        assertEquals(List.of("classpath:routes/check-seeds.yaml", "classpath:routes/service.yaml"),
                CamelRuntime.routesOf(CliArguments.Mode.SERVICE));
        assertEquals(List.of("classpath:routes/check-seeds.yaml", "classpath:routes/worker.yaml"),
                CamelRuntime.routesOf(CliArguments.Mode.WORKER));
        assertEquals(List.of("classpath:routes/check-seeds.yaml"), CamelRuntime.routesOf(CliArguments.Mode.CHECK));
        assertEquals(List.of("classpath:routes/check-seeds.yaml"), CamelRuntime.routesOf(CliArguments.Mode.ONCE));
    }

    @Test
    void theCommandLineOverridesTheFileWhichOverridesTheJarsDefaults() throws Exception {
        Path config = config("handshake.timeout-ms = 1234", "handshake.concurrency = 7",
                "handshake.seeds = a.example@regtest");
        HandshakeSettings s = configured("--once", "--config", config.toString(), "--timeout", "999");
        assertEquals(Duration.ofMillis(999), s.timeout(), "command line wins");
        assertEquals(7, s.concurrency(), "then the file");
        assertEquals(HandshakeSettings.DEFAULT_RETENTION, s.retention(), "then the jar");
        assertEquals(List.of(new Seed("a.example", 18444, BitcoinNetwork.REGTEST)), s.seeds(), "the file's seeds");
    }

    /**
     * -D over the file. (Camel's properties component also puts -D and the environment over camel-main's
     * override properties, so over the command line too: not asserted here, see README.)
     */
    @Test
    void systemPropertiesOverrideTheFile() throws Exception {
        Path config = config("handshake.linger-ms = 5");
        System.setProperty("handshake.linger-ms", "6");
        try {
            assertEquals(6, configured("127.0.0.1", "--config", config.toString()).lingerMillis(), "-D over the file");
        } finally {
            System.clearProperty("handshake.linger-ms");
        }
    }

    @Test
    void theOneShotSeedIsOnTheConfiguredNetworkUnlessTheCommandLineNamesOne() throws Exception {
        Path config = config("handshake.network = litecoin", "handshake.check.port = 1");
        assertEquals(Optional.of(new Seed("127.0.0.1", 9333, BitcoinNetwork.LITECOIN)),
                configured("127.0.0.1", "--config", config.toString()).checkSeed(),
                "the network's port: the one-shot seed is the command line's alone");
        assertEquals(Optional.of(new Seed("127.0.0.1", 18444, BitcoinNetwork.REGTEST)),
                configured("127.0.0.1", "--config", config.toString(), "--network", "regtest").checkSeed());
    }

    @Test
    void withoutAFileTheJarsDefaultsApply() throws Exception {
        HandshakeSettings s = configured("127.0.0.1");
        assertEquals(Duration.ofMillis(HandshakeSettings.DEFAULT_TIMEOUT_MS), s.timeout());
        assertEquals(HandshakeSettings.DEFAULT_CONCURRENCY, s.concurrency());
        assertEquals(BitcoinNetwork.BITCOIN, s.network());
        assertTrue(s.seeds().size() > 1, "the shipped seeds");
    }

    @Test
    void aBadSettingInTheFileStopsTheConfigurationNamingTheFile() throws Exception {
        Path config = config("handshake.network = dogecoin");
        CamelRuntime camel = CamelRuntime.of(CliArguments.parse("--once", "--config", config.toString()),
                new PrintStream(errors, true));
        StartFailure e = assertThrows(StartFailure.class, camel::configure);
        assertEquals(NodeHandshake.EXIT_USAGE, e.status());
        assertFalse(e.usage(), "the command line is not at fault");
        assertTrue(e.getMessage().startsWith(config + ": handshake.network: unknown network: dogecoin (expected one of: bitcoin"),
                e.getMessage());
        assertTrue(camel.main().getCamelContext().isStopped());
    }

    @Test
    void theOriginOfAValueIsSaidAsAUserWouldSayIt() {
        assertEquals("config/application.properties", CamelRuntime.origin("file:config/application.properties;optional=true"));
        assertEquals("/tmp/x.properties", CamelRuntime.origin("file:/tmp/x.properties"));
        assertEquals("system property", CamelRuntime.origin("SYS"));
        assertEquals("environment", CamelRuntime.origin("ENV"));
    }
}
