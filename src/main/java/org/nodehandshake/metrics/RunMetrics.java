package org.nodehandshake.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.camel.ExchangeProperty;
import org.nodehandshake.report.DnsReport;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedHealth;
import org.nodehandshake.report.SeedReport;

/**
 * The scheduled runs' metrics. Per seed the gauges are read from the last finished run's report at
 * scrape time, so they equal that report exactly and a seed absent from it has no series; the counters
 * and the latency histogram add up every run since the start (a seed absent from the last run loses
 * its series there too).
 */
public final class RunMetrics {

    /** Values of one tally listed per seed; the rest are summed under {@link #OTHER}. */
    public static final int TOP_VALUES = 10;
    public static final String OTHER = "other";
    /** Longest label value taken from a peer (user agents and the like); longer ones are cut. */
    public static final int MAX_LABEL_CHARS = 120;
    /** The reason_code label of a SUCCESS (a label cannot be empty without vanishing). */
    public static final String NO_REASON = "none";

    static final String[] SEED_LABELS = {"seed", "network"};
    static final List<String> VERDICTS = List.of(SeedHealth.HEALTHY, SeedHealth.DEGRADED, SeedHealth.DOWN);

    /** The last run: when it finished, and why its report was not written if it was not. */
    public record FinishedRun(Instant finishedAt, Optional<String> reportWriteError) {
    }

    /** The counters and the histogram, registered where an endpoint serves them. */
    private record Instruments(Counter handshakes, Counter runs, Histogram latency) {
    }

    /** Empty for a run that ends (one-shot, {@code --once}, a worker): nothing serves metrics there. */
    private final Optional<Instruments> instruments;
    private volatile RunReport last;
    private volatile FinishedRun lastRun;
    private final Set<List<String>> seedsCounted = new HashSet<>();

    /**
     * @param reportWriteFailures reports not written since the start ({@code ReportWrites.failures})
     * @param historyFailures runs the history could not record since the start
     */
    public RunMetrics(PrometheusRegistry registry, LongSupplier reportWriteFailures, LongSupplier historyFailures) {
        Counter handshakes = Counter.builder().name("node_handshake_handshakes_total")
                .help("Handshakes with a seed's addresses since the start, by outcome and reason code (none on SUCCESS)")
                .labelNames("seed", "network", "outcome", "reason_code").register(registry);
        Counter runs = Counter.builder().name("node_handshake_runs_total")
                .help("Runs finished since the start").register(registry);
        Histogram latency = Histogram.builder().name("node_handshake_handshake_duration_seconds")
                .help("TCP connected to handshake concluded, over SUCCESS results, since the start")
                .unit(Unit.SECONDS).labelNames(SEED_LABELS).classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
        CounterWithCallback.builder().name("node_handshake_report_write_failures_total")
                .help("Run reports that could not be written since the start")
                .callback(c -> c.call(reportWriteFailures.getAsLong())).register(registry);
        CounterWithCallback.builder().name("node_handshake_history_write_failures_total")
                .help("Runs the history database could not record since the start")
                .callback(c -> c.call(historyFailures.getAsLong())).register(registry);
        registry.register(new LastRunCollector());
        instruments = Optional.of(new Instruments(handshakes, runs, latency));
    }

    private RunMetrics() {
        instruments = Optional.empty();
    }

    /**
     * For a run that ends: no endpoint serves it, so {@link #record} keeps nothing, and neither this nor a
     * registry touches the metrics library (part of a one-shot check's start-up time, see BENCHMARKS.md).
     */
    public static RunMetrics unserved() {
        return new RunMetrics();
    }

    /**
     * Route step after the report's writes: the run as its report says, and whether the report was
     * written ({@code reportWriteError} is set by the writes' catch).
     */
    public void record(@ExchangeProperty("runReport") RunReport report,
                       @ExchangeProperty("reportWriteError") String reportWriteError) {
        if (instruments.isEmpty()) {
            return;
        }
        Counter handshakes = instruments.get().handshakes();
        Histogram latency = instruments.get().latency();
        synchronized (this) {
            Set<List<String>> present = new HashSet<>();
            for (SeedReport seed : report.seeds()) {
                String[] labels = seedLabels(seed);
                present.add(List.of(labels));
                for (ResultReport r : seed.results()) {
                    handshakes.labelValues(labels[0], labels[1], r.outcome(),
                            r.reasonCode() == null ? NO_REASON : r.reasonCode()).inc();
                    if (r.handshakeMillis() != null) {
                        latency.labelValues(labels).observe(Unit.millisToSeconds(r.handshakeMillis()));
                    }
                }
            }
            for (List<String> gone : seedsCounted) {
                if (!present.contains(gone)) {
                    handshakes.removeIf(values -> values.subList(0, 2).equals(gone));
                    latency.remove(gone.toArray(String[]::new));
                }
            }
            seedsCounted.clear();
            seedsCounted.addAll(present);
            instruments.get().runs().inc();
            last = report;
            lastRun = new FinishedRun(Instant.parse(report.finishedAt()), Optional.ofNullable(reportWriteError));
        }
    }

    /** The last finished run; empty before the first. */
    public Optional<FinishedRun> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /**
     * A seed's labels: {@code name:port[/filter]} (what tells two entries of one name apart), with
     * {@code " from VANTAGE"} in a distributed run (each vantage's view is a seed of its own, as in the
     * history), and its network.
     */
    static String[] seedLabels(SeedReport seed) {
        String name = seed.seed() + ":" + seed.port()
                + (seed.serviceFilter() == null || seed.serviceFilter().isEmpty() ? "" : "/" + seed.serviceFilter())
                + (seed.vantage() == null ? "" : " from " + seed.vantage());
        return new String[] {name, seed.network()};
    }

