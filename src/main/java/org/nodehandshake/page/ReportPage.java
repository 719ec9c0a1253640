package org.nodehandshake.page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.nodehandshake.history.HistoryStatus;
import org.nodehandshake.history.NodeUptime;
import org.nodehandshake.history.SeedTrend;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.report.DnsReport;
import org.nodehandshake.report.ListenerSection;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedHealth;
import org.nodehandshake.report.SeedReport;
import org.nodehandshake.report.Summary;

/**
 * A run report as one self-contained HTML page, for a person: a card per seed at the top (verdict, success
 * rate, outcomes, trend), then per seed plain tables (figures, outcomes by reason code, tallies, DNS, trend,
 * nodes). No script, no external resource: inline CSS and inline SVG only.
 *
 * <p>Bounded whatever the report holds: every string is cut and escaped ({@link Html}), tallies show their
 * largest values, and node rows stop at {@link #MAX_NODE_ROWS_PER_SEED} per seed and {@link #MAX_NODE_ROWS}
 * for the page, the page saying how many it left out.
 *
 * <p>Each figure's element carries {@code data-field} (and {@code data-value} with the report's number where
 * the text is formatted), inside a {@code data-seed-index} section or card: stable hooks for tests and tools.
 */
public final class ReportPage {

    /** Node rows shown per seed (and for the listener's recent results). */
    public static final int MAX_NODE_ROWS_PER_SEED = 200;
    /** Node rows shown on the whole page. */
    public static final int MAX_NODE_ROWS = 2_000;
    /** Values shown per tally; the others are summed in one row. */
    public static final int MAX_TALLY_ROWS = 10;
    /** Entries shown of any other list (duplicates, network groups, rcodes). */
    public static final int MAX_LISTED = 20;
    /** A seed with at most this many results has its node table open. */
    static final int OPEN_NODE_TABLE = 10;

    private static final String DASH = "\u2013";

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final RunReport report;
    private int rowsLeft = MAX_NODE_ROWS;

    /** The tally names in the order the seeds' health lists them (the modules' order), for each node's line. */
    private final List<String> tallyOrder = new ArrayList<>();

    private ReportPage(RunReport report) {
        this.report = report;
        report.seeds().forEach(s -> {
            if (s.health() != null) {
                s.health().tallies().keySet().stream().filter(k -> !tallyOrder.contains(k)).forEach(tallyOrder::add);
            }
        });
    }

    /** The page of {@code report}. Never fails on what the report holds. */
    public static String render(RunReport report) {
        return new ReportPage(report).page();
    }

