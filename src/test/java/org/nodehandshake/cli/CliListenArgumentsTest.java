package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.nodehandshake.cli.CliTesting.rejected;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The responder's command line: --listen with its limits, and --linger / --timeout in both modes. */
class CliListenArgumentsTest {

    @Test
    void listenTakesTheNetworkAndLimitsAsProperties() throws Exception {
        CliArguments a = CliArguments.parse("--listen", "127.0.0.1:18444", "--network", "regtest", "--linger", "30000",
                "--max-connections", "10", "--max-per-ip", "2", "--timeout", "2000");
        assertTrue(a.listen());
        assertFalse(a.properties().containsKey("handshake.check.seed"));
        assertEquals(Map.of("handshake.listen", "127.0.0.1:18444", "handshake.network", "regtest",
                "handshake.linger-ms", "30000", "handshake.listen.max-connections", "10",
                "handshake.listen.max-per-address", "2", "handshake.timeout-ms", "2000"), a.properties());
    }

    @Test
    void listenAcceptsABracketedIpv6Address() throws Exception {
        assertTrue(CliArguments.parse("--listen=[::1]:18444").listen());
    }

    @Test
    void listenWithoutAPortIsRejected() {
        assertEquals("--listen: not HOST:PORT: 127.0.0.1", rejected("--listen", "127.0.0.1"));
    }

    @Test
    void listenTakesNoSeedName() {
        UsageException e = assertThrows(UsageException.class,
                () -> CliArguments.parse("seed.example", "--listen", "127.0.0.1:18444"));
        assertTrue(e.getMessage().contains("takes no <dns_seed_name>"), e.getMessage());
    }

    @Test
    void lingerAppliesToAOneShotCheckToo() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "--linger", "5000");
        assertFalse(a.listen());
        assertEquals("5000", a.properties().get("handshake.linger-ms"));
    }

    @Test
    void negativeLingerIsRejected() {
        assertEquals("--linger out of range: -1 (expected: 0-3600000)", rejected("seed.example", "--linger", "-1"));
    }

    @Test
    void zeroLimitsAreRejected() {
        assertEquals("--max-connections out of range: 0 (expected: 1-1000000)",
                rejected("--listen", "127.0.0.1:1", "--max-connections", "0"));
        assertEquals("--max-per-ip out of range: 0 (expected: 1-1000000)",
                rejected("--listen", "127.0.0.1:1", "--max-per-ip", "0"));
    }

    @Test
    void theTimeoutOptionMatchesThePositional() throws Exception {
        assertEquals(CliArguments.parse("seed.example", "8333", "1234").properties().get("handshake.timeout-ms"),
                CliArguments.parse("seed.example", "--timeout", "1234").properties().get("handshake.timeout-ms"));
    }
}
