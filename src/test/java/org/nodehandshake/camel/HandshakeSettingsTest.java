package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.monero.MoneroNetwork;

/** The handshake.* properties read and checked once: defaults, ranges, networks, the one-shot seed. */
class HandshakeSettingsTest {

    private static HandshakeSettings settings(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return HandshakeSettings.from(key -> Optional.ofNullable(properties.get(key)), ProtocolRegistry.builtIn());
    }

    private static String rejected(String... keysAndValues) {
        return assertThrows(IllegalArgumentException.class, () -> settings(keysAndValues)).getMessage();
    }

    @Test
    void nothingSetGivesTheDefaults() {
        HandshakeSettings s = settings();
        assertEquals(Duration.ofMillis(5000), s.timeout());
        assertEquals(4096, s.concurrency());
        assertEquals(BitcoinNetwork.BITCOIN, s.network());
        assertEquals(Optional.empty(), s.dnsServer());
        assertEquals(Optional.empty(), s.listen());
        assertEquals(Optional.empty(), s.checkSeed());
        assertFalse(s.allowPrivate());
        assertTrue(s.seeds().isEmpty());
    }

    @Test
    void blankMeansTheDefault() {
        HandshakeSettings s = settings("handshake.timeout-ms", " ", "handshake.dns-server", "", "handshake.network", "",
                "handshake.check.seed", " ", "handshake.check.port", "");
        assertEquals(Duration.ofMillis(5000), s.timeout());
        assertEquals(Optional.empty(), s.dnsServer());
        assertEquals(BitcoinNetwork.BITCOIN, s.network());
        assertEquals(Optional.empty(), s.checkSeed());
    }

    @Test
    void theCheckSeedTakesTheNetworkAndItsDefaultPort() {
        assertEquals(Optional.of(new Seed("seed.example", 18080, MoneroNetwork.MONERO)),
                settings("handshake.check.seed", "seed.example", "handshake.network", "monero").checkSeed());
        assertEquals(Optional.of(new Seed("::1", 1234, BitcoinNetwork.REGTEST)),
                settings("handshake.check.seed", "::1", "handshake.check.port", "1234", "handshake.network", "RegTest")
                        .checkSeed());
    }

    @Test
    void theCheckSeedIsASeedEntryAsTheServiceTakesThem() {
        assertEquals("::1", settings("handshake.check.seed", "[::1]").checkSeed().orElseThrow().name());
        Seed filtered = settings("handshake.check.seed", "seed.test/x9").checkSeed().orElseThrow();
        assertEquals("seed.test", filtered.name());
        assertEquals(Optional.of("x9"), filtered.serviceFilter());
        assertEquals("x9.seed.test", filtered.queryName());
        Seed named = settings("handshake.check.seed", "seed.test:1234@regtest/x9").checkSeed().orElseThrow();
        assertEquals(1234, named.port());
        assertEquals("regtest", named.network().id());
        assertEquals(4321, settings("handshake.check.seed", "seed.test:1234/x9", "handshake.check.port", "4321")
                .checkSeed().orElseThrow().port(), "the port positional wins");
    }

