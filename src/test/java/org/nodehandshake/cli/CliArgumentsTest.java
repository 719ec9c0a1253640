package org.nodehandshake.cli;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.nodehandshake.cli.CliTesting.rejected;
import static org.nodehandshake.cli.CliTesting.seed;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.Network;

/**
 * The command line's syntax (parse alone), and its values as the one check reads them: a bad value goes
 * through NodeHandshake.run to the settings check and back as exit 2 in the command line's words.
 */
class CliArgumentsTest {

    private static UsageException usage(String... args) {
        return assertThrows(UsageException.class, () -> CliArguments.parse(args));
    }

    private static void assertMessageContains(UsageException e, String... parts) {
        assertMessageContains(e.getMessage(), parts);
    }

    private static void assertMessageContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" in: " + message);
        }
    }

    @Test
    void seedAloneTakesTheDefaults() throws Exception {
        CliArguments a = CliArguments.parse("seed.bitcoin.sipa.be");
        assertEquals(new Seed("seed.bitcoin.sipa.be", 8333, BitcoinNetwork.BITCOIN), seed("seed.bitcoin.sipa.be"));
        assertFalse(a.help());
        assertFalse(a.version());
        assertEquals(CliArguments.Mode.CHECK, a.mode());
        assertEquals(Map.of("handshake.check.seed", "seed.bitcoin.sipa.be", "handshake.check.port", ""), a.properties(),
                "the seed, the network's port whatever a file says, and no other override, in particular no timeout");
    }

    @Test
    void positionalPortAndTimeout() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "18333", "2500");
        assertEquals(new Seed("seed.example", 18333, BitcoinNetwork.BITCOIN), seed("seed.example", "18333", "2500"));
        assertEquals(Map.of("handshake.check.seed", "seed.example", "handshake.check.port", "18333",
                "handshake.timeout-ms", "2500"), a.properties());
    }

    @Test
    void positionalPortWithoutTimeout() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "8334");
        assertEquals(8334, seed("seed.example", "8334").port());
        assertFalse(a.properties().containsKey("handshake.timeout-ms"));
    }

    @Test
    void optionsBeforeThePositionals() throws Exception {
        String[] args = {"--network", "litecoin", "--concurrency", "16", "seed.example", "9444", "1000"};
        CliArguments a = CliArguments.parse(args);
        assertEquals(new Seed("seed.example", 9444, BitcoinNetwork.LITECOIN), seed(args));
        assertEquals(Map.of("handshake.network", "litecoin", "handshake.concurrency", "16",
                "handshake.check.seed", "seed.example", "handshake.check.port", "9444", "handshake.timeout-ms", "1000"),
                a.properties());
    }

    @Test
    void optionsAfterThePositionals() throws Exception {
        String[] args = {"seed.example", "9444", "1000", "--network", "litecoin", "--report-dir", "out"};
        CliArguments a = CliArguments.parse(args);
        assertEquals(new Seed("seed.example", 9444, BitcoinNetwork.LITECOIN), seed(args));
        assertEquals("out", a.properties().get("handshake.report-dir"));
        assertEquals("1000", a.properties().get("handshake.timeout-ms"));
    }

    @Test
    void optionsBetweenThePositionals() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "--allow-private", "9444", "--concurrency", "3", "1000");
        assertEquals(Map.of("handshake.allow-private", "true", "handshake.concurrency", "3",
                "handshake.check.seed", "seed.example", "handshake.check.port", "9444", "handshake.timeout-ms", "1000"),
                a.properties());
    }

    @Test
    void nameEqualsValueForm() throws Exception {
        String[] args = {"--network=testnet4", "seed.example", "--dns-server=127.0.0.1:5353",
            "--user-agent=/probe:1.0/", "--report-dir=r", "--concurrency=7"};
        CliArguments a = CliArguments.parse(args);
        assertEquals(new Seed("seed.example", 48333, BitcoinNetwork.TESTNET4), seed(args));
        assertEquals(Map.of("handshake.network", "testnet4", "handshake.dns-server", "127.0.0.1:5353",
                "handshake.user-agent", "/probe:1.0/", "handshake.report-dir", "r", "handshake.concurrency", "7",
                "handshake.check.seed", "seed.example", "handshake.check.port", ""), a.properties());
    }

    @Test
    void valueMayContainEqualsSign() throws Exception {
        CliArguments a = CliArguments.parse("seed.example", "--user-agent=/a=b/");
        assertEquals("/a=b/", a.properties().get("handshake.user-agent"));
    }

    @Test
    void networkGivesItsDefaultPort() throws Exception {
        assertEquals(new Seed("seed.example", 19444, BitcoinNetwork.LITECOIN_REGTEST),
                seed("seed.example", "--network", "litecoin-regtest"));
    }

    @Test
    void networkNameIsCaseInsensitive() throws Exception {
        assertEquals(BitcoinNetwork.SIGNET, seed("seed.example", "--network", "SigNet").network());
    }

    @Test
    void explicitPortWinsOverTheNetworkDefault() throws Exception {
        Seed seed = seed("--network", "litecoin-regtest", "seed.example", "1234");
        assertEquals(1234, seed.port());
        assertEquals(BitcoinNetwork.LITECOIN_REGTEST, seed.network());
    }

    @Test
    void unknownNetworkNamesTheChoices() {
        String e = rejected("seed.example", "--network", "dogecoin");
        assertTrue(e.startsWith("--network: unknown network: dogecoin (expected one of: "), e);
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
    void quietIsAFlagThatChangesNoProperty() throws Exception {
        CliArguments quiet = CliArguments.parse("seed.example", "--quiet");
        assertTrue(quiet.quiet());
        assertEquals(CliArguments.parse("seed.example").properties(), quiet.properties(), "only the progress line");
        assertEquals(CliArguments.Mode.CHECK, quiet.mode());
        assertTrue(CliArguments.parse("--quiet", "--once").quiet(), "before or after the others");
        assertFalse(CliArguments.parse("seed.example").quiet());
    }

    @Test
    void quietTakesNoValue() {
        assertMessageContains(usage("seed.example", "--quiet=yes"), "--quiet", "takes no value");
    }

    @Test
    void theHelpNamesQuiet() {
        assertTrue(CliArguments.USAGE.contains("  --quiet               no live progress line"), CliArguments.USAGE);
    }

    @Test
    void noSeedMeansTheService() throws Exception {
        assertEquals(CliArguments.Mode.SERVICE, CliArguments.parse().mode());
        assertEquals(CliArguments.Mode.SERVICE, CliArguments.parse("--network", "litecoin").mode());
        assertEquals("litecoin", CliArguments.parse("--network", "litecoin").properties().get("handshake.network"));
        assertFalse(CliArguments.parse("--once").properties().containsKey("handshake.network"),
                "without --network the configuration's handshake.network applies");
        assertFalse(CliArguments.parse("--listen", "127.0.0.1:1").properties().containsKey("handshake.network"),
                "the listener's too");
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
        assertMessageContains(rejected("seed.example", port), "port");
    }

    @Test
    void portAtTheEdgesIsAccepted() throws Exception {
        assertEquals(1, seed("seed.example", "1").port());
        assertEquals(65535, seed("seed.example", "65535").port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3600001", "soon"})
    void badTimeoutIsRejected(String timeout) {
        assertMessageContains(rejected("seed.example", "8333", timeout), "timeout_ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "many", "1000001"})
    void badConcurrencyIsRejected(String concurrency) {
        assertMessageContains(rejected("seed.example", "--concurrency", concurrency), "--concurrency");
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
        assertMessageContains(rejected("seed.example", "--dns-server", "host:99999"), "--dns-server", "host:99999");
    }

    @Test
    void dnsServerWithBadPortIsRejected() {
        assertMessageContains(rejected("seed.example", "--dns-server", "host:dns"), "--dns-server");
        assertMessageContains(rejected("seed.example", "--dns-server", "[::1"), "--dns-server");
        assertMessageContains(usage("seed.example", "--dns-server="), "--dns-server");
    }

    /**
     * "a:b:c:d" has the shape of a bare IPv6 literal (several colons) but is not an IPv6 address.
     */
    @Test
    void dnsServerThatLooksLikeIpv6ButIsNotIsRejected() {
        assertEquals("--dns-server: not HOST[:PORT]: a:b:c:d", rejected("seed.example", "--dns-server", "a:b:c:d"));
    }

    @Test
    void allowPrivateSetsTheProperty() throws Exception {
        assertEquals("true", CliArguments.parse("seed.example", "--allow-private").properties().get("handshake.allow-private"));
    }

    @Test
    void blankReportDirIsRejected() {
        assertMessageContains(usage("seed.example", "--report-dir", " "), "--report-dir");
    }

    @Test
    void userAgentMustBePrintableAsciiUpTo256() throws Exception {
        assertMessageContains(usage("seed.example", "--user-agent", ""), "--user-agent");
        assertEquals("--user-agent: 1-256 printable ASCII characters expected",
                rejected("seed.example", "--user-agent", "caf\u00e9"));
        assertMessageContains(rejected("seed.example", "--user-agent", "a\nb"), "--user-agent");
        assertMessageContains(rejected("seed.example", "--user-agent", "x".repeat(257)), "--user-agent");
        assertEquals("x".repeat(256),
                CliArguments.parse("seed.example", "--user-agent", "x".repeat(256)).properties().get("handshake.user-agent"));
    }

    @Test
    void whatOurVersionAnnouncesIsSetByFourOptionsInBothRoles() throws Exception {
        String[] announce = {"--services", "NETWORK,WITNESS", "--start-height", "850000", "--protocol-version", "70015",
            "--relay", "true"};
        Map<String, String> expected = Map.of("handshake.bitcoin.services", "NETWORK,WITNESS",
                "handshake.bitcoin.start-height", "850000", "handshake.bitcoin.protocol-version", "70015",
                "handshake.bitcoin.relay", "true");
        Map<String, String> check = CliArguments.parse(concat(new String[] {"seed.example"}, announce)).properties();
        Map<String, String> listen = CliArguments.parse(concat(new String[] {"--listen", "127.0.0.1:18444"}, announce))
                .properties();
        expected.forEach((key, value) -> {
            assertEquals(value, check.get(key), key);
            assertEquals(value, listen.get(key), key);
        });
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void helpNeedsNoSeed() throws Exception {
        CliArguments a = CliArguments.parse("--help");
        assertTrue(a.help());
        assertFalse(a.version());
        assertFalse(a.properties().containsKey("handshake.check.seed"));
    }

    @Test
    void versionNeedsNoSeed() throws Exception {
        CliArguments a = CliArguments.parse("--version");
        assertTrue(a.version());
        assertFalse(a.help());
        assertFalse(a.properties().containsKey("handshake.check.seed"));
    }

    @Test
    void helpWinsOverTooManyPositionals() throws Exception {
        assertTrue(CliArguments.parse("a", "b", "c", "d", "--help").help());
    }

    /**
     * The parser has a case for "-h" next to "--help": "-h" is not taken as the seed name.
     */
    @Test
    void shortHelpFlagAsksForHelp() throws Exception {
        CliArguments a = CliArguments.parse("-h");
        assertTrue(a.help());
        assertFalse(a.properties().containsKey("handshake.check.seed"));
    }

    @Test
    void doubleDashIsSkipped() throws Exception {
        assertEquals(new Seed("seed.example", 8334, BitcoinNetwork.BITCOIN), seed("--", "seed.example", "8334"));
    }

    @Test
    void usageListsTheNetworks() {
        assertTrue(CliArguments.USAGE.contains(ProtocolRegistry.builtIn().names()), CliArguments.USAGE);
        assertTrue(CliArguments.USAGE.startsWith("Usage:"));
    }
}
