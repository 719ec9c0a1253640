package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.cli.CliTesting.rejected;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.dns.HostAndPort;

/** --metrics-listen and handshake.metrics.listen from the command line's side: the option, the default, a busy port. */
class MetricsEndpointCliTest {

    @Test
    void theOptionSetsTheKey() throws Exception {
        assertEquals("[::1]:9465", CliArguments.parse("--metrics-listen", "[::1]:9465").properties()
                .get("handshake.metrics.listen"));
        assertEquals("127.0.0.1:9465", CliArguments.parse("--listen", "127.0.0.1:9333", "--metrics-listen=127.0.0.1:9465")
                .properties().get("handshake.metrics.listen"));
    }

    @Test
    void aRunThatEndsServesNoMetrics() {
        assertTrue(rejected("seed.example", "--metrics-listen", "127.0.0.1:9465").startsWith("--metrics-listen is for"));
        assertTrue(rejected("--once", "--metrics-listen", "127.0.0.1:9465").startsWith("--metrics-listen is for"));
    }

    @Test
    void aBadAddressIsNamedByTheOption() {
        assertEquals("--metrics-listen: not HOST:PORT: 127.0.0.1", rejected("--metrics-listen", "127.0.0.1"));
    }

    @Test
    void theShippedConfigurationServesOnTheDefaultAddress() throws Exception {
        assertEquals(Optional.of(new HostAndPort("127.0.0.1", 9464)), CliTesting.configured().metricsListen());
        assertEquals(Optional.of(new HostAndPort("127.0.0.1", 9465)),
                CliTesting.configured("--metrics-listen", "127.0.0.1:9465").metricsListen());
    }

    @Test
    void anEmptyValueInTheFileTurnsItOff(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "handshake.metrics.listen =\n");
        assertEquals(Optional.empty(), CliTesting.configured("--config", file.toString()).metricsListen());
    }

    @Test
    void aPortInUseIsOneLineAndExitTwoBeforeTheServiceStarts(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path file = Files.writeString(dir.resolve("c.properties"), String.join("\n",
                    "handshake.seeds = 127.0.0.1", "handshake.report-dir = " + dir.resolve("reports"),
                    "handshake.history.enabled = false",
                    "handshake.metrics.listen = 127.0.0.1:" + taken.getLocalPort(), ""));
            CliTesting.Captured c = CliTesting.run("--config", file.toString());
            assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
            assertEquals("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()
                    + " (handshake.metrics.listen): Address already in use", c.error());
            assertFalse(c.err().contains("\tat "), "no stack trace: " + c.err());

            CliTesting.Captured listener = CliTesting.run("--listen", "127.0.0.1:" + freePort(),
                    "--report-dir", dir.resolve("reports").toString(),
                    "--metrics-listen", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(NodeHandshake.EXIT_USAGE, listener.status(), listener::toString);
            assertTrue(listener.error().startsWith("cannot serve metrics on 127.0.0.1:"), listener::toString);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
