package org.nodehandshake.cli;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.Network;

class CliArgumentsTest {

    private static UsageException usage(String... args) {
        return assertThrows(UsageException.class, () -> CliArguments.parse(args));
    }

    private static void assertMessageContains(UsageException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "\"" + part + "\" in: " + e.getMessage());
        }
    }

    @Test
    void seedAloneTakesTheDefaults() throws Exception {
        CliArguments a = CliArguments.parse("seed.bitcoin.sipa.be");
        assertEquals(Optional.of(new Seed("seed.bitcoin.sipa.be", 8333, BitcoinNetwork.BITCOIN)), a.seed());
        assertFalse(a.help());
        assertFalse(a.version());
        assertEquals(Map.of(), a.properties(), "no overrides, in particular no timeout");
    }

    @Test
    void positionalPortAndTimeout() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "18333", "2500");
        assertEquals(Optional.of(new Seed("seed.example", 18333, BitcoinNetwork.BITCOIN)), a.seed());
        assertEquals(Map.of("handshake.timeout-ms", "2500"), a.properties());
    }

    @Test
    void positionalPortWithoutTimeout() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "8334");
        assertEquals(8334, a.seed().orElseThrow().port());
        assertFalse(a.properties().containsKey("handshake.timeout-ms"));
    }

    @Test
    void optionsBeforeThePositionals() throws Exception {
        CliArguments a = CliArguments.parse("--network", "litecoin", "--concurrency", "16", "seed.example", "9444", "1000");
        assertEquals(Optional.of(new Seed("seed.example", 9444, BitcoinNetwork.LITECOIN)), a.seed());
        assertEquals(Map.of("handshake.concurrency", "16", "handshake.timeout-ms", "1000"), a.properties());
    }

    @Test
    void optionsAfterThePositionals() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "9444", "1000", "--network", "litecoin", "--report-dir", "out");
        assertEquals(Optional.of(new Seed("seed.example", 9444, BitcoinNetwork.LITECOIN)), a.seed());
        assertEquals(Map.of("handshake.report-dir", "out", "handshake.timeout-ms", "1000"), a.properties());
    }

    @Test
    void optionsBetweenThePositionals() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "--allow-private", "9444", "--concurrency", "3", "1000");
        assertEquals(9444, a.seed().orElseThrow().port());
        assertEquals(Map.of("handshake.allow-private", "true", "handshake.concurrency", "3",
                "handshake.timeout-ms", "1000"), a.properties());
    }

    @Test
    void nameEqualsValueForm() throws Exception {
        CliArguments a = CliArguments.parse("--network=testnet4", "seed.example", "--dns-server=127.0.0.1:5353",
                "--user-agent=/probe:1.0/", "--report-dir=r", "--concurrency=7");
        assertEquals(Optional.of(new Seed("seed.example", 48333, BitcoinNetwork.TESTNET4)), a.seed());
        assertEquals(Map.of("handshake.dns-server", "127.0.0.1:5353", "handshake.user-agent", "/probe:1.0/",
                "handshake.report-dir", "r", "handshake.concurrency", "7"), a.properties());
    }

    @Test
    void valueMayContainEqualsSign() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "--user-agent=/a=b/");
        assertEquals("/a=b/", a.properties().get("handshake.user-agent"));
    }

    @Test
    void networkGivesItsDefaultPort() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "--network", "litecoin-regtest");
        assertEquals(Optional.of(new Seed("seed.example", 19444, BitcoinNetwork.LITECOIN_REGTEST)), a.seed());
    }

    @Test
    void networkNameIsCaseInsensitive() throws Exception {
        assertEquals(BitcoinNetwork.SIGNET, CliArguments.parse("seed.example", "--network", "SigNet").seed().orElseThrow().network());
    }

    @Test
    void explicitPortWinsOverTheNetworkDefault() throws Exception {
        CliArguments a = CliArguments.parse("--network", "litecoin-regtest", "seed.example", "1234");
        assertEquals(1234, a.seed().orElseThrow().port());
        assertEquals(BitcoinNetwork.LITECOIN_REGTEST, a.seed().orElseThrow().network());
    }

    @Test
    void unknownNetworkNamesTheChoices() {
        UsageException e = usage("seed.example", "--network", "dogecoin");
        assertMessageContains(e, "dogecoin", "bitcoin", "testnet3", "testnet4", "signet", "regtest",
                "litecoin", "litecoin-testnet", "litecoin-regtest");
    }

    @Test
    void unknownOptionIsRejected() {
        assertMessageContains(usage("seed.example", "--bogus"), "unknown option", "--bogus");
    }

    @Test
    void unknownOptionInEqualsFormIsNamedWithoutItsValue() {
        UsageException e = usage("seed.example", "--bogus=1");
        assertMessageContains(e, "--bogus");
        assertFalse(e.getMessage().contains("=1"), e.getMessage());
    }

    @Test
    void optionWithoutItsValueIsRejected() {
        assertMessageContains(usage("seed.example", "--network"), "--network", "needs a value");
        assertMessageContains(usage("seed.example", "--dns-server"), "--dns-server", "needs a value");
    }

    @Test
    void allowPrivateTakesNoValue() {
        assertMessageContains(usage("seed.example", "--allow-private=yes"), "--allow-private");
    }

    @Test
    void noSeedMeansTheService() throws Exception {
        assertEquals(CliArguments.Mode.SERVICE, CliArguments.parse().mode());
        assertEquals(CliArguments.Mode.SERVICE, CliArguments.parse("--network", "litecoin").mode());
        assertEquals("litecoin", CliArguments.parse("--network", "litecoin").properties().get("handshake.network"));
        assertEquals(CliArguments.Mode.ONCE, CliArguments.parse("--once", "--config", "x.properties").mode());
        assertEquals(java.util.Optional.of("x.properties"), CliArguments.parse("--config=x.properties").config());
    }

    @Test
    void onceTakesNoSeedName() {
        assertMessageContains(usage("seed.example", "--once"), "--once");
    }

    @Test
    void blankSeedIsRejected() {
        assertMessageContains(usage(" "), "empty");
    }

    @Test
    void tooManyPositionalsAreRejected() {
        UsageException e = usage("seed.example", "8333", "5000", "extra", "more");
        assertMessageContains(e, "too many", "extra more");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "abc", "", "8333.0"})
    void badPortIsRejected(String port) {
        assertMessageContains(usage("seed.example", port), "port");
    }

    @Test
    void portAtTheEdgesIsAccepted() throws Exception {
        assertEquals(1, CliArguments.parse("seed.example", "1").seed().orElseThrow().port());
        assertEquals(65535, CliArguments.parse("seed.example", "65535").seed().orElseThrow().port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3600001", "soon"})
    void badTimeoutIsRejected(String timeout) {
        assertMessageContains(usage("seed.example", "8333", timeout), "timeout_ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "many", "1000001"})
    void badConcurrencyIsRejected(String concurrency) {
        assertMessageContains(usage("seed.example", "--concurrency", concurrency), "--concurrency");
    }

    @Test
    void dnsServerAcceptsHostPortAndIpv6Forms() throws Exception {
        for (String server : new String[] {"1.1.1.1", "1.1.1.1:5353", "[::1]:5353", "::1", "2001:db8::53", "dns.example"}) {
            assertEquals(server, CliArguments.parse("seed.example", "--dns-server", server)
                    .properties().get("handshake.dns-server"), server);
        }
    }

    @Test
    void dnsServerWithPortOutOfRangeIsRejected() {
        assertMessageContains(usage("seed.example", "--dns-server", "host:99999"), "--dns-server", "host:99999");
    }

    @Test
    void dnsServerWithBadPortIsRejected() {
        assertMessageContains(usage("seed.example", "--dns-server", "host:dns"), "--dns-server");
        assertMessageContains(usage("seed.example", "--dns-server", "[::1"), "--dns-server");
        assertMessageContains(usage("seed.example", "--dns-server="), "--dns-server");
    }

    /**
     * "a:b:c:d" has the shape of a bare IPv6 literal (several colons) but is not an IPv6 address. Fails at
     * present: it is accepted here and only fails when Camel starts (exit status 1 instead of 2).
     */
    @Test
    void dnsServerThatLooksLikeIpv6ButIsNotIsRejected() {
        assertMessageContains(usage("seed.example", "--dns-server", "a:b:c:d"), "--dns-server");
    }

    @Test
    void allowPrivateSetsTheProperty() throws Exception {
        assertEquals(Map.of("handshake.allow-private", "true"),
                CliArguments.parse("seed.example", "--allow-private").properties());
    }

    @Test
    void blankReportDirIsRejected() {
        assertMessageContains(usage("seed.example", "--report-dir", " "), "--report-dir");
    }

    @Test
    void userAgentMustBePrintableAsciiUpTo256() throws Exception {
        assertMessageContains(usage("seed.example", "--user-agent", ""), "--user-agent");
        assertMessageContains(usage("seed.example", "--user-agent", "caf\u00e9"), "--user-agent");
        assertMessageContains(usage("seed.example", "--user-agent", "a\nb"), "--user-agent");
        assertMessageContains(usage("seed.example", "--user-agent", "x".repeat(257)), "--user-agent");
        assertEquals("x".repeat(256),
                CliArguments.parse("seed.example", "--user-agent", "x".repeat(256)).properties().get("handshake.user-agent"));
    }

    @Test
    void helpNeedsNoSeed() throws Exception {
        CliArguments a = CliArguments.parse("--help");
        assertTrue(a.help());
        assertFalse(a.version());
        assertEquals(Optional.empty(), a.seed());
    }

    @Test
    void versionNeedsNoSeed() throws Exception {
        CliArguments a = CliArguments.parse("--version");
        assertTrue(a.version());
        assertFalse(a.help());
        assertEquals(Optional.empty(), a.seed());
    }

    @Test
    void helpWinsOverTooManyPositionals() throws Exception {
        assertTrue(CliArguments.parse("a", "b", "c", "d", "--help").help());
    }

    /**
     * The parser has a case for "-h" next to "--help", but only arguments starting with "--" reach it.
     * Fails at present: "-h" is taken as the seed name.
     */
    @Test
    void shortHelpFlagAsksForHelp() throws Exception {
        CliArguments a = CliArguments.parse("-h");
        assertTrue(a.help());
        assertEquals(Optional.empty(), a.seed());
    }

    @Test
    void doubleDashIsSkipped() throws Exception {
        CliArguments a = CliArguments.parse("--", "seed.example", "8334");
        assertEquals(Optional.of(new Seed("seed.example", 8334, BitcoinNetwork.BITCOIN)), a.seed());
    }

    @Test
    void usageListsTheNetworks() {
        assertTrue(CliArguments.USAGE.contains(ProtocolRegistry.builtIn().names()), CliArguments.USAGE);
        assertTrue(CliArguments.USAGE.startsWith("Usage:"));
    }
}
