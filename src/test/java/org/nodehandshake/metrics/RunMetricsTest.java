package org.nodehandshake.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.report.DnsReport;
import org.nodehandshake.report.HealthThresholds;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;
import org.nodehandshake.report.Summary;

/** The metrics of a run, read back from the exposition exactly as Prometheus would scrape it. */
class RunMetricsTest {

    static final Instant START = Instant.parse("2026-12-02T04:00:00Z");

    /** A peer of some protocol: a height and one tally value. */
    record Peer(long claimed, String client) implements PeerInfo {
        @Override
        public OptionalLong height() {
            return OptionalLong.of(claimed);
        }

        @Override
        public Object report(List<String> messages) {
            return Map.of();
        }

        @Override
        public Map<String, List<String>> tallies() {
            return Map.of("clients", List.of(client));
        }
    }

    static ResultReport success(String address, long millis, long height, String client) {
        return new ResultReport(address, 9000, "SUCCESS", null, null, "concluded", 1L, millis, Map.of(),
                Optional.of(new Peer(height, client)));
    }

    static ResultReport failed(String address, String code) {
        return new ResultReport(address, 9000, "FAILED", "why", code, "connect", null, null, null, Optional.empty());
    }

    static SeedReport seed(String name, String filter, List<ResultReport> results) {
        Map<String, DnsReport> dns = new LinkedHashMap<>();
        dns.put("A", new DnsReport("NOERROR", 12, results.size(), 60L, 60L, false, false, null, "unsigned", null, null));
        dns.put("AAAA", new DnsReport("NXDOMAIN", 250, 0, null, null, false, false, null, null, null, null));
        return new SeedReport(name, "net-a", 9000, results.stream().map(ResultReport::address).toList(), null,
                summary(results), results, 2, filter, null, Map.of(), dns, null, null, null);
    }

    static Summary summary(List<ResultReport> results) {
        int success = (int) results.stream().filter(r -> r.outcome().equals("SUCCESS")).count();
        return new Summary(success, 0, results.size() - success);
    }

    static RunReport run(long seconds, SeedReport... seeds) {
        return RunReport.of(START, START.plusMillis(seconds * 1000 + 250), List.of(seeds), HealthThresholds.DEFAULTS,
                List.of("clients"));
    }

    final PrometheusRegistry registry = new PrometheusRegistry();
    final AtomicLong reportFailures = new AtomicLong(3);
    final AtomicLong historyFailures = new AtomicLong(1);
    final RunMetrics metrics = new RunMetrics(registry, reportFailures::get, historyFailures::get);

    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The samples of the exposition (no comments), one line each. */
    List<String> samples() {
        return scrape().lines().filter(l -> !l.startsWith("#")).toList();
    }

