package org.nodehandshake.report;

import org.nodehandshake.bitcoin.BitcoinPeer;
import org.nodehandshake.monero.MoneroPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Health figures computed from hand-made results, each rule on its own. */
class SeedHealthTest {

    /** The tallies of the built-in protocols, as the route lists them. */
    static final List<String> TALLIES = List.of("userAgents", "protocolVersions", "services", "topVersions");

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aSeedThatDidNotResolveIsDown() {
        SeedHealth h = judge(seed("down.example", List.of())).get("down.example");
        assertEquals(SeedHealth.DOWN, h.verdict());
        assertEquals(0, h.addressCount());
        assertEquals(0.0, h.successRate());
        assertNull(h.heights().max());
        assertNull(h.latencyMillis().p50());
    }

    @Test
    void aSeedWhoseNodesAllFailedIsDown() {
        SeedHealth h = judge(seed("dead.example", List.of(failed("1.1.1.1"), failed("1.1.1.2")))).get("dead.example");
        assertEquals(SeedHealth.DOWN, h.verdict());
        assertEquals(2, h.addressCount());
    }

    @Test
    void enoughAddressesAndSuccessesAreHealthy() {
        List<ResultReport> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            results.add(success(i + ".1.1.1", "/Satoshi:27.0.0/", 70016, 0x409, 900_000, i * 10L));
        }
        results.add(failed("6.1.1.1"));
        SeedHealth h = judge(seed("good.example", results)).get("good.example");
        assertEquals(SeedHealth.HEALTHY, h.verdict());
        assertEquals(0.833, h.successRate());
    }

    /** A SUCCESS from a node advertising NODE_P2P_V2 (0x809), reached over {@code transport} with auto. */
    static ResultReport p2pV2Node(String ip, String transport, boolean v2Refused) {
        BitcoinPeer peer = new BitcoinPeer(70016, "/Satoshi:27.0.0/", 0x809, 900_000, true, Optional.of(transport),
                Optional.of(v2Refused));
        return new ResultReport(ip, 8333, "SUCCESS", null, null, "concluded", 1L, 5L,
                peer.report(List.of("version", "verack")), Optional.of(peer));
    }

    @Test
    void nodesAreCountedByTransportAndOneRefusingTheV2ItAdvertisesIsAConcern() {
        List<ResultReport> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            results.add(p2pV2Node(i + ".1.1.1", "v2", false));
        }
        SeedHealth good = judge(seed("v2.example", results)).get("v2.example");
        assertEquals(SeedHealth.HEALTHY, good.verdict(), good.toString());
        assertEquals(java.util.Map.of("v2", 5), good.tally("transports"));
        results.add(p2pV2Node("6.1.1.1", "v1", true));
        SeedHealth one = judge(seed("v2.example", results)).get("v2.example");
        assertEquals(java.util.Map.of("v2", 5, "v1", 1), one.tally("transports"));
        assertEquals(List.of("p2pV2"), one.concerns());
        assertEquals(SeedHealth.DEGRADED, one.verdict());
    }

    @Test
    void fewAddressesOrALowSuccessRateAreDegraded() {
        SeedHealth few = judge(seed("few.example", List.of(success("1.1.1.1", "/a/", 70016, 1, 10, 5L)))).get("few.example");
        assertEquals(SeedHealth.DEGRADED, few.verdict(), "1 address < healthy-min-addresses 5");
        List<ResultReport> mostlyFailing = new ArrayList<>();
        mostlyFailing.add(success("2.2.2.1", "/a/", 70016, 1, 10, 5L));
        for (int i = 2; i <= 6; i++) {
            mostlyFailing.add(failed("2.2.2." + i));
        }
        assertEquals(SeedHealth.DEGRADED, judge(seed("weak.example", mostlyFailing)).get("weak.example").verdict());
    }

    @Test
    void countsUserAgentsVersionsServicesAndFamilies() {
        SeedHealth h = judge(seed("mix.example", List.of(
                success("1.1.1.1", "/Satoshi:27.0.0/", 70016, 0x409, 100, 10L),
                success("2001:db8::1", "/Satoshi:27.0.0/", 70016, 0x9, 100, 20L),
                success("1.1.1.3", "/btcd:0.24.0/", 70015, 0x1, 100, 30L)))).get("mix.example");
        assertEquals(Map.of("/Satoshi:27.0.0/", 2, "/btcd:0.24.0/", 1), h.tally("userAgents"));
        assertEquals(Map.of("70016", 2, "70015", 1), h.tally("protocolVersions"));
        assertEquals(Map.of("NODE_NETWORK", 3, "NODE_WITNESS", 2, "NODE_NETWORK_LIMITED", 1), h.tally("services"));
        assertEquals(2, h.ipv4());
        assertEquals(1, h.ipv6());
    }

    @Test
    void heightsAreJudgedAgainstTheBestHeightOfTheWholeRun() {
        Map<String, SeedHealth> run = judge(
                seed("a.example", List.of(success("1.1.1.1", "/a/", 70016, 1, 1000, 1L))),
                seed("b.example", List.of(success("1.1.1.2", "/a/", 70016, 1, 995, 1L),
                        success("1.1.1.3", "/a/", 70016, 1, 993, 1L), success("1.1.1.4", "/a/", 70016, 1, 990, 1L))));
        SeedHealth b = run.get("b.example");
        assertEquals(995L, b.heights().max());
        assertEquals(993L, b.heights().median());
        assertEquals(2, b.heights().behind(), "993 and 990 are more than 6 below 1000; 995 is not");
        assertEquals(0, run.get("a.example").heights().behind());
    }

    @Test
    void latencyPercentilesUseNearestRankOverSuccesses() {
        List<ResultReport> results = new ArrayList<>();
        for (long ms = 1; ms <= 20; ms++) {
            results.add(success("3.3.3." + ms, "/a/", 70016, 1, 1, ms));
        }
        SeedHealth h = judge(seed("lat.example", results)).get("lat.example");
        assertEquals(10L, h.latencyMillis().p50());
        assertEquals(19L, h.latencyMillis().p95());
    }

    @Test
    void duplicatesAreAddressesOtherSeedsAlsoReturned() {
        Map<String, SeedHealth> run = judge(
                seed("a.example", List.of(failed("1.1.1.1"), failed("9.9.9.9"))),
                seed("b.example", List.of(failed("9.9.9.9"), failed("2.2.2.2"))));
        assertEquals(List.of("9.9.9.9"), run.get("a.example").duplicates());
        assertEquals(List.of("9.9.9.9"), run.get("b.example").duplicates());
    }

    @Test
    void behindIsJudgedAgainstTheSameNetworkOnly() {
        SeedReport bitcoin = seed("btc.example", List.of(success("1.1.1.1", "/Satoshi:27.0.0/", 70016, 1, 900_000, 10)));
        SeedReport testnet = new SeedReport("tbtc.example", "testnet3", 18333, List.of("2.2.2.2"), null,
                Summary.of(List.of(success("2.2.2.2", "/Satoshi:27.0.0/", 70016, 1, 4_000_000, 10))),
                List.of(success("2.2.2.2", "/Satoshi:27.0.0/", 70016, 1, 4_000_000, 10)), 0, null, null);
        Map<String, SeedHealth> run = judge(bitcoin, testnet);
        assertEquals(0, run.get("btc.example").heights().behind(), "a testnet height is not mainnet's best");
        assertEquals(0, run.get("tbtc.example").heights().behind());
    }

    @Test
    void moneroNodesCountByHeightAndTopVersion() {
        ResultReport current = moneroSuccess("1.1.1.1", 3_300_000, 16);
        ResultReport stale = moneroSuccess("2.2.2.2", 2_900_000, 14);
        SeedReport seed = new SeedReport("seeds.example", "monero", 18080, List.of("1.1.1.1", "2.2.2.2"), null,
                Summary.of(List.of(current, stale)), List.of(current, stale), 0, null, null);
        SeedHealth health = judge(seed).get("seeds.example");
        assertEquals(Map.of("14", 1, "16", 1), health.tally("topVersions"));
        assertEquals(3_300_000L, health.heights().max());
        assertEquals(1, health.heights().behind(), "2,900,000 is far below 3,300,000");
        assertEquals(Map.of(), health.tally("userAgents"), "Levin has no user agent");
    }

    static ResultReport moneroSuccess(String ip, long height, int topVersion) {
        MoneroPeer peer = new MoneroPeer("1230f171610441611731008216a1a110", "0123456789abcdef", 18080,
                OptionalInt.empty(), OptionalLong.of(1), height, BigInteger.valueOf(height), "00".repeat(32), topVersion,
                0, OptionalInt.of(12));
        return new ResultReport(ip, 18080, "SUCCESS", null, null, "concluded", 1L, 5L,
                peer.report(List.of("handshake response")), Optional.of(peer));
    }

    @Test
    void theRunCountsSeedsAddressesAndDuration() {
        RunReport run = RunReport.of(T0, T0.plusMillis(1234), List.of(
                seed("a.example", List.of(failed("1.1.1.1"))), seed("b.example", List.of(failed("2.2.2.2"), failed("3.3.3.3")))));
        assertEquals(2, run.seedsChecked());
        assertEquals(3, run.addressesTotal());
        assertEquals(1234, run.durationMillis());
    }

    static Map<String, SeedHealth> judge(SeedReport... seeds) {
        RunReport run = RunReport.of(T0, T0.plusSeconds(1), List.of(seeds), HealthThresholds.DEFAULTS, TALLIES);
        Map<String, SeedHealth> out = new java.util.HashMap<>();
        run.seeds().forEach(s -> out.put(s.seed(), s.health()));
        return out;
    }

    static SeedReport seed(String name, List<ResultReport> results) {
        return new SeedReport(name, "bitcoin", 8333, results.stream().map(ResultReport::address).toList(),
                results.isEmpty() ? "no addresses" : null, Summary.of(results), results, 0, null, null);
    }

    static ResultReport success(String ip, String agent, int version, long services, long height, long millis) {
        BitcoinPeer peer = new BitcoinPeer(version, agent, services, height, true);
        return new ResultReport(ip, 8333, "SUCCESS", null, null, "concluded", 1L, millis,
                peer.report(List.of("version", "verack")), Optional.of(peer));
    }

    static ResultReport failed(String ip) {
        return new ResultReport(ip, 8333, "FAILED", "connection refused", "connect-refused", "connect", null, null,
                null, Optional.empty());
    }
}
