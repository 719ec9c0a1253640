package org.nodehandshake.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nodehandshake.history.HistoryStatus;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.report.DnsReport;
import org.nodehandshake.report.HealthThresholds;
import org.nodehandshake.report.ListenerSection;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;
import org.nodehandshake.report.Summary;
import org.nodehandshake.testing.PageDom;
import org.nodehandshake.testing.ReportPageCheck;

/** The report page: what it shows equals the report, what a peer sent cannot become markup, and it stays bounded. */
class ReportPageTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-12-02T04:00:00Z");
    static final String HOSTILE = "<script>alert('x')</script>\" onmouseover=\"steal()\" &amp; \u0007\u001b[31m\u202eevil";

    /** A peer of no protocol in particular: a client name and a height. */
    record Peer(String client, long claimedHeight) implements PeerInfo {
        @Override
        public OptionalLong height() {
            return OptionalLong.of(claimedHeight);
        }

        @Override
        public Object report(List<String> messages) {
            return Map.of("client", client);
        }

        @Override
        public Map<String, List<String>> tallies() {
            return Map.of("clients", List.of(client));
        }
    }

    static ResultReport success(String address, String client) {
        Peer peer = new Peer(client, 100);
        return new ResultReport(address, 9000, "SUCCESS", null, null, "concluded", 10L, 25L, peer.report(List.of()),
                Optional.of(peer));
    }

    static ResultReport failure(String address, String code, String reason) {
        return new ResultReport(address, 9000, "FAILED", reason, code, "connect", null, null, null, Optional.empty());
    }

    static SeedReport seed(String name, List<ResultReport> results) {
        int success = (int) results.stream().filter(r -> r.outcome().equals("SUCCESS")).count();
        return new SeedReport(name, "toy", 9000, results.stream().map(ResultReport::address).toList(), null,
                new Summary(success, 0, results.size() - success), results, 0, null, null, Map.of(),
                Map.of("A", new DnsReport("NOERROR", 12, results.size(), 300L, 300L, false, false, null, "unsigned", null,
                        null)), true, null, null);
    }

    static RunReport run(SeedReport... seeds) {
        return RunReport.of(START, START.plusMillis(1234), List.of(seeds), HealthThresholds.DEFAULTS, List.of("clients"));
    }

    @Test
    void everySeedVerdictAndFigureOfTheExampleRunIsShown() throws Exception {
        RunReport report = ExampleRun.report();
        String page = ReportPage.render(report);
        JsonNode json = JSON.readTree(JSON.writeValueAsString(report));
        int compared = ReportPageCheck.assertShows(page, json);
        assertTrue(compared > 300, "figures compared: " + compared);
        List<String> verdicts = PageDom.seedSections(page).stream().map(s -> PageDom.field(s, "verdict").text()).toList();
        assertEquals(List.of("HEALTHY", "DEGRADED", "DOWN", "DEGRADED"), verdicts, "the example has one of each");
        assertEquals("filterMismatch", PageDom.field(PageDom.seedSections(page).get(1), "concerns").text());
        assertEquals("behind", PageDom.field(PageDom.seedSections(page).get(3), "concerns").text());
    }

    @Test
    void theCheckOfThePageAgainstItsReportFailsOnAnyFigureChanged() throws Exception {
        RunReport report = ExampleRun.report();
        String page = ReportPage.render(report);
        JsonNode json = JSON.readTree(JSON.writeValueAsString(report));
        for (String[] change : new String[][] {
                {"data-field=\"successRate\" data-value=\"0.417\">41.7 %", "data-field=\"successRate\" data-value=\"0.5\">41.7 %"},
                {"data-field=\"verdict\">DOWN<", "data-field=\"verdict\">DEGRADED<"},
                {"data-field=\"rcode\">SERVFAIL<", "data-field=\"rcode\">NOERROR<"},
                {"data-field=\"heights.max\">926114<", "data-field=\"heights.max\">926113<"}}) {
            assertTrue(page.contains(change[0]), change[0]);
            String changed = page.replaceFirst(Pattern.quote(change[0]), Matcher.quoteReplacement(change[1]));
            org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> ReportPageCheck.assertShows(changed, json), change[1]);
        }
    }

    @Test
    void aHostileClientNameReasonAndSeedNameStayText() throws Exception {
        String longAgent = "/" + "A".repeat(5_000) + "/";
        SeedReport seed = seed(HOSTILE, List.of(success("192.0.2.1", HOSTILE), success("192.0.2.2", longAgent),
                failure("192.0.2.3", "connect-refused", HOSTILE)));
        String page = ReportPage.render(run(seed));

        assertFalse(page.toLowerCase(Locale.ROOT).contains("<script"), "no script element, ever");
        assertFalse(page.contains("onmouseover=\""), "no attribute made of a peer's quote");
        assertFalse(page.contains("\u0007") || page.contains("\u001b") || page.contains("\u202e"), "no control character");
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;steal()&quot; "
                + "&amp;amp; \\x07\\x1b[31m\\u202eevil";
        String tally = PageDom.element(PageDom.seedSections(page).get(0), "table", "data-tally", "clients");
        assertTrue(tally.contains(escaped), tally);
        assertTrue(PageDom.seedSections(page).get(0).contains("<td data-field=\"reason\">" + escaped + "</td>"), "reason escaped");
        assertTrue(page.contains("data-seed=\"" + escaped + "\""), "the seed name in an attribute is escaped too");
        // The 5,002-character client name is cut at 160 and says how much was left out.
        assertTrue(tally.contains("/" + "A".repeat(159) + "\u2026 (4842 more characters)"), tally);
        assertFalse(page.contains("A".repeat(161)));
        // Decoded as a browser would, the page shows exactly what the peer sent (controls made visible).
        assertTrue(PageDom.fields(tally).get("value").stream().anyMatch(f -> f.text().equals(
                "<script>alert('x')</script>\" onmouseover=\"steal()\" &amp; \\x07\\x1b[31m\\u202eevil")), tally);
    }

    @Test
    void aLoneSurrogateAndLineSeparatorsAreShownAsCodes() {
        String page = ReportPage.render(run(seed("s.test", List.of(failure("192.0.2.1", "io-error", "a\ud800b\u2028c\nd\te")))));
        assertTrue(page.contains("a\\ud800b\\u2028c\\x0ad\\x09e"), page);
    }

    @Test
    void aSeedWithTenThousandNodesShowsTwoHundredAndSaysHowManyItLeftOut() throws Exception {
        List<ResultReport> results = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String address = "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
            results.add(i % 3 == 0 ? failure(address, "timeout", "timed out after 5000 ms waiting for version")
                    : success(address, "/Client:" + (i % 40) + "/"));
        }
        RunReport report = run(seed("big.test", results));
        String page = ReportPage.render(report);

        String section = PageDom.seedSections(page).get(0);
        assertEquals(ReportPage.MAX_NODE_ROWS_PER_SEED, PageDom.elements(section, "tr", "data-row", "node").size());
        assertEquals("9800", PageDom.field(section, "nodesLeftOut").figure());
        assertTrue(PageDom.field(section, "nodesLeftOut").text().startsWith("9,800 more not shown"));
        assertEquals(ReportPage.MAX_TALLY_ROWS, PageDom.elements(section, "tr", "data-row", "tally").size());
        // Counted over every result, not only the rows shown.
        assertEquals("3334", PageDom.field(PageDom.elements(section, "tr", "data-row", "reason").get(1), "nodes").text());
        int bytes = page.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 300_000, "page of " + bytes + " bytes");
        ReportPageCheck.assertShows(page, JSON.readTree(JSON.writeValueAsString(report)));
    }

    @Test
    void thePageHasARowBudgetAcrossSeeds() {
        List<SeedReport> seeds = new ArrayList<>();
        for (int s = 0; s < 11; s++) {
            List<ResultReport> results = new ArrayList<>();
            for (int i = 0; i < 201; i++) {
                results.add(success("10." + s + "." + (i >> 8) + "." + (i & 0xff), "/Client:1/"));
            }
            seeds.add(seed("s" + s + ".test", results));
        }
        String page = ReportPage.render(run(seeds.toArray(SeedReport[]::new)));
        assertEquals(ReportPage.MAX_NODE_ROWS, count(page, "data-row=\"node\""));
        List<String> sections = PageDom.seedSections(page);
        assertEquals("201", PageDom.field(sections.get(10), "nodesLeftOut").figure(), "the budget spent, no rows");
        assertEquals("1", PageDom.field(sections.get(9), "nodesLeftOut").figure());
        assertEquals(0, PageDom.elements(sections.get(10), "tr", "data-row", "node").size());
    }

    @Test
    void anEmptyRunSaysSo() throws Exception {
        RunReport report = run();
        String page = ReportPage.render(report);
        assertEquals("No seeds in this run.", PageDom.field(page, "noSeeds").text());
        assertEquals(List.of(), PageDom.cards(page));
        ReportPageCheck.assertShows(page, JSON.readTree(JSON.writeValueAsString(report)));
    }

    @Test
    void aSeedWithNoAddressesIsDownWithItsError() throws Exception {
        SeedReport unresolved = new SeedReport("nothere.test", "toy", 9000, List.of(),
                "DNS lookup of nothere.test returned no addresses (A: NXDOMAIN; AAAA: NXDOMAIN)", new Summary(0, 0, 0),
                List.of(), 0, null, null, Map.of(), Map.of("A", new DnsReport("NXDOMAIN", 3, 0, null, null, false, false,
                null, "unsigned", null, null)), null, null, null);
        RunReport report = run(unresolved);
        String page = ReportPage.render(report);
        String section = PageDom.seedSections(page).get(0);
        assertEquals("DOWN", PageDom.field(section, "verdict").text());
        assertEquals("0.0", PageDom.field(section, "successRate").figure());
        assertEquals("0.0 %", PageDom.field(section, "successRate").text());
        assertEquals(unresolved.error(), PageDom.field(section, "error").text());
        assertEquals("No results.", PageDom.field(section, "noNodes").text());
        assertEquals("\u2013", PageDom.field(section, "heights.max").text());
        assertEquals("\u2013", PageDom.field(section, "latencyMillis.p50").text());
        assertEquals("\u2013", PageDom.field(PageDom.element(section, "tr", "data-dns", "A"), "ttlMin").text());
        ReportPageCheck.assertShows(page, JSON.readTree(JSON.writeValueAsString(report)));
    }

    @Test
    void withoutHistoryTheTrendSaysWhy() {
        SeedReport seed = seed("s.test", List.of(success("192.0.2.1", "/c/")));
        String off = ReportPage.render(run(seed));
        assertEquals("No history for this seed (the history is off).", PageDom.field(off, "noTrend").text());
        assertEquals(0, count(off, "<svg"), "no chart without a trend");

        RunReport failed = run(seed);
        failed = failed.withHistory(failed.seeds(), new HistoryStatus("sqlite", "reports/history.db",
                "history database not usable: <locked>"));
        String page = ReportPage.render(failed);
        assertEquals("No history for this seed (the run was not recorded).", PageDom.field(page, "noTrend").text());
        assertEquals("history database not usable: <locked>", PageDom.field(page, "history.error").text());
    }

    @Test
    void theTrendChartDrawsEachWindowsRangeMeanAndVerdicts() {
        String page = ReportPage.render(ExampleRun.report());
        String chart = PageDom.element(PageDom.seedSections(page).get(1), "svg", "data-chart", "trend");
        // Day: 0.333 to 0.75 of a 240-unit track from x=26, mean 0.498; verdicts 40 HEALTHY, 104 DEGRADED of 144.
        assertTrue(chart.contains("<rect x=\"105.9\" y=\"3\" width=\"100.1\" height=\"9\" class=\"range\">"), chart);
        assertTrue(chart.contains("<line x1=\"145.5\" x2=\"145.5\""), chart);
        assertTrue(chart.contains("width=\"66.7\" height=\"6\" class=\"v-healthy\""), chart);
        assertTrue(chart.contains("width=\"173.3\" height=\"6\" class=\"v-degraded\""), chart);
        assertTrue(chart.contains(">144 runs</text>") && chart.contains(">1008 runs</text>"), chart);
    }

    @Test
    void thePageIsSelfContained() {
        String page = ReportPage.render(ExampleRun.report()).toLowerCase(Locale.ROOT);
        for (String external : List.of("http:", "https:", "src=", "url(", "@import", "<link", "<script", "<iframe",
                "<img", "<object", "<embed", "//fonts")) {
            assertFalse(page.contains(external), external);
        }
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(page);
        while (href.find()) {
            assertTrue(href.group(1).matches("#seed-\\d+"), href.group(1));
        }
    }

    @Test
    void theListenersRunningReportShowsItsCountsAndRecentResults() {
        ListenerSection listener = new ListenerSection("127.0.0.1", 18444, "toy", 12, 2,
                new ListenerSection.Rejections(3, 4), new Summary(9, 1, 2),
                List.of(success("127.0.0.5", HOSTILE), failure("127.0.0.6", "timeout", "timed out")), 10);
        String page = ReportPage.render(RunReport.ofListener(START, START.plusSeconds(60), listener));
        String section = PageDom.element(page, "section", "data-listener", "");
        assertEquals("12", PageDom.field(section, "connectionsAccepted").text());
        assertEquals("2", PageDom.field(section, "connectionsActive").text());
        assertEquals("3", PageDom.field(section, "tooManyConnections").text());
        assertEquals("4", PageDom.field(section, "tooManyFromAddress").text());
        assertEquals("9", PageDom.field(section, "success").text());
        assertEquals("10", PageDom.field(section, "resultsDropped").text());
        assertEquals(2, PageDom.elements(section, "tr", "data-row", "node").size());
        assertFalse(page.toLowerCase(Locale.ROOT).contains("<script"));
        assertEquals(0, count(page, "data-field=\"noSeeds\""), "a listener's report is not an empty run");
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