    List<String> samplesOf(String name) {
        return samples().stream().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).toList();
    }

    static final String A = "seed=\"a.test:9000\"";

    @Test
    void eachVantageOfADistributedRunIsASeedLabelOfItsOwn() {
        SeedReport one = seed("a.test", "x9", List.of());
        SeedReport east = new SeedReport(one.seed(), one.network(), one.port(), one.addresses(), null, one.summary(),
                one.results(), one.addressesDropped(), one.serviceFilter(), null, Map.of(), one.dns(), null, null, "east");
        assertArrayEquals(new String[] {"a.test:9000/x9", "net-a"}, RunMetrics.seedLabels(one));
        assertArrayEquals(new String[] {"a.test:9000/x9 from east", "net-a"}, RunMetrics.seedLabels(east));
    }

    @Test
    void perSeedGaugesEqualTheRunsReport() throws Exception {
        metrics.record(run(7, seed("a.test", null, List.of(
                success("10.0.0.1", 40, 100, "/c:1/"), success("10.0.0.2", 60, 98, "/c:1/"),
                failed("10.0.0.3", "connect-refused"), failed("10.0.0.4", "connect-refused"),
                failed("10.0.0.5", "timeout")))), null);

        assertEquals(List.of("node_handshake_seed_addresses{network=\"net-a\"," + A + "} 5.0"),
                samplesOf("node_handshake_seed_addresses"));
        assertEquals(List.of("node_handshake_seed_addresses_dropped{network=\"net-a\"," + A + "} 2.0"),
                samplesOf("node_handshake_seed_addresses_dropped"));
        assertEquals(List.of(
                "node_handshake_seed_results{network=\"net-a\",outcome=\"FAILED\",reason_code=\"connect-refused\"," + A + "} 2.0",
                "node_handshake_seed_results{network=\"net-a\",outcome=\"FAILED\",reason_code=\"timeout\"," + A + "} 1.0",
                "node_handshake_seed_results{network=\"net-a\",outcome=\"SUCCESS\",reason_code=\"none\"," + A + "} 2.0"),
                samplesOf("node_handshake_seed_results").stream().sorted().toList());
        assertEquals(List.of("node_handshake_seed_success_ratio{network=\"net-a\"," + A + "} 0.4"),
                samplesOf("node_handshake_seed_success_ratio"));
        assertEquals(List.of(
                "node_handshake_seed_verdict{network=\"net-a\"," + A + ",verdict=\"DEGRADED\"} 1.0",
                "node_handshake_seed_verdict{network=\"net-a\"," + A + ",verdict=\"DOWN\"} 0.0",
                "node_handshake_seed_verdict{network=\"net-a\"," + A + ",verdict=\"HEALTHY\"} 0.0"),
                samplesOf("node_handshake_seed_verdict").stream().sorted().toList());
        assertEquals(List.of("node_handshake_seed_best_height{network=\"net-a\"," + A + "} 100.0"),
                samplesOf("node_handshake_seed_best_height"));
        assertEquals(List.of("node_handshake_seed_median_height{network=\"net-a\"," + A + "} 98.0"),
                samplesOf("node_handshake_seed_median_height"));
        assertEquals(List.of("node_handshake_seed_nodes{network=\"net-a\"," + A + ",tally=\"clients\",value=\"/c:1/\"} 2.0"),
                samplesOf("node_handshake_seed_nodes"));
        assertEquals(List.of(
                "node_handshake_seed_dns_answer_seconds{network=\"net-a\"," + A + ",type=\"A\"} 0.012",
                "node_handshake_seed_dns_answer_seconds{network=\"net-a\"," + A + ",type=\"AAAA\"} 0.25"),
                samplesOf("node_handshake_seed_dns_answer_seconds"));
        assertEquals(List.of(
                "node_handshake_seed_dns_rcode{network=\"net-a\",rcode=\"NOERROR\"," + A + ",type=\"A\"} 1.0",
                "node_handshake_seed_dns_rcode{network=\"net-a\",rcode=\"NXDOMAIN\"," + A + ",type=\"AAAA\"} 1.0"),
                samplesOf("node_handshake_seed_dns_rcode"));
        assertEquals(List.of(), samplesOf("node_handshake_seed_filter_mismatches"), "no filter asked");
        assertEquals(List.of("node_handshake_run_duration_seconds 7.25"), samplesOf("node_handshake_run_duration_seconds"));
        assertEquals(List.of("node_handshake_last_run_end_timestamp_seconds " + (START.getEpochSecond() + 7.25)),
                samplesOf("node_handshake_last_run_end_timestamp_seconds"));
    }

    @Test
    void countersAndTheLatencyHistogramAddUpRuns() throws Exception {
        SeedReport seed = seed("a.test", null, List.of(success("10.0.0.1", 40, 100, "/c:1/"),
                failed("10.0.0.2", "connect-refused")));
        metrics.record(run(1, seed), null);
        metrics.record(run(2, seed), null);

        assertEquals(List.of("node_handshake_runs_total 2.0"), samplesOf("node_handshake_runs_total"));
        assertEquals(List.of(
                "node_handshake_handshakes_total{network=\"net-a\",outcome=\"FAILED\",reason_code=\"connect-refused\"," + A + "} 2.0",
                "node_handshake_handshakes_total{network=\"net-a\",outcome=\"SUCCESS\",reason_code=\"none\"," + A + "} 2.0"),
                samplesOf("node_handshake_handshakes_total").stream().sorted().toList());
        assertTrue(samples().contains("node_handshake_handshake_duration_seconds_bucket{network=\"net-a\"," + A + ",le=\"0.025\"} 0"),
                this::scrape);
        assertTrue(samples().contains("node_handshake_handshake_duration_seconds_bucket{network=\"net-a\"," + A + ",le=\"0.05\"} 2"),
                this::scrape);
        assertTrue(samples().contains("node_handshake_handshake_duration_seconds_count{network=\"net-a\"," + A + "} 2"));
        assertTrue(samples().contains("node_handshake_handshake_duration_seconds_sum{network=\"net-a\"," + A + "} 0.08"));
        assertEquals(List.of("node_handshake_report_write_failures_total 3.0"),
                samplesOf("node_handshake_report_write_failures_total"));
        assertEquals(List.of("node_handshake_history_write_failures_total 1.0"),
                samplesOf("node_handshake_history_write_failures_total"));
    }

    @Test
    void aSeedAbsentFromTheLastRunHasNoSeries() throws Exception {
        SeedReport a = seed("a.test", null, List.of(success("10.0.0.1", 40, 100, "/c:1/")));
        SeedReport b = seed("b.test", null, List.of(success("10.0.0.2", 40, 100, "/c:1/")));
        metrics.record(run(1, a, b), null);
        assertTrue(samples().stream().anyMatch(l -> l.contains("b.test")));

        metrics.record(run(1, a), null);
        assertEquals(List.of(), samples().stream().filter(l -> l.contains("b.test")).toList(),
                "gauges, counters and histogram of the gone seed");
        assertTrue(samples().stream().anyMatch(l -> l.startsWith("node_handshake_handshakes_total") && l.contains(A)));
    }

    @Test
    void aFilteredSeedIsASeedOfItsOwnWithItsMismatches() throws Exception {
        ResultReport lacking = new ResultReport("10.0.0.1", 9000, "SUCCESS", null, null, "concluded", 1L, 5L, Map.of(),
                List.of("SERVICE_X"), Map.of(), Optional.of(new Peer(100, "/c:1/")), null);
        metrics.record(run(1, seed("a.test", null, List.of(success("10.0.0.2", 5, 100, "/c:1/"))),
                seed("a.test", "x9", List.of(lacking))), null);
        assertEquals(List.of("node_handshake_seed_filter_mismatches{network=\"net-a\",seed=\"a.test:9000/x9\"} 1.0"),
                samplesOf("node_handshake_seed_filter_mismatches"));
        assertEquals(2, samplesOf("node_handshake_seed_addresses").size());
    }

    @Test
    void aTallyListsItsTopValuesAndOther() throws Exception {
        List<ResultReport> results = new ArrayList<>();
        for (int i = 0; i < RunMetrics.TOP_VALUES + 3; i++) {
            // client c0 held by the most nodes, c12 by one; three values beyond the top ten
            for (int n = 0; n <= RunMetrics.TOP_VALUES + 3 - i; n++) {
                results.add(success("10." + i + ".0." + n, 5, 100, "/c" + i + "/"));
            }
        }
        metrics.record(run(1, seed("a.test", null, results)), null);
        List<String> nodes = samplesOf("node_handshake_seed_nodes");
        assertEquals(RunMetrics.TOP_VALUES + 1, nodes.size(), nodes::toString);
        assertTrue(nodes.contains("node_handshake_seed_nodes{network=\"net-a\"," + A + ",tally=\"clients\",value=\"/c0/\"} 14.0"));
        assertFalse(nodes.stream().anyMatch(l -> l.contains("/c10/")));
        // c10, c11, c12: 4 + 3 + 2 nodes
        assertTrue(nodes.contains("node_handshake_seed_nodes{network=\"net-a\"," + A + ",tally=\"clients\",value=\"other\"} 9.0"),
                nodes::toString);
    }

    @Test
    void aPeersValueIsCutAndLosesItsControlCharacters() {
        assertEquals("a?b", RunMetrics.labelValue("a\nb"));
        assertEquals(RunMetrics.MAX_LABEL_CHARS, RunMetrics.labelValue("x".repeat(10_000)).length());
    }

    @Test
    void theLastRunSaysWhetherItsReportWasWritten() {
        assertEquals(Optional.empty(), metrics.lastRun());
        metrics.record(run(1, seed("a.test", null, List.of())), "report not written to r: a file is in the way");
        assertEquals(Optional.of("report not written to r: a file is in the way"),
                metrics.lastRun().orElseThrow().reportWriteError());
        assertEquals(START.plusMillis(1250), metrics.lastRun().orElseThrow().finishedAt());
    }

    @Test
    void nothingOfARunBeforeTheFirst() throws Exception {
        assertEquals(List.of(), samples().stream().filter(l -> l.startsWith("node_handshake_seed")).toList());
        assertEquals(List.of("node_handshake_runs_total 0.0"), samplesOf("node_handshake_runs_total"));
    }
}
