package org.nodehandshake.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report page (as written, or as a browser's DOM) against its JSON report: every seed in order, its card and
 * its section, each verdict and figure, the DNS rows, the outcomes by reason code, the tallies and the trend.
 */
public final class ReportPageCheck {

    /** Keys of {@code health} that are not tallies. */
    private static final Set<String> HEALTH_KEYS = Set.of("verdict", "addressCount", "ipv4", "ipv6", "successRate",
            "heights", "latencyMillis", "duplicates", "filter", "quality", "diversity", "concerns");
    private static final int MAX_TEXT = 160;
    private static final String DASH = "\u2013";

    private ReportPageCheck() {
    }

    /** Asserts that {@code page} shows {@code report}; returns how many figures were compared. */
    public static int assertShows(String page, JsonNode report) {
        Checker c = new Checker();
        String header = PageDom.element(page, "header", "class", "run");
        c.text(header, "startedAt", report.get("startedAt").asText());
        c.text(header, "finishedAt", report.get("finishedAt").asText());
        c.number(header, "durationMillis", report.get("durationMillis"));
        c.number(header, "seedsChecked", report.get("seedsChecked"));
        c.number(header, "addressesTotal", report.get("addressesTotal"));
        int[] totals = new int[3];
        report.get("seeds").forEach(s -> {
            totals[0] += s.at("/summary/success").asInt();
            totals[1] += s.at("/summary/partial").asInt();
            totals[2] += s.at("/summary/failed").asInt();
        });
        c.text(header, "success", Integer.toString(totals[0]));
        c.text(header, "partial", Integer.toString(totals[1]));
        c.text(header, "failed", Integer.toString(totals[2]));

        List<String> sections = PageDom.seedSections(page);
        List<String> cards = PageDom.cards(page);
        JsonNode seeds = report.get("seeds");
        assertEquals(seeds.size(), sections.size(), "a section per seed");
        assertEquals(seeds.size(), cards.size(), "a card per seed");
        for (int i = 0; i < seeds.size(); i++) {
            JsonNode seed = seeds.get(i);
            String name = "seed " + i + " (" + seed.get("seed").asText() + ")";
            c.card(cards.get(i), seed, name);
            c.section(sections.get(i), seed, name);
        }
        return c.compared;
    }

    /** How the page shows a string it was given: at most 160 characters, then how many it left out. */
    public static String shown(String text) {
        int length = text.codePointCount(0, text.length());
        if (length <= MAX_TEXT) {
            return text;
        }
        int cut = text.offsetByCodePoints(0, MAX_TEXT);
        return text.substring(0, cut) + "\u2026 (" + (length - MAX_TEXT) + " more characters)";
    }

    private static final class Checker {
        int compared;

        void card(String card, JsonNode seed, String name) {
            JsonNode health = seed.get("health");
            text(card, "seed", shown(seed.get("seed").asText()), name);
            text(card, "verdict", health.get("verdict").asText(), name);
            number(card, "successRate", health.get("successRate"), name);
            summary(card, seed, name);
            text(card, "addressCount", Integer.toString(seed.get("addresses").size()), name);
            if (!seed.get("error").isNull()) {
                text(card, "error", shown(seed.get("error").asText()), name);
            } else if (!health.get("concerns").isEmpty()) {
                List<String> concerns = new ArrayList<>();
                health.get("concerns").forEach(n -> concerns.add(n.asText()));
                text(card, "concerns", String.join(", ", concerns), name);
            }
        }

        void section(String section, JsonNode seed, String name) {
            JsonNode health = seed.get("health");
            text(section, "seed", shown(seed.get("seed").asText()), name);
            text(section, "verdict", health.get("verdict").asText(), name);
            number(section, "successRate", health.get("successRate"), name);
            summary(section, seed, name);
            text(section, "addressCount", Integer.toString(seed.get("addresses").size()), name);
            number(section, "ipv4", health.get("ipv4"), name);
            number(section, "ipv6", health.get("ipv6"), name);
            if (seed.get("addressesDropped").asInt() > 0) {
                number(section, "addressesDropped", seed.get("addressesDropped"), name);
            }
            if (!seed.get("error").isNull()) {
                text(section, "error", seed.get("error").asText(), name);
            }
            if (seed.has("serviceFilter")) {
                text(section, "serviceFilter", seed.get("serviceFilter").asText(), name);
            }
            for (String h : List.of("max", "median", "behind", "behindThreshold")) {
                number(section, "heights." + h, health.at("/heights/" + h), name);
            }
            number(section, "latencyMillis.p50", health.at("/latencyMillis/p50"), name);
            number(section, "latencyMillis.p95", health.at("/latencyMillis/p95"), name);
            List<String> concerns = new ArrayList<>();
            health.get("concerns").forEach(n -> concerns.add(n.asText()));
            text(section, "concerns", concerns.isEmpty() ? "none" : String.join(", ", concerns), name);
            number(section, "duplicates", health.get("duplicates").size(), name);
            if (health.has("filter")) {
                for (String f : List.of("checked", "mismatched", "share", "maxShare")) {
                    number(section, "filter." + f, health.at("/filter/" + f), name);
                }
            }
            if (health.has("quality")) {
                number(section, "quality.checked", health.at("/quality/checked"), name);
                number(section, "quality.good", health.at("/quality/good"), name);
            }
            if (health.has("diversity")) {
                number(section, "diversity.groups", health.at("/diversity/groups"), name);
                text(section, "diversity.largestGroup", health.at("/diversity/largestGroup").asText(), name);
                number(section, "diversity.largestGroupShare", health.at("/diversity/largestGroupShare"), name);
            }
            dns(section, seed, name);
            reasons(section, seed, name);
            tallies(section, health, name);
            trend(section, seed, name);
            nodes(section, seed, name);
        }

        private void summary(String html, JsonNode seed, String name) {
            for (String outcome : List.of("success", "partial", "failed")) {
                number(html, outcome, seed.at("/summary/" + outcome), name);
            }
        }

        private void dns(String section, JsonNode seed, String name) {
            JsonNode dns = seed.path("dns");
            assertEquals(dns.size(), PageDom.elements(section, "tr", "data-dns", "A").size()
                    + PageDom.elements(section, "tr", "data-dns", "AAAA").size()
                    + PageDom.elements(section, "tr", "data-dns", "TXT").size(), name + ": a DNS row per record type");
            for (Iterator<Map.Entry<String, JsonNode>> it = dns.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String row = PageDom.element(section, "tr", "data-dns", e.getKey());
                JsonNode d = e.getValue();
                String where = name + " dns." + e.getKey();
                text(row, "rcode", d.get("rcode").asText(), where);
                number(row, "millis", d.get("millis"), where);
                number(row, "records", d.get("records"), where);
                number(row, "ttlMin", d.path("ttlMin"), where);
                number(row, "ttlMax", d.path("ttlMax"), where);
                text(row, "truncated", d.get("truncated").asBoolean() ? "yes" : "no", where);
                text(row, "tcpRetry", d.get("tcpRetry").asBoolean() ? "yes" : "no", where);
                text(row, "dnssec", d.has("dnssec") ? d.get("dnssec").asText() : DASH, where);
                text(row, "lookups", d.has("lookups") ? d.get("lookups").asText() : "1", where);
            }
        }

        private void reasons(String section, JsonNode seed, String name) {
            Map<String, Integer> expected = new HashMap<>();
            seed.get("results").forEach(r -> expected.merge(r.get("outcome").asText() + " "
                    + (r.get("reasonCode").isNull() ? DASH : r.get("reasonCode").asText()), 1, Integer::sum));
            Map<String, Integer> shown = new HashMap<>();
            for (String row : PageDom.elements(section, "tr", "data-row", "reason")) {
                shown.put(PageDom.field(row, "outcome").text() + " " + PageDom.field(row, "reasonCode").text(),
                        Integer.parseInt(PageDom.field(row, "nodes").text()));
            }
            assertEquals(expected, shown, name + ": outcomes by reason code");
            compared += expected.size();
        }

        private void tallies(String section, JsonNode health, String name) {
            for (Iterator<Map.Entry<String, JsonNode>> it = health.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tally = it.next();
                if (HEALTH_KEYS.contains(tally.getKey()) || tally.getValue().isEmpty()) {
                    continue;
                }
                Map<String, Integer> expected = new LinkedHashMap<>();
                tally.getValue().fields().forEachRemaining(v -> expected.put(shown(v.getKey()), v.getValue().asInt()));
                String table = PageDom.element(section, "table", "data-tally", tally.getKey());
                Map<String, Integer> shown = new LinkedHashMap<>();
                for (String row : PageDom.elements(table, "tr", "data-row", "tally")) {
                    shown.put(PageDom.field(row, "value").text(), Integer.parseInt(PageDom.field(row, "nodes").text()));
                }
                if (expected.size() <= 10) {
                    assertEquals(expected, shown, name + ": tally " + tally.getKey());
                } else {
                    assertEquals(10, shown.size(), name + ": tally " + tally.getKey() + " shows its 10 largest");
                    shown.forEach((value, nodes) -> assertEquals(expected.get(value), nodes, name + ": " + value));
                    int rest = expected.values().stream().mapToInt(Integer::intValue).sum()
                            - shown.values().stream().mapToInt(Integer::intValue).sum();
                    text(table, "otherNodes", Integer.toString(rest), name);
                }
                compared += shown.size();
            }
        }

        private void trend(String section, JsonNode seed, String name) {
            if (!seed.has("trend")) {
                PageDom.field(section, "noTrend");
                compared++;
                return;
            }
            assertEquals(1, PageDom.elements(section, "svg", "data-chart", "trend").size(), name + ": one trend chart");
            for (String window : List.of("day", "week")) {
                String row = PageDom.element(section, "tr", "data-window", window);
                JsonNode w = seed.at("/trend/" + window);
                String where = name + " trend." + window;
                number(row, "runs", w.get("runs"), where);
                for (String f : List.of("successRate", "minSuccessRate", "maxSuccessRate", "change")) {
                    number(row, f, w.get(f), where);
                }
                List<String> verdicts = new ArrayList<>();
                w.get("verdicts").fields().forEachRemaining(v -> verdicts.add(v.getKey() + " " + v.getValue().asInt()));
                text(row, "verdicts", verdicts.isEmpty() ? DASH : String.join(", ", verdicts), where);
            }
        }

        private void nodes(String section, JsonNode seed, String name) {
            JsonNode results = seed.get("results");
            List<String> rows = PageDom.elements(section, "tr", "data-row", "node");
            assertEquals(Math.min(results.size(), 200), rows.size(), name + ": node rows");
            for (int i = 0; i < rows.size(); i++) {
                JsonNode r = results.get(i);
                String where = name + " result " + i;
                text(rows.get(i), "address", r.get("address").asText(), where);
                number(rows.get(i), "port", r.get("port"), where);
                text(rows.get(i), "outcome", r.get("outcome").asText(), where);
                text(rows.get(i), "reasonCode", r.get("reasonCode").isNull() ? DASH : r.get("reasonCode").asText(), where);
                text(rows.get(i), "stage", r.get("stage").asText(), where);
                number(rows.get(i), "connectMillis", r.get("connectMillis"), where);
                number(rows.get(i), "handshakeMillis", r.get("handshakeMillis"), where);
                text(rows.get(i), "reason", r.get("reason").isNull() ? DASH : shown(r.get("reason").asText()), where);
            }
            if (results.size() > rows.size()) {
                number(section, "nodesLeftOut", results.size() - rows.size(), name);
            }
        }

        void text(String html, String field, String expected) {
            text(html, field, expected, "run");
        }

        void text(String html, String field, String expected, String where) {
            assertEquals(expected, PageDom.field(html, field).text(), where + ": " + field);
            compared++;
        }

        void number(String html, String field, JsonNode expected) {
            number(html, field, expected, "run");
        }

        void number(String html, String field, int expected, String where) {
            assertEquals(Integer.toString(expected), PageDom.field(html, field).figure(), where + ": " + field);
            compared++;
        }

        /** A number of the report (or null: the page shows an en dash), compared as a number. */
        void number(String html, String field, JsonNode expected, String where) {
            PageDom.Field shown = PageDom.field(html, field);
            if (expected == null || expected.isNull() || expected.isMissingNode()) {
                assertEquals(DASH, shown.text(), where + ": " + field + " is null in the report");
                assertTrue(shown.value().isEmpty(), where + ": " + field);
            } else if (expected.isIntegralNumber()) {
                assertEquals(expected.asLong(), Long.parseLong(shown.figure()), where + ": " + field);
            } else {
                assertEquals(expected.asDouble(), Double.parseDouble(shown.figure()), 0.0, where + ": " + field);
                assertEquals(String.format(java.util.Locale.ROOT, "%.1f", expected.asDouble() * 100),
                        shown.text().replace(" %", "").replace("+", ""), where + ": " + field + " as a percentage");
            }
            compared++;
        }
    }
}