    /** The gauges of the last run, built from its report at each scrape. */
    private final class LastRunCollector implements MultiCollector {

        @Override
        public MetricSnapshots collect() {
            RunReport report = last;
            if (report == null) {
                return new MetricSnapshots();
            }
            Gauges g = new Gauges();
            g.put("node_handshake_run_duration_seconds", "How long the last run took", Labels.EMPTY,
                    Unit.millisToSeconds(report.durationMillis()));
            g.put("node_handshake_last_run_end_timestamp_seconds", "When the last run ended (unix time)", Labels.EMPTY,
                    Instant.parse(report.finishedAt()).toEpochMilli() / 1000.0);
            for (SeedReport seed : report.seeds()) {
                seed(g, seed);
            }
            return g.snapshots();
        }

        private void seed(Gauges g, SeedReport seed) {
            String[] s = seedLabels(seed);
            Labels labels = Labels.of(SEED_LABELS, s);
            g.put("node_handshake_seed_addresses", "Addresses the seed handed out in the last run", labels,
                    seed.addresses().size());
            g.put("node_handshake_seed_addresses_dropped", "Addresses beyond handshake.max-addresses-per-seed in the last run",
                    labels, seed.addressesDropped());
            Map<List<String>, Integer> results = new LinkedHashMap<>();
            for (ResultReport r : seed.results()) {
                results.merge(List.of(r.outcome(), r.reasonCode() == null ? NO_REASON : r.reasonCode()), 1, Integer::sum);
            }
            results.forEach((key, count) -> g.put("node_handshake_seed_results",
                    "The last run's results by outcome and reason code (none on SUCCESS)",
                    labels.add("outcome", key.get(0)).add("reason_code", key.get(1)), count));
            SeedHealth health = seed.health();
            if (health != null) {
                g.put("node_handshake_seed_success_ratio", "SUCCESS results / addresses in the last run", labels,
                        health.successRate());
                for (String verdict : VERDICTS) {
                    g.put("node_handshake_seed_verdict", "1 for the seed's verdict in the last run, 0 for the others",
                            labels.add("verdict", verdict), verdict.equals(health.verdict()) ? 1 : 0);
                }
                if (health.heights().max() != null) {
                    g.put("node_handshake_seed_best_height", "Best height a node of the seed claimed in the last run",
                            labels, health.heights().max());
                }
                if (health.heights().median() != null) {
                    g.put("node_handshake_seed_median_height", "Median height the seed's nodes claimed in the last run",
                            labels, health.heights().median());
                }
                if (health.filter() != null) {
                    g.put("node_handshake_seed_filter_mismatches",
                            "Nodes of the last run lacking a service the seed's filter asks for", labels,
                            health.filter().mismatched());
                }
                health.tallies().forEach((tally, counts) -> topValues(counts).forEach((value, nodes) ->
                        g.put("node_handshake_seed_nodes",
                                "Nodes of the last run by what they told (tally: user agents, clients, ...), top "
                                        + TOP_VALUES + " values per tally and other",
                                labels.add("tally", tally).add("value", value), nodes)));
            }
            seed.dns().forEach((type, dns) -> dns(g, labels.add("type", type), dns));
        }

        private void dns(Gauges g, Labels labels, DnsReport dns) {
            g.put("node_handshake_seed_dns_answer_seconds", "How long the seed's DNS answer took in the last run, by type",
                    labels, Unit.millisToSeconds(dns.millis()));
            g.put("node_handshake_seed_dns_rcode", "1 for the response code of the seed's DNS question in the last run",
                    labels.add("rcode", dns.rcode()), 1);
        }
    }

    /**
     * The {@link #TOP_VALUES} values held by the most nodes (ties by value), the rest summed as {@link #OTHER};
     * every value cut to {@link #MAX_LABEL_CHARS} characters without control characters, as it came from a peer.
     */
    static Map<String, Integer> topValues(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> top = new LinkedHashMap<>();
        int other = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < TOP_VALUES) {
                top.merge(labelValue(sorted.get(i).getKey()), sorted.get(i).getValue(), Integer::sum);
            } else {
                other += sorted.get(i).getValue();
            }
        }
        if (other > 0) {
            top.merge(OTHER, other, Integer::sum);
        }
        return top;
    }

    /** A label value from a peer: control characters replaced, at most {@link #MAX_LABEL_CHARS} characters. */
    static String labelValue(String raw) {
        String clean = raw.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= MAX_LABEL_CHARS ? clean
                : clean.substring(0, Character.isHighSurrogate(clean.charAt(MAX_LABEL_CHARS - 1))
                        ? MAX_LABEL_CHARS - 1 : MAX_LABEL_CHARS);
    }

    /** Gauge families in the order first put; one data point per label set (the first put wins). */
    private static final class Gauges {
        private final Map<String, String> help = new LinkedHashMap<>();
        private final Map<String, Map<Labels, Double>> points = new LinkedHashMap<>();

        void put(String name, String text, Labels labels, double value) {
            help.putIfAbsent(name, text);
            points.computeIfAbsent(name, n -> new LinkedHashMap<>()).putIfAbsent(labels, value);
        }

        MetricSnapshots snapshots() {
            List<MetricSnapshot> out = new ArrayList<>();
            points.forEach((name, values) -> {
                GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help.get(name));
                if (name.endsWith("_seconds")) {
                    gauge.unit(Unit.SECONDS);
                } else if (name.endsWith("_ratio")) {
                    gauge.unit(Unit.RATIO);
                }
                values.forEach((labels, value) ->
                        gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
                out.add(gauge.build());
            });
            return new MetricSnapshots(out);
        }
    }
}
