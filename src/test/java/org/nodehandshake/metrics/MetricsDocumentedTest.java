package org.nodehandshake.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.Responder;

/**
 * The README's metrics table lists exactly the metrics the endpoint exposes, and the Grafana dashboard
 * (which cannot be loaded here) queries only those, through its data source variable.
 */
class MetricsDocumentedTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(node_handshake_[a-z_]+)` \\| (gauge|counter|histogram) \\|");
    private static final Pattern METRIC_IN_QUERY = Pattern.compile("node_handshake_[a-z_]+");

    /** Name -> type from the README's table under "Metrics and health". */
    static Set<String> documented() throws Exception {
        Set<String> rows = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = TABLE_ROW.matcher(line);
            if (m.find()) {
                rows.add(m.group(1) + " " + m.group(2));
            }
        }
        return rows;
    }

    @Test
    void theReadmeTableIsWhatTheEndpointExposes() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        RunMetrics run = new RunMetrics(registry, () -> 0, () -> 0);
        new ListenerMetrics(registry, "net-a", () -> new Responder.Counters(0, 0, 0, 0));
        // A run whose one seed has every optional figure: a filter, heights, a tally, DNS.
        ResultReportFixtures.recordFullRun(run);
        Set<String> exposed = new TreeSet<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            String type = snapshot.getClass().getSimpleName().replace("Snapshot", "").toLowerCase();
            exposed.add((type.equals("counter") ? name + "_total" : name) + " " + type);
        }
        assertEquals(exposed, documented());
    }

    @Test
    void theDashboardQueriesOnlyDocumentedMetricsThroughItsDataSourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("dashboards/node-handshake.json").toFile());
        Set<String> names = new TreeSet<>();
        documented().forEach(row -> names.add(row.substring(0, row.indexOf(' '))));
        List<String> unknown = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertEquals("${datasource}", panel.at("/datasource/uid").asText(), panel.get("title").asText());
            for (JsonNode target : panel.get("targets")) {
                queries++;
                Matcher m = METRIC_IN_QUERY.matcher(target.get("expr").asText());
                while (m.find()) {
                    String metric = m.group().replaceAll("_(bucket|sum|count)$", "");
                    if (!names.contains(metric)) {
                        unknown.add(panel.get("title").asText() + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), unknown);
        assertTrue(queries > 20, "panels on every part: " + queries);
        List<String> variables = new ArrayList<>();
        dashboard.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
        assertTrue(variables.containsAll(List.of("datasource", "network", "seed")), variables::toString);
        assertEquals(Optional.of("prometheus"), Optional.of(dashboard.at("/templating/list/0/query").asText()));
    }
}
