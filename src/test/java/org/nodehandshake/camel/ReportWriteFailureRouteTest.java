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

    private Exchange run() {
        return template.send("direct:check-seeds", e -> e.getMessage().setBody(List.of(
                new Seed(PEER_IP, peer.port(), BitcoinNetwork.REGTEST))));
    }
}