    private String page() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>node-handshake report ").append(Html.text(report.startedAt())).append("</title>")
                .append("<style>").append(CSS).append("</style></head>\n<body>\n");
        header();
        if (report.listener() != null) {
            listener(report.listener());
        }
        if (report.seeds().isEmpty() && report.listener() == null) {
            out.append("<p class=\"empty\" data-field=\"noSeeds\">No seeds in this run.</p>\n");
        }
        if (!report.seeds().isEmpty()) {
            out.append("<section class=\"cards\">\n");
            for (int i = 0; i < report.seeds().size(); i++) {
                card(i, report.seeds().get(i));
            }
            out.append("</section>\n");
            for (int i = 0; i < report.seeds().size(); i++) {
                seed(i, report.seeds().get(i));
            }
        }
        out.append("<footer>node-handshake, report schema ").append(report.schemaVersion())
                .append(". The JSON report beside this page holds every result.</footer>\n</body></html>\n");
        return out.toString();
    }

    // ---- the run

    private void header() {
        int success = 0;
        int partial = 0;
        int failed = 0;
        Map<String, Integer> verdicts = new LinkedHashMap<>();
        verdicts.put(SeedHealth.HEALTHY, 0);
        verdicts.put(SeedHealth.DEGRADED, 0);
        verdicts.put(SeedHealth.DOWN, 0);
        for (SeedReport seed : report.seeds()) {
            success += seed.summary().success();
            partial += seed.summary().partial();
            failed += seed.summary().failed();
            verdicts.merge(verdict(seed), 1, Integer::sum);
        }
        out.append("<header class=\"run\"><h1>Seed health</h1><dl class=\"figures\">");
        figure("started", field("startedAt", report.startedAt()));
        figure("finished", field("finishedAt", report.finishedAt()));
        figure("duration", value("durationMillis", report.durationMillis(), duration(report.durationMillis())));
        figure("seeds", number("seedsChecked", report.seedsChecked()));
        figure("addresses", number("addressesTotal", report.addressesTotal()));
        figure("handshakes", outcomes(new Summary(success, partial, failed)));
        if (!report.seeds().isEmpty()) {
            StringBuilder v = new StringBuilder();
            verdicts.forEach((verdict, count) -> v.append("<span class=\"").append(verdictClass(verdict)).append("\">")
                    .append(Html.text(verdict)).append(" <b data-field=\"verdicts.").append(Html.text(verdict, 40))
                    .append("\">").append(count).append("</b></span> "));
            figure("verdicts", v.toString());
        }
        HistoryStatus history = report.history();
        if (history != null) {
            figure("history", history.error() == null
                    ? field("history.store", history.store()) + " " + field("history.location", history.location())
                    : "<span class=\"bad\" data-field=\"history.error\">" + Html.text(history.error(), 400) + "</span>");
        }
        if (report.reportWriteFailures() != null) {
            figure("reports not written", number("reportWriteFailures", report.reportWriteFailures()));
        }
        out.append("</dl></header>\n");
    }

    private void figure(String label, String html) {
        out.append("<div><dt>").append(label).append("</dt><dd>").append(html).append("</dd></div>");
    }

    // ---- the summary cards

    private void card(int index, SeedReport seed) {
        SeedHealth health = seed.health();
        String verdict = verdict(seed);
        out.append("<a class=\"card ").append(verdictClass(verdict)).append("\" href=\"#seed-").append(index)
                .append("\" data-card-index=\"").append(index).append("\" data-seed=\"").append(Html.text(seed.seed()))
                .append("\">");
        out.append("<span class=\"verdict ").append(verdictClass(verdict)).append("\" data-field=\"verdict\">")
                .append(Html.text(verdict)).append("</span>");
        out.append("<span class=\"name\" data-field=\"seed\">").append(Html.text(seed.seed())).append("</span>");
        out.append("<span class=\"where\">").append(where(seed)).append("</span>");
        out.append("<span class=\"rate\">")
                .append(health == null ? DASH : share("successRate", health.successRate()))
                .append("<small> success</small></span>");
        out.append("<span class=\"counts\">").append(outcomes(seed.summary())).append(" of ")
                .append(number("addressCount", seed.addresses().size())).append(" addresses</span>");
        if (seed.error() != null) {
            out.append("<span class=\"card-note bad\" data-field=\"error\">").append(Html.text(seed.error())).append("</span>");
        } else if (health != null && !health.concerns().isEmpty()) {
            out.append("<span class=\"card-note part\">concerns: <span data-field=\"concerns\">")
                    .append(Html.text(String.join(", ", health.concerns()))).append("</span></span>");
        }
        if (seed.trend() != null) {
            trendChart(seed.trend(), true);
        }
        out.append("</a>\n");
    }

    // ---- one seed in detail

    private void seed(int index, SeedReport seed) {
        SeedHealth health = seed.health();
        String verdict = verdict(seed);
        out.append("<section class=\"seed\" id=\"seed-").append(index).append("\" data-seed-index=\"").append(index)
                .append("\" data-seed=\"").append(Html.text(seed.seed())).append("\">\n<h2><span class=\"verdict ")
                .append(verdictClass(verdict)).append("\" data-field=\"verdict\">").append(Html.text(verdict))
                .append("</span> <span data-field=\"seed\">").append(Html.text(seed.seed())).append("</span> <small>")
                .append(where(seed)).append("</small></h2>\n");
        if (seed.error() != null) {
            out.append("<p class=\"error\" data-field=\"error\">").append(Html.text(seed.error(), 400)).append("</p>\n");
        }
        out.append("<div class=\"columns\">\n<table class=\"kv\"><tbody>");
        row("addresses", number("addressCount", seed.addresses().size())
                + (health == null ? "" : " (IPv4 " + number("ipv4", health.ipv4()) + ", IPv6 " + number("ipv6", health.ipv6()) + ")")
                + (seed.addressesDropped() > 0 ? ", " + number("addressesDropped", seed.addressesDropped())
                + " more beyond the cap" : ""));
        row("success rate", health == null ? DASH : share("successRate", health.successRate()));
        row("outcomes", outcomes(seed.summary()));
        if (health != null) {
            SeedHealth.Heights h = health.heights();
            row("height", "best " + number("heights.max", h.max()) + ", median " + number("heights.median", h.median())
                    + ", behind " + number("heights.behind", h.behind()) + " (more than "
                    + number("heights.behindThreshold", h.behindThreshold()) + " blocks below the run's best)");
            row("handshake latency", "p50 " + millis("latencyMillis.p50", health.latencyMillis().p50())
                    + ", p95 " + millis("latencyMillis.p95", health.latencyMillis().p95()));
            row("concerns", "<span class=\"" + (health.concerns().isEmpty() ? "" : "bad") + "\" data-field=\"concerns\">"
                    + (health.concerns().isEmpty() ? "none" : Html.text(String.join(", ", health.concerns()))) + "</span>");
            if (health.filter() != null) {
                SeedHealth.FilterCheck f = health.filter();
                row("filter " + Html.text(f.label(), 40), number("filter.mismatched", f.mismatched()) + " of "
                        + number("filter.checked", f.checked()) + " nodes lack a service it asks for ("
                        + share("filter.share", f.share()) + ", at most " + share("filter.maxShare", f.maxShare())
                        + ")" + (f.missing().isEmpty() ? "" : ": " + listed(f.missing())));
            }
            if (health.quality() != null) {
                SeedHealth.QualityCounts q = health.quality();
                row("node quality", number("quality.good", q.good()) + " of " + number("quality.checked", q.checked())
                        + " pass every check" + (q.failed().isEmpty() ? "" : "; failed: " + listed(q.failed())));
            }
            if (health.diversity() != null) {
                SeedHealth.Diversity d = health.diversity();
                row("diversity", number("diversity.groups", d.groups()) + " groups (" + Html.text(d.grouping(), 20)
                        + "), largest " + field("diversity.largestGroup", d.largestGroup()) + " with "
                        + share("diversity.largestGroupShare", d.largestGroupShare())
                        + (d.flagged() ? " <span class=\"bad\">above " + Html.text(percent(d.maxGroupShare())) + "</span>" : ""));
            }
            row("duplicates", number("duplicates", health.duplicates().size()) + " addresses other seeds also gave"
                    + (health.duplicates().isEmpty() ? "" : ": " + Html.text(String.join(", ",
                    health.duplicates().subList(0, Math.min(MAX_LISTED, health.duplicates().size()))), 400)));
        }
        if (seed.ipv4Only() != null) {
            row("IPv4 only", field("ipv4Only", seed.ipv4Only().toString()));
        }
        out.append("</tbody></table>\n<div>");
        reasonTable(seed.results());
        if (health != null) {
            health.tallies().forEach(this::tally);
        }
        out.append("</div>\n</div>\n");
        dns(seed.dns());
        trend(seed.trend());
        nodes(seed.results(), "results", seed.results().size());
        out.append("</section>\n");
    }

    private void row(String label, String html) {
        out.append("<tr><th>").append(label).append("</th><td>").append(html).append("</td></tr>");
    }

    /** Outcomes and reason codes, counted over every result (not only the rows shown), most frequent first. */
    private void reasonTable(List<ResultReport> results) {
        if (results.isEmpty()) {
            return;
        }
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (ResultReport r : results) {
            counts.merge(List.of(Html.text(r.outcome(), 40), r.reasonCode() == null ? DASH : Html.text(r.reasonCode(), 60)),
                    1, Integer::sum);
        }
        out.append("<table class=\"list\" data-table=\"reasons\"><caption>Outcomes by reason code</caption>")
                .append("<thead><tr><th>outcome</th><th>reason code</th><th>nodes</th></tr></thead><tbody>");
        largestFirst(counts).stream().limit(MAX_LISTED).forEach(e -> out.append("<tr data-row=\"reason\"><td class=\"")
                .append(outcomeClass(e.getKey().get(0))).append("\" data-field=\"outcome\">").append(e.getKey().get(0))
                .append("</td><td data-field=\"reasonCode\">").append(e.getKey().get(1))
                .append("</td><td class=\"n\" data-field=\"nodes\">").append(e.getValue()).append("</td></tr>"));
        out.append("</tbody></table>");
    }

    /** One tally (value -> nodes), largest first; beyond {@link #MAX_TALLY_ROWS} values one row sums the rest. */
    private void tally(String name, Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Integer>> sorted = largestFirst(counts);
        out.append("<table class=\"list\" data-tally=\"").append(Html.text(name, 60)).append("\"><caption>")
                .append(Html.text(name, 60)).append("</caption><thead><tr><th>value</th><th>nodes</th></tr></thead><tbody>");
        sorted.stream().limit(MAX_TALLY_ROWS).forEach(e -> out.append("<tr data-row=\"tally\"><td data-field=\"value\">")
                .append(Html.text(e.getKey())).append("</td><td class=\"n\" data-field=\"nodes\">").append(e.getValue())
                .append("</td></tr>"));
        if (sorted.size() > MAX_TALLY_ROWS) {
            int rest = sorted.subList(MAX_TALLY_ROWS, sorted.size()).stream().mapToInt(Map.Entry::getValue).sum();
            out.append("<tr class=\"other\"><td>").append(sorted.size() - MAX_TALLY_ROWS).append(" other values</td>")
                    .append("<td class=\"n\" data-field=\"otherNodes\">").append(rest).append("</td></tr>");
        }
        out.append("</tbody></table>");
    }

    private void dns(Map<String, DnsReport> dns) {
        if (dns.isEmpty()) {
            return;
        }
        out.append("<table class=\"list wide\" data-table=\"dns\"><caption>DNS answers</caption><thead><tr>")
                .append("<th>type</th><th>rcode</th><th>answer time</th><th>records</th><th>TTL min</th><th>TTL max</th>")
                .append("<th>truncated</th><th>TCP retry</th><th>DNSSEC</th><th>questions</th></tr></thead><tbody>");
        dns.forEach((type, d) -> {
            out.append("<tr data-dns=\"").append(Html.text(type, 10)).append("\"><td>").append(Html.text(type, 10))
                    .append("</td><td class=\"").append("NOERROR".equals(d.rcode()) ? "" : "bad")
                    .append("\" data-field=\"rcode\">").append(Html.text(d.rcode(), 40)).append("</td><td class=\"n\">")
                    .append(millis("millis", d.millis())).append("</td><td class=\"n\">").append(number("records", d.records()))
                    .append("</td><td class=\"n\">").append(number("ttlMin", d.ttlMin())).append("</td><td class=\"n\">")
                    .append(number("ttlMax", d.ttlMax())).append("</td><td>").append(field("truncated", yesNo(d.truncated())))
                    .append("</td><td>").append(field("tcpRetry", yesNo(d.tcpRetry())))
                    .append(d.tcpError() == null ? "" : " (" + field("tcpError", d.tcpError()) + ")")
                    .append("</td><td>").append(field("dnssec", d.dnssec())).append("</td><td>");
            if (d.lookups() == null) {
                out.append(number("lookups", 1));
            } else {
                out.append(number("lookups", d.lookups()));
                if (d.rcodes() != null && !d.rcodes().isEmpty()) {
                    out.append(": ").append(listed(d.rcodes()));
                }
            }
            out.append("</td></tr>");
        });
        out.append("</tbody></table>\n");
    }

    private void trend(SeedTrend trend) {
        out.append("<div class=\"trend\"><h3>Trend</h3>");
        if (trend == null) {
            HistoryStatus history = report.history();
            out.append("<p class=\"muted\" data-field=\"noTrend\">No history for this seed")
                    .append(history == null ? " (the history is off)." : history.error() != null
                            ? " (the run was not recorded)." : ".").append("</p></div>\n");
            return;
        }
        trendChart(trend, false);
        out.append("<table class=\"list\" data-table=\"trend\"><thead><tr><th>window</th><th>runs</th>")
                .append("<th>verdicts</th><th>mean success</th><th>min</th><th>max</th><th>change</th></tr></thead><tbody>");
        window("day", "1 day", trend.day());
        window("week", "7 days", trend.week());
        out.append("</tbody></table><p class=\"muted\">Bar: the runs' success rates from lowest to highest, the line"
                + " their mean; strip below: the runs' verdicts.</p></div>\n");
    }

    private void window(String key, String label, SeedTrend.Window w) {
        StringBuilder verdicts = new StringBuilder();
        w.verdicts().forEach((verdict, runs) -> verdicts.append(verdicts.length() == 0 ? "" : ", ")
                .append(Html.text(verdict, 20)).append(' ').append(runs));
        out.append("<tr data-window=\"").append(key).append("\"><td>").append(label).append("</td><td class=\"n\">")
                .append(number("runs", w.runs())).append("</td><td data-field=\"verdicts\">")
                .append(verdicts.length() == 0 ? DASH : verdicts).append("</td><td class=\"n\">")
                .append(share("successRate", w.successRate())).append("</td><td class=\"n\">")
                .append(share("minSuccessRate", w.minSuccessRate())).append("</td><td class=\"n\">")
                .append(share("maxSuccessRate", w.maxSuccessRate())).append("</td><td class=\"n\">")
                .append(w.change() == null ? value("change", null, DASH) : value("change", w.change(),
                        (w.change() > 0 ? "+" : "") + percent(w.change()))).append("</td></tr>");
    }

    /** Per window a track 0..100 %: the range of the runs' success rates, their mean, and a strip of verdicts. */
    private void trendChart(SeedTrend trend, boolean compact) {
        int track = compact ? 150 : 240;
        int left = 26;
        int width = left + track + (compact ? 4 : 70);
        out.append("<svg class=\"chart\" data-chart=\"trend\" width=\"").append(width).append("\" height=\"50\" viewBox=\"0 0 ")
                .append(width).append(" 50\" role=\"img\" aria-label=\"success rate and verdicts over 1 day and 7 days\">");
        String[] labels = {"1d", "7d"};
        SeedTrend.Window[] windows = {trend.day(), trend.week()};
        for (int i = 0; i < 2; i++) {
            SeedTrend.Window w = windows[i];
            int y = 3 + 24 * i;
            out.append("<text x=\"0\" y=\"").append(y + 11).append("\" class=\"axis\">").append(labels[i]).append("</text>");
            out.append("<rect x=\"").append(left).append("\" y=\"").append(y).append("\" width=\"").append(track)
                    .append("\" height=\"9\" class=\"track\"/>");
            if (w == null || w.runs() == 0 || w.successRate() == null) {
                continue;
            }
            double min = clamp(w.minSuccessRate());
            double max = clamp(w.maxSuccessRate());
            out.append("<rect x=\"").append(coordinate(left + track * min)).append("\" y=\"").append(y)
                    .append("\" width=\"").append(coordinate(Math.max(2, track * (max - min)))).append("\" height=\"9\" class=\"range\">")
                    .append("<title>").append(labels[i]).append(": ").append(percent(min)).append(" to ")
                    .append(percent(max)).append(", mean ").append(percent(w.successRate())).append("</title></rect>");
            double mean = left + track * clamp(w.successRate());
            out.append("<line x1=\"").append(coordinate(mean)).append("\" x2=\"").append(coordinate(mean))
                    .append("\" y1=\"").append(y - 2).append("\" y2=\"").append(y + 11).append("\" class=\"mean\"/>");
            double x = left;
            for (Map.Entry<String, Integer> v : verdictOrder(w.verdicts())) {
                double part = track * (double) v.getValue() / w.runs();
                out.append("<rect x=\"").append(coordinate(x)).append("\" y=\"").append(y + 12).append("\" width=\"")
                        .append(coordinate(part)).append("\" height=\"6\" class=\"").append(verdictClass(v.getKey()))
                        .append("\"><title>").append(Html.text(v.getKey(), 20)).append(": ").append(v.getValue())
                        .append(" runs</title></rect>");
                x += part;
            }
            if (!compact) {
                out.append("<text x=\"").append(left + track + 6).append("\" y=\"").append(y + 11).append("\" class=\"axis\">")
                        .append(w.runs()).append(w.runs() == 1 ? " run" : " runs").append("</text>");
            }
        }
        out.append("</svg>");
    }

    // ---- nodes

    /** A table of results, at most {@link #MAX_NODE_ROWS_PER_SEED} rows and what the page budget leaves. */
    private void nodes(List<ResultReport> results, String what, long total) {
        if (results.isEmpty()) {
            out.append("<p class=\"muted\" data-field=\"noNodes\">No ").append(what).append(".</p>\n");
            return;
        }
        int shown = Math.min(results.size(), Math.min(MAX_NODE_ROWS_PER_SEED, rowsLeft));
        rowsLeft -= shown;
        out.append("<details data-nodes=\"").append(what).append("\" data-shown=\"").append(shown).append("\"")
                .append(results.size() <= OPEN_NODE_TABLE ? " open" : "").append("><summary>Nodes: ").append(total)
                .append(' ').append(what).append(shown < total ? ", " + shown + " shown" : "").append("</summary>")
                .append("<table class=\"list wide nodes\"><thead><tr><th>address</th><th>port</th><th>outcome</th>")
                .append("<th>reason code</th><th>stage</th><th>connect</th><th>handshake</th><th>height</th>")
                .append("<th>up 1d</th><th>peer</th><th>reason</th></tr></thead><tbody>");
        for (ResultReport r : results.subList(0, shown)) {
            OptionalLong height = r.peerInfo().map(PeerInfo::height).orElse(OptionalLong.empty());
            NodeUptime uptime = r.uptime();
            out.append("<tr data-row=\"node\"><td data-field=\"address\">").append(Html.text(r.address(), 64))
                    .append("</td><td class=\"n\" data-field=\"port\">").append(r.port()).append("</td><td class=\"")
                    .append(outcomeClass(r.outcome())).append("\" data-field=\"outcome\">").append(Html.text(r.outcome(), 40))
                    .append("</td><td data-field=\"reasonCode\">").append(Html.text(r.reasonCode(), 60))
                    .append("</td><td data-field=\"stage\">").append(Html.text(r.stage(), 40)).append("</td><td class=\"n\">")
                    .append(millis("connectMillis", r.connectMillis())).append("</td><td class=\"n\">")
                    .append(millis("handshakeMillis", r.handshakeMillis())).append("</td><td class=\"n\">")
                    .append(number("height", height.isPresent() ? height.getAsLong() : null)).append("</td><td class=\"n\">")
                    .append(share("uptime.1d", uptime == null ? null : uptime.day())).append("</td><td data-field=\"peer\">")
                    .append(Html.text(r.peerInfo().map(p -> peer(p, tallyOrder)).orElse(null)))
                    .append("</td><td data-field=\"reason\">").append(Html.text(r.reason())).append("</td></tr>\n");
        }
        out.append("</tbody></table>");
        if (shown < total) {
            long left = total - shown;
            out.append("<p class=\"left-out\" data-field=\"nodesLeftOut\" data-value=\"").append(left).append("\">")
                    .append(String.format(Locale.ROOT, "%,d", left)).append(" more not shown (the page lists at most ")
                    .append(MAX_NODE_ROWS_PER_SEED).append(" per seed and ").append(String.format(Locale.ROOT, "%,d", MAX_NODE_ROWS))
                    .append(" in all); the JSON report has every one.</p>");
        }
        out.append("</details>\n");
    }

    /** What the node counts under in its seed's tallies, in the tallies' order: one line of plain text. */
    private static String peer(PeerInfo peer, List<String> order) {
        Map<String, List<String>> tallies = peer.tallies();
        StringBuilder line = new StringBuilder();
        List<String> names = new ArrayList<>(order);
        tallies.keySet().stream().filter(k -> !names.contains(k)).sorted().forEach(names::add);
        for (String name : names) {
            List<String> values = tallies.get(name);
            if (values == null || values.isEmpty() || line.length() > Html.MAX_TEXT) {
                continue;
            }
            line.append(line.length() == 0 ? "" : "; ").append(name).append(' ')
                    .append(String.join(", ", values.subList(0, Math.min(values.size(), MAX_LISTED))));
        }
        return line.length() == 0 ? null : line.toString();
    }

    // ---- the listener's running report

    private void listener(ListenerSection l) {
        out.append("<section class=\"listener\" data-listener=\"\"><h2>Listener <span data-field=\"address\">")
                .append(Html.text(l.address(), 64)).append("</span>:<span data-field=\"port\">").append(l.port())
                .append("</span> <small data-field=\"network\">").append(Html.text(l.network(), 60)).append("</small></h2>")
                .append("<table class=\"kv\"><tbody>");
        row("connections", number("connectionsAccepted", l.connectionsAccepted()) + " accepted, "
                + number("connectionsActive", l.connectionsActive()) + " open now");
        row("refused by a limit", number("tooManyConnections", l.connectionsRejected().tooManyConnections())
                + " (too many connections), " + number("tooManyFromAddress", l.connectionsRejected().tooManyFromAddress())
                + " (too many from one address)");
        row("inbound handshakes", outcomes(l.summary()));
        out.append("</tbody></table>");
        reasonTable(l.results());
        nodes(l.results(), "recent results", l.results().size());
        if (l.resultsDropped() > 0) {
            out.append("<p class=\"muted\">").append(number("resultsDropped", l.resultsDropped()))
                    .append(" older results no longer listed (counted above).</p>");
        }
        out.append("</section>\n");
    }

    // ---- figures: each element a data-field hook, the report's number in data-value where the text is formatted

    private static String field(String name, String text) {
        return "<span data-field=\"" + name + "\">" + Html.text(text) + "</span>";
    }

    private static String number(String name, Number n) {
        return "<span data-field=\"" + name + "\">" + (n == null ? DASH : n.toString()) + "</span>";
    }

    private static String value(String name, Number n, String text) {
        return "<span data-field=\"" + name + "\"" + (n == null ? "" : " data-value=\"" + n + "\"") + ">"
                + Html.text(text) + "</span>";
    }

    private static String share(String name, Double share) {
        return share == null ? value(name, null, DASH) : value(name, share, percent(share));
    }

    private static String millis(String name, Long ms) {
        return ms == null ? value(name, null, DASH) : value(name, ms, ms + " ms");
    }

    private static String outcomes(Summary s) {
        return "<span class=\"ok\">SUCCESS <b data-field=\"success\">" + s.success() + "</b></span>, "
                + "<span class=\"part\">PARTIAL <b data-field=\"partial\">" + s.partial() + "</b></span>, "
                + "<span class=\"bad\">FAILED <b data-field=\"failed\">" + s.failed() + "</b></span>";
    }

    /** Name -> count as "name n, name n", largest first, at most {@link #MAX_LISTED}. */
    private static String listed(Map<String, Integer> counts) {
        StringBuilder s = new StringBuilder();
        List<Map.Entry<String, Integer>> sorted = largestFirst(counts);
        sorted.stream().limit(MAX_LISTED).forEach(e -> s.append(s.length() == 0 ? "" : ", ")
                .append(Html.text(e.getKey(), 60)).append(' ').append(e.getValue()));
        if (sorted.size() > MAX_LISTED) {
            s.append(", ").append(sorted.size() - MAX_LISTED).append(" more");
        }
        return s.toString();
    }

    private static <K> List<Map.Entry<K, Integer>> largestFirst(Map<K, Integer> counts) {
        List<Map.Entry<K, Integer>> sorted = new ArrayList<>(counts.entrySet());
        // Ties by name, so that the same report is always the same page (tallies come as unordered maps).
        sorted.sort(Map.Entry.<K, Integer>comparingByValue().reversed()
                .thenComparing(e -> e.getKey().toString()));
        return sorted;
    }

    private static List<Map.Entry<String, Integer>> verdictOrder(Map<String, Integer> verdicts) {
        List<String> order = List.of(SeedHealth.HEALTHY, SeedHealth.DEGRADED, SeedHealth.DOWN);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(verdicts.entrySet());
        sorted.sort(Comparator.comparingInt(e -> order.contains(e.getKey()) ? order.indexOf(e.getKey()) : order.size()));
        return sorted;
    }

    private static String where(SeedReport seed) {
        return Html.text(seed.network(), 60) + ":" + seed.port()
                + (seed.serviceFilter() == null ? "" : " <span class=\"filter\" data-field=\"serviceFilter\">"
                + Html.text(seed.serviceFilter(), 40) + "</span>")
                + (seed.vantage() == null ? "" : " from <span class=\"vantage\" data-field=\"vantage\">"
                + Html.text(seed.vantage(), 60) + "</span>");
    }

    private static String verdict(SeedReport seed) {
        return seed.health() == null ? SeedHealth.DOWN : seed.health().verdict();
    }

    private static String verdictClass(String verdict) {
        return switch (verdict) {
            case SeedHealth.HEALTHY -> "v-healthy";
            case SeedHealth.DEGRADED -> "v-degraded";
            case SeedHealth.DOWN -> "v-down";
            default -> "v-other";
        };
    }

    private static String outcomeClass(String outcome) {
        return switch (outcome) {
            case "SUCCESS" -> "ok";
            case "PARTIAL" -> "part";
            default -> "bad";
        };
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String duration(long millis) {
        return millis < 10_000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static double clamp(Double share) {
        return share == null || share.isNaN() ? 0 : Math.max(0, Math.min(1, share));
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final String CSS = """
            :root{--ok:#1a7f37;--ok-bg:#dafbe1;--part:#9a6700;--part-bg:#fff8c5;--bad:#cf222e;--bad-bg:#ffebe9;\
            --muted:#57606a;--line:#d0d7de}
            *{box-sizing:border-box}
            body{margin:0;padding:16px 24px;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
            color:#1f2328;background:#f6f8fa}
            h1{font-size:20px;margin:0 0 8px}h2{font-size:17px;margin:0 0 8px}h3{font-size:14px;margin:12px 0 4px}
            small,.muted{color:var(--muted)}
            .run{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin-bottom:14px}
            .figures{display:flex;flex-wrap:wrap;gap:4px 28px;margin:0}
            .figures dt{font-size:12px;color:var(--muted)}.figures dd{margin:0;font-weight:600}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:10px;margin-bottom:18px}
            .card{display:flex;flex-direction:column;gap:2px;background:#fff;border:1px solid var(--line);\
            border-left:6px solid var(--line);border-radius:6px;padding:8px 12px;color:inherit;text-decoration:none}
            .card.v-healthy{border-left-color:var(--ok)}.card.v-degraded{border-left-color:var(--part)}\
            .card.v-down{border-left-color:var(--bad)}
            .card .name{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
            .card .where,.card .counts{font-size:12px;color:var(--muted)}
            .card .rate{font-size:22px;font-weight:700}.card .rate small{font-size:12px;font-weight:400}
            .card .card-note{font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
            .figures .v-healthy{color:var(--ok)}.figures .v-degraded{color:var(--part)}.figures .v-down{color:var(--bad)}
            .verdict{display:inline-block;font-weight:700;font-size:12px;letter-spacing:.04em;padding:1px 8px;\
            border-radius:10px;align-self:flex-start}
            .verdict.v-healthy{color:#fff;background:var(--ok)}.verdict.v-degraded{color:#1f2328;background:#f2cc60}\
            .verdict.v-down{color:#fff;background:var(--bad)}.verdict.v-other{color:#fff;background:var(--muted)}
            .seed,.listener{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin-bottom:14px}
            .columns{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
            .columns>div{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-start}
            table{border-collapse:collapse;font-size:13px}
            caption{text-align:left;font-weight:600;padding:2px 0}
            th,td{padding:2px 8px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
            .kv th{color:var(--muted);font-weight:400;white-space:nowrap}
            .list thead th{background:#f6f8fa;font-weight:600}
            .wide{margin-top:8px}.nodes td{white-space:nowrap;max-width:420px;overflow:hidden;text-overflow:ellipsis}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .ok{color:var(--ok)}.part{color:var(--part)}.bad{color:var(--bad)}
            .error{background:var(--bad-bg);color:var(--bad);padding:4px 8px;border-radius:4px}
            .filter{font-family:ui-monospace,monospace}
            details{margin-top:8px}summary{cursor:pointer;font-weight:600}
            .left-out{color:var(--part);font-weight:600}
            .chart .track{fill:#eaeef2}.chart .range{fill:#9ecbff}.chart .mean{stroke:#0550ae;stroke-width:2}
            .chart .axis{font-size:11px;fill:var(--muted)}
            .chart .v-healthy{fill:var(--ok)}.chart .v-degraded{fill:#d4a72c}.chart .v-down{fill:var(--bad)}\
            .chart .v-other{fill:var(--muted)}
            footer{color:var(--muted);font-size:12px;margin-top:12px}
            """;
}
