package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.page.ExampleRun;
import org.nodehandshake.page.ReportPage;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.HeadlessChromium;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.PageDom;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportPageCheck;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.ScriptedPeer;
import org.nodehandshake.testing.SilentListener;

/**
 * The HTML page of a real run, opened in a real browser: the jar's {@code --once} (twice, for a trend) over three
 * seeds served by dnsmasq: one of a real litecoind and four scripted peers (one with a hostile user agent), one of
 * the litecoind, a silent listener and a closed port, and a name that does not resolve. Chromium's DOM of
 * latest.html shows every seed, verdict and figure of latest.json, no script came in with the user agent, and the
 * screenshot is a PNG of the window's size. The shipped example page is checked the same way; with
 * {@code -Dreport-page.docs=docs} the test also writes it and its screenshot there (README, The HTML page).
 */
class ReportPageIT {

    static final String DNS_IP = "127.0.0.220";
    static final String NODE_IP = "127.0.0.221";
    static final List<String> SCRIPTED_IPS = List.of("127.0.0.222", "127.0.0.223", "127.0.0.224", "127.0.0.225");
    static final String CLOSED_IP = "127.0.0.226";
    static final String SILENT_IP = "127.0.0.227";
    static final int PORT = LitecoindNode.P2P_PORT;
    static final int WIDTH = 1366;
    static final int HEIGHT = 900;
    /** Markup, quotes, an entity, a control character (the protocol shows it as '?'), and long: 245 bytes. */
    static final String HOSTILE_AGENT = "/<script>alert(\"owned\")</script><img src=x onerror=alert(1)>'&amp;\u0007"
            + "A".repeat(180) + "/";

    @Test
    void aRealRunsPageInChromiumShowsLatestJson(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        List<ScriptedPeer> peers = new ArrayList<>();
        try (LitecoindNode node = LitecoindNode.start(NODE_IP);
             SilentListener silent = new SilentListener(SILENT_IP, PORT);
             DnsmasqServer dns = DnsmasqServer.start(DNS_IP, Map.of(
                     "good.test", List.of(NODE_IP, SCRIPTED_IPS.get(0), SCRIPTED_IPS.get(1), SCRIPTED_IPS.get(2),
                             SCRIPTED_IPS.get(3)),
                     "mixed.test", List.of(NODE_IP, CLOSED_IP, SILENT_IP)), Map.of())) {
            node.mine(5);
            int height = Integer.parseInt(node.cli("getblockcount").strip());
            byte[] magic = BitcoinNetwork.LITECOIN_REGTEST.magic();
            for (int i = 0; i < SCRIPTED_IPS.size(); i++) {
                peers.add(new ScriptedPeer(SCRIPTED_IPS.get(i), PORT, ScriptedPeer.honestBitcoinResponder(magic,
                        i == 0 ? HOSTILE_AGENT : "/Scripted:" + i + "/", height)));
            }
            Path config = Files.writeString(dir.resolve("page.properties"), String.join("\n",
                    "handshake.seeds = good.test:" + PORT + "@litecoin-regtest, mixed.test:" + PORT + "@litecoin-regtest,"
                            + " nothere.test@litecoin-regtest",
                    "handshake.timeout-ms = 1500",
                    "handshake.dns-server = " + dns.address(),
                    "handshake.allow-private = true",
                    // every address here is in 127.0/16: one network group, which the default share would flag
                    "handshake.health.max-group-share = 1",
                    "handshake.report-dir = " + reports,
                    ""));
            for (int run = 0; run < 2; run++) {
                Processes.Result result = Jar.run("--config", config.toString(), "--once");
                assertEquals(0, result.exitCode(), result::toString);
            }

            JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
            try (var files = Files.list(reports)) {
                List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
                List<String> json = names.stream().filter(n -> n.matches("handshake-\\d{8}T\\d{6}Z\\.json")).toList();
                assertEquals(2, json.size(), names::toString);
                for (String stamped : json) {
                    assertTrue(names.contains(stamped.replace(".json", ".html")), "a page beside " + stamped + ": " + names);
                }
                assertTrue(names.contains("latest.html"), names::toString);
                assertEquals(Files.readString(reports.resolve("latest.html")),
                        Files.readString(reports.resolve(json.get(1).replace(".json", ".html"))), "latest.html is the last run's");
            }

            String dom = HeadlessChromium.dumpDom(reports.resolve("latest.html"));
            int compared = ReportPageCheck.assertShows(dom, report);
            List<String> sections = PageDom.seedSections(dom);
            Map<String, String> verdicts = new java.util.HashMap<>();
            int good = -1;
            for (int i = 0; i < sections.size(); i++) {
                verdicts.put(PageDom.field(sections.get(i), "seed").text(), PageDom.field(sections.get(i), "verdict").text());
                good = PageDom.field(sections.get(i), "seed").text().equals("good.test") ? i : good;
            }
            assertEquals(Map.of("good.test", "HEALTHY", "mixed.test", "DEGRADED", "nothere.test", "DOWN"), verdicts);
            assertEquals("2", PageDom.field(PageDom.element(sections.get(good), "tr", "data-window", "day"), "runs").text(),
                    "the trend of two runs");
            // The hostile user agent is a tally value in the DOM, as text: the browser made no element of it.
            String agent = null;
            for (JsonNode result : report.at("/seeds/" + good + "/results")) {
                String ua = result.at("/peer/userAgent").asText();
                agent = ua.startsWith("/<script>") ? ua : agent;
            }
            assertTrue(agent != null && agent.contains("'&amp;?A"), String.valueOf(agent));
            String tally = PageDom.element(sections.get(good), "table", "data-tally", "userAgents");
            String shownAgent = ReportPageCheck.shown(agent);
            assertTrue(PageDom.fields(tally).get("value").stream().anyMatch(f -> f.text().equals(shownAgent)), tally);
            String lower = dom.toLowerCase(Locale.ROOT);
            assertFalse(lower.contains("<script") || lower.contains("<img"), "no element from a peer's string");

            Path png = dir.resolve("latest.png");
            HeadlessChromium.screenshot(reports.resolve("latest.html"), png, WIDTH, HEIGHT);
            assertPng(png);
            System.out.println("ReportPageIT: " + compared + " figures of latest.json found in Chromium's DOM; page "
                    + Files.size(reports.resolve("latest.html")) + " bytes, screenshot " + Files.size(png) + " bytes");
        } finally {
            for (ScriptedPeer peer : peers) {
                peer.close();
            }
        }
    }

    @Test
    void theShippedExamplePageInChromium(@TempDir Path dir) throws Exception {
        RunReport example = ExampleRun.report();
        Path page = Files.writeString(dir.resolve("report-page.html"), ReportPage.render(example));
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(example));

        String dom = HeadlessChromium.dumpDom(page);
        ReportPageCheck.assertShows(dom, json);
        Path png = dir.resolve("report-page.png");
        HeadlessChromium.screenshot(page, png, WIDTH, HEIGHT);
        assertPng(png);

        String docs = System.getProperty("report-page.docs");
        if (docs != null && !docs.isBlank()) {
            Path target = Files.createDirectories(Path.of(docs));
            Files.copy(page, target.resolve("report-page.html"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(png, target.resolve("report-page.png"), StandardCopyOption.REPLACE_EXISTING);
            System.out.println("ReportPageIT: wrote " + target.resolve("report-page.html") + " and report-page.png");
        }
    }

    static void assertPng(Path png) throws Exception {
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
                "PNG signature");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth(), "screenshot width");
        assertEquals(HEIGHT, image.getHeight(), "screenshot height");
    }
}
