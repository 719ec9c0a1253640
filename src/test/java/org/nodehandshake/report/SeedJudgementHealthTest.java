package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinPeer;

/** Filter mismatches, quality checks, behind and diversity in a seed's health and verdict. */
class SeedJudgementHealthTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void filterMismatchesAreCountedAndDegradeTheVerdict() {
        List<ResultReport> results = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            results.add(success(i + ".1.1.1", 900_000, List.of(), checks(true)));
        }
        results.add(success("5.1.1.1", 900_000, List.of("NODE_WITNESS"), checks(true)));
        SeedReport seed = judged(seed("x.example", "x9", results));
        SeedHealth.FilterCheck filter = seed.health().filter();
        assertEquals("x9", filter.label());
        assertEquals(5, filter.checked());
        assertEquals(1, filter.mismatched());
        assertEquals(0.2, filter.share());
        assertEquals(Map.of("NODE_WITNESS", 1), filter.missing());
        assertEquals(List.of(SeedHealth.FILTER_MISMATCH), seed.health().concerns());
        assertEquals(SeedHealth.DEGRADED, seed.health().verdict(), "0.2 > max-filter-mismatch-share 0.1");
    }

    @Test
    void aSeedWithoutFilterHasNoFilterCheck() {
        SeedReport seed = judged(seed("plain.example", null, List.of(success("1.1.1.1", 1, List.of(), checks(true)))));
        assertNull(seed.health().filter());
    }

    @Test
    void qualityIsCompletedWithNotBehindAndGoodAndCounted() {
        ResultReport fresh = success("1.1.1.1", 900_000, List.of(), checks(true));
        ResultReport stale = success("2.1.1.1", 899_000, List.of(), checks(true));
        ResultReport wrongPort = success("3.1.1.1", 900_000, List.of(), checks(false));
        SeedReport seed = judged(seed("q.example", null, List.of(fresh, stale, wrongPort)));
        assertEquals(Map.of("defaultPort", true, "notBehind", true, "good", true), seed.results().get(0).quality());
        assertEquals(List.of("defaultPort", "notBehind", "good"), List.copyOf(seed.results().get(0).quality().keySet()));
        assertEquals(false, seed.results().get(1).quality().get("notBehind"));
        assertEquals(false, seed.results().get(1).quality().get("good"));
        assertEquals(false, seed.results().get(2).quality().get("good"));
        SeedHealth.QualityCounts q = seed.health().quality();
        assertEquals(3, q.checked());
        assertEquals(1, q.good());
        assertEquals(Map.of("defaultPort", 1, "notBehind", 1), q.failed());
        assertTrue(seed.health().concerns().contains(SeedHealth.BEHIND), "1 of 3 behind > max-behind-share 0.25");
    }

    @Test
    void noChecksNoQuality() {
        ResultReport plain = new ResultReport("1.1.1.1", 8333, "SUCCESS", null, null, "concluded", 1L, 2L, null,
                Optional.of(new BitcoinPeer(70016, "/a/", 9, 1, true)));
        SeedReport seed = judged(seed("n.example", null, List.of(plain)));
        assertTrue(seed.results().get(0).quality().isEmpty());
        assertNull(seed.health().quality());
    }

    @Test
    void addressesConcentratedInOneGroupAreFlagged() {
        List<ResultReport> results = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            results.add(success("203.0.113." + i, 900_000, List.of(), checks(true)));
        }
        results.add(success("198.51.100.1", 900_000, List.of(), checks(true)));
        results.add(success("2001:db8::1", 900_000, List.of(), checks(true)));
        SeedHealth h = judged(seed("crowded.example", null, results)).health();
        assertEquals(3, h.diversity().groups());
        assertEquals("203.0.0.0/16", h.diversity().largestGroup());
        assertEquals(0.667, h.diversity().largestGroupShare());
        assertTrue(h.diversity().flagged());
        assertEquals(List.of(SeedHealth.GROUP_SHARE), h.concerns());
        assertEquals(SeedHealth.DEGRADED, h.verdict());
    }

    @Test
    void diverseAddressesAreNotFlaggedAndOneAddressNever() {
        List<ResultReport> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            results.add(success(i + ".1.1.1", 900_000, List.of(), checks(true)));
        }
        SeedHealth h = judged(seed("wide.example", null, results)).health();
        assertEquals(5, h.diversity().groups());
        assertEquals("prefix", h.diversity().grouping());
        assertFalse(h.diversity().flagged());
        assertEquals(SeedHealth.HEALTHY, h.verdict());
        assertFalse(judged(seed("one.example", null, List.of(success("1.1.1.1", 1, List.of(), checks(true)))))
                .health().diversity().flagged());
    }

    @Test
    void theSameNameUnderTwoFiltersIsNoDuplicate() {
        RunReport run = RunReport.of(T0, T0.plusSeconds(1), List.of(
                seed("s.example", "x1", List.of(success("1.1.1.1", 1, List.of(), checks(true)))),
                seed("s.example", "x9", List.of(success("1.1.1.1", 1, List.of(), checks(true))))),
                HealthThresholds.DEFAULTS, List.of());
        assertEquals(List.of(), run.seeds().get(0).health().duplicates());
        assertEquals(List.of(), run.seeds().get(1).health().duplicates());
    }

    @Test
    void withAnAsmapAddressesFallInTheirAs() {
        // the test map: 1.2.0.0/16 -> AS13335, 2001:db8::/32 -> AS64512, the rest unmapped (by prefix)
        List<ResultReport> results = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            results.add(success("1.2." + i + ".1", 900_000, List.of(), checks(true)));
        }
        results.add(success("2001:db8::1", 900_000, List.of(), checks(true)));
        results.add(success("9.9.9.9", 900_000, List.of(), checks(true)));
        AddressGroups groups = AddressGroups.of(Asmap.of(AsmapTest.goldenMap()));
        SeedHealth h = RunReport.of(T0, T0.plusSeconds(1), List.of(seed("asn.example", null, results)),
                HealthThresholds.DEFAULTS, List.of(), groups).seeds().get(0).health();
        assertEquals("asmap", h.diversity().grouping());
        assertEquals(3, h.diversity().groups());
        assertEquals("AS13335", h.diversity().largestGroup());
        assertEquals(Map.of("AS13335", 3, "AS64512", 1, "9.9.0.0/16", 1), h.diversity().counts());
        assertEquals(0.6, h.diversity().largestGroupShare());
        assertTrue(h.diversity().flagged());
    }

    static Map<String, Boolean> checks(boolean defaultPort) {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("defaultPort", defaultPort);
        return checks;
    }

    static SeedReport judged(SeedReport seed) {
        return RunReport.of(T0, T0.plusSeconds(1), List.of(seed), HealthThresholds.DEFAULTS, List.of()).seeds().get(0);
    }

    static SeedReport seed(String name, String filter, List<ResultReport> results) {
        return new SeedReport(name, "bitcoin", 8333, results.stream().map(ResultReport::address).toList(), null,
                Summary.of(results), results, 0, filter, null);
    }

    static ResultReport success(String ip, long height, List<String> mismatch, Map<String, Boolean> quality) {
        BitcoinPeer peer = new BitcoinPeer(70016, "/Satoshi:27.0.0/", 0x409, height, true);
        return new ResultReport(ip, 8333, "SUCCESS", null, null, "concluded", 1L, 5L,
                peer.report(List.of("version", "verack")), mismatch, quality, Optional.of(peer), null);
    }
}