    @Test
    void everyFilterIsOneCheckSeedEach() {
        List<Seed> seeds = settings("handshake.check.seed", "seed.test/x*").checkSeeds();
        assertEquals(List.of("x1", "x5", "x9", "x49", "x809", "x849", "xd", "x400", "x404", "x408", "x448", "xc08",
                "xc48", "x40c"), seeds.stream().map(s -> s.serviceFilter().orElseThrow()).toList());
        assertTrue(seeds.stream().allMatch(s -> s.name().equals("seed.test")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not..valid", "-lead.test", "sp ace.test", "bad!.test", "seed.test/x9/x1"})
    void aCheckSeedThatIsNoHostNameIsRefused(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings("handshake.check.seed", entry));
        assertTrue(e.getMessage().startsWith("handshake.check.seed: "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "handshake.timeout-ms | 0 | handshake.timeout-ms out of range: 0 (expected: 1-3600000)",
        "handshake.timeout-ms | 3600001 | handshake.timeout-ms out of range: 3600001 (expected: 1-3600000)",
        "handshake.timeout-ms | soon | handshake.timeout-ms is not a number: soon",
        "handshake.concurrency | 1000001 | handshake.concurrency out of range: 1000001 (expected: 1-1000000)",
        "handshake.concurrency | 4294967297 | handshake.concurrency out of range: 4294967297 (expected: 1-1000000)",
        "handshake.linger-ms | -1 | handshake.linger-ms out of range: -1 (expected: 0-3600000)",
        "handshake.listen.max-connections | 0 | handshake.listen.max-connections out of range: 0 (expected: 1-1000000)",
        "handshake.listen.max-per-address | 0 | handshake.listen.max-per-address out of range: 0 (expected: 1-1000000)",
        "handshake.check.port | 65536 | handshake.check.port out of range: 65536 (expected: 1-65535)",
        "handshake.check.port | 8333.0 | handshake.check.port is not a number: 8333.0",
        "handshake.retention | 0 | handshake.retention out of range: 0 (expected: 1-2147483647)",
        "handshake.health.healthy-success-rate | 1.5 | handshake.health.healthy-success-rate out of range: 1.5 (expected: 0.0-1.0)",
        "handshake.allow-private | yes | handshake.allow-private: expected true or false: yes",
        "handshake.dns-server | a:b:c:d | handshake.dns-server: not HOST[:PORT]: a:b:c:d",
        "handshake.listen | 127.0.0.1 | handshake.listen: not HOST:PORT: 127.0.0.1",
        "handshake.listen.report-period-ms | 0 | handshake.listen.report-period-ms out of range: 0 (expected: 1-2147483647)",
        "handshake.metrics.listen | 127.0.0.1 | handshake.metrics.listen: not HOST:PORT: 127.0.0.1",
        "handshake.metrics.listen | 127.0.0.1:0 | handshake.metrics.listen: not HOST:PORT: 127.0.0.1:0",
        "handshake.metrics.listen | 127.0.0.1:65536 | handshake.metrics.listen: not HOST:PORT: 127.0.0.1:65536",
        "handshake.metrics.listen | ::1:9464 | handshake.metrics.listen: not HOST:PORT: ::1:9464",
        "handshake.metrics.listen | [::1 | handshake.metrics.listen: not HOST:PORT: [::1",
    })
    void aBadValueIsNamedByItsKey(String key, String value, String message) {
        assertEquals(message, rejected(key, value));
    }

    @Test
    void theMetricsEndpointIsOnByDefaultAndOffWhenBlank() {
        assertEquals(Optional.of(new HostAndPort("127.0.0.1", 9464)), settings().metricsListen());
        assertEquals(Optional.empty(), settings("handshake.metrics.listen", "").metricsListen());
        assertEquals(Optional.empty(), settings("handshake.metrics.listen", "  ").metricsListen());
        assertEquals(Optional.of(new HostAndPort("::1", 9465)),
                settings("handshake.metrics.listen", "[::1]:9465").metricsListen());
        assertEquals(Optional.of(new HostAndPort("0.0.0.0", 9100)),
                settings("handshake.metrics.listen", " 0.0.0.0:9100 ").metricsListen());
    }

    @Test
    void anUnknownNetworkListsTheChoices() {
        assertEquals("handshake.network: unknown network: dogecoin (expected one of: "
                + ProtocolRegistry.builtIn().names() + ")", rejected("handshake.network", "dogecoin"));
    }

    @Test
    void theKeyOfAMessageIsFound() {
        InvalidSettingException e = new InvalidSettingException(new IllegalArgumentException(
                rejected("handshake.listen.max-connections", "0")));
        assertEquals(Optional.of("handshake.listen.max-connections"), e.key());
        assertEquals(Optional.of("handshake.network"),
                new InvalidSettingException(new IllegalArgumentException(rejected("handshake.network", "x"))).key());
        assertEquals(Optional.empty(), new InvalidSettingException(new IllegalArgumentException("boom")).key());
    }

    @Test
    void aBadSeedEntryIsNamedByTheSeedsKey() {
        assertTrue(rejected("handshake.seeds", "a.example,b.example@dogecoin").startsWith("handshake.seeds: "));
    }

    @Test
    void theLimitsAreAccepted() {
        HandshakeSettings s = settings("handshake.timeout-ms", "3600000", "handshake.concurrency", "1000000",
                "handshake.linger-ms", "0", "handshake.check.seed", "x", "handshake.check.port", "65535");
        assertEquals(Duration.ofHours(1), s.timeout());
        assertEquals(1_000_000, s.concurrency());
        assertEquals(65535, s.checkSeed().orElseThrow().port());
    }

    @Test
    void anAsmapFileIsReadAndCheckedAtStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        assertEquals("prefix", settings().addressGroups().grouping());
        assertEquals("prefix", settings("handshake.asmap", " ").addressGroups().grouping());
        // RETURN AS7, padded: the smallest valid asmap (every address in AS7)
        java.nio.file.Path good = java.nio.file.Files.write(dir.resolve("good.map"), new byte[] {0, (byte) 0xc0, 0});
        HandshakeSettings s = settings("handshake.asmap", good.toString());
        assertEquals("asmap", s.addressGroups().grouping());
        assertEquals(Optional.of("AS7"), s.addressGroups().groupOf("203.0.113.7"));
        java.nio.file.Path cut = java.nio.file.Files.write(dir.resolve("cut.map"), new byte[] {0, (byte) 0xc0});
        String message = rejected("handshake.asmap", cut.toString());
        assertTrue(message.startsWith("handshake.asmap: asmap file " + cut + ": not a valid asmap"), message);
        message = rejected("handshake.asmap", dir.resolve("missing.map").toString());
        assertEquals("handshake.asmap: no asmap file " + dir.resolve("missing.map"), message);
    }
}
