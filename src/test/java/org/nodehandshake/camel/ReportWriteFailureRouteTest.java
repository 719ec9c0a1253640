package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.TogglePeer;

/**
 * The shipped route writing real files: a report that cannot be written (a file where the directory should
 * be) ends the run normally with the one line in {@code reportWriteError} and the failure counted; the next
 * run writes its report, which carries the count.
 */
class ReportWriteFailureRouteTest extends ShippedRoutesTestSupport {

    static final String PEER_IP = "127.0.0.196";

    Path reports;
    Properties properties;
    TogglePeer peer;

    @Override
    protected Properties handshakeProperties() {
        if (properties == null) {
            reports = Path.of("target", "report-write-test", UUID.randomUUID().toString(), "reports");
            properties = properties("handshake.timeout-ms", "2000", "handshake.report-dir", reports.toString(),
                    "handshake.history.enabled", "false", "handshake.report-log-level", "DEBUG");
        }
        return properties;
    }

    @AfterEach
    void stopPeer() throws Exception {
        peer.close();
    }

    @Test
    void aFailedWriteIsOneLineCountedAndTheNextRunTriesAgain() throws Exception {
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        loadShippedRoutes("check-seeds.yaml");
        context.start();
        Files.createDirectories(reports.getParent());
        Files.writeString(reports, "a file where the report directory should be");

        Exchange failed = run();
        assertNull(failed.getException());
        String line = failed.getProperty(ReportWrites.ERROR, String.class);
        assertTrue(line != null && line.startsWith("report not written to " + reports + ": "), String.valueOf(line));
        assertTrue(!line.contains("\n") && !line.contains("Exception"), line);
        ReportWrites writes = context.getRegistry().lookupByNameAndType("reportWrites", ReportWrites.class);
        assertEquals(1, writes.failures());

        Files.delete(reports);
        Exchange written = run();
        assertNull(written.getProperty(ReportWrites.ERROR));
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        assertEquals(1, report.get("reportWriteFailures").asInt());
        assertEquals("SUCCESS", report.at("/seeds/0/results/0/outcome").asText());
        assertEquals(1, writes.failures());
    }

    @Test
    void eachReportHasItsPageBesideItWithTheSameStem() throws Exception {
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        loadShippedRoutes("check-seeds.yaml");
        context.start();

        Exchange written = run();
        assertNull(written.getProperty(ReportWrites.ERROR));
        String json = written.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String stem = json.substring(0, json.length() - ".json".length());
        try (var files = Files.list(reports)) {
            assertEquals(List.of(stem + ".html", json, "latest.html", "latest.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String page = Files.readString(reports.resolve("latest.html"));
        assertEquals(page, Files.readString(reports.resolve(stem + ".html")));
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("data-seed=\"" + PEER_IP + "\""), page);
        // The one-shot run's "Report:" line still names the JSON file (the page's writes leave its header alone).
        assertEquals(reports.resolve("latest.html").toString(),
                written.getMessage().getHeader(Exchange.FILE_NAME_PRODUCED, String.class));
    }

    @Test
    void aPageThatCannotBeWrittenIsCountedAndTheJsonStaysWritten() throws Exception {
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        loadShippedRoutes("check-seeds.yaml");
        context.start();
        Files.createDirectories(reports.resolve("latest.html"));
        Files.writeString(reports.resolve("latest.html").resolve("in-the-way"), "a directory where latest.html goes");

        Exchange done = run();
        assertNull(done.getException());
        String line = done.getProperty(ReportWrites.ERROR, String.class);
        assertTrue(line != null && line.startsWith("report page not written to " + reports + ": "), String.valueOf(line));
        assertTrue(!line.contains("\n") && !line.contains("Exception"), line);
        ReportWrites writes = context.getRegistry().lookupByNameAndType("reportWrites", ReportWrites.class);
        assertEquals(1, writes.failures());
        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        assertEquals("SUCCESS", report.at("/seeds/0/results/0/outcome").asText());
        assertTrue(Files.exists(reports.resolve(done.getMessage().getHeader(Exchange.FILE_NAME, String.class))));
    }

    private Exchange run() {
        return template.send("direct:check-seeds", e -> e.getMessage().setBody(List.of(
                new Seed(PEER_IP, peer.port(), BitcoinNetwork.REGTEST))));
    }
}
