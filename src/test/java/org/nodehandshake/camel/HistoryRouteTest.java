package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.TogglePeer;

/**
 * The shipped route with the SQLite history: three runs against a node that is up, down, up give uptime
 * 2/3 in every window and the seed's trend; a corrupt database still gives a report, with history.error.
 */
class HistoryRouteTest extends ShippedRoutesTestSupport {

    static final String PEER_IP = "127.0.0.192";

    // set while the superclass is constructed (it asks for the properties then): no initialisers
    Path reports;
    Properties properties;
    TogglePeer peer;

    @Override
    protected Properties handshakeProperties() {
        if (properties == null) {
            reports = Path.of("target", "history-route-test", UUID.randomUUID().toString());
            properties = properties("handshake.timeout-ms", "2000", "handshake.report-dir", reports.toString(),
                    "handshake.history.timeout-ms", "1000");
        }
        return properties;
    }

    @AfterEach
    void stopPeer() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void upDownUpGivesTwoThirdsUptimeAndTheTrend() throws Exception {
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        start();
        List<JsonNode> runs = new ArrayList<>();
        for (boolean up : new boolean[] {true, false, true}) {
            peer.up(up);
            runs.add(run());
        }

        JsonNode first = runs.get(0).at("/seeds/0/results/0/uptime");
        assertEquals(1.0, first.get("2h").asDouble(), first::toString);
        assertEquals(1, first.get("checks").asInt());
        JsonNode down = runs.get(1).at("/seeds/0/results/0");
        assertEquals("FAILED", down.get("outcome").asText(), down::toString);
        assertEquals(0.5, down.at("/uptime/30d").asDouble(), down::toString);

        JsonNode third = runs.get(2);
        JsonNode uptime = third.at("/seeds/0/results/0/uptime");
        for (String window : new String[] {"2h", "8h", "1d", "7d", "30d"}) {
            assertEquals(0.667, uptime.get(window).asDouble(), window + ": " + uptime);
        }
        assertEquals(3, uptime.get("checks").asInt());
        assertEquals(runs.get(0).get("startedAt").asText(), uptime.get("firstSeen").asText());
        assertEquals(third.get("startedAt").asText(), uptime.get("lastSeen").asText());

        JsonNode day = third.at("/seeds/0/trend/day");
        assertEquals(3, day.get("runs").asInt(), day::toString);
        assertEquals(2, day.at("/verdicts/DEGRADED").asInt()); // one address: below healthy-min-addresses
        assertEquals(1, day.at("/verdicts/DOWN").asInt());
        assertEquals(0.667, day.get("successRate").asDouble());
        assertEquals(0.0, day.get("minSuccessRate").asDouble());
        assertEquals(1.0, day.get("maxSuccessRate").asDouble());
        assertEquals(0.0, day.get("change").asDouble());
        assertEquals(day, third.at("/seeds/0/trend/week"));
        assertEquals(-1.0, runs.get(1).at("/seeds/0/trend/day/change").asDouble());

        assertEquals("sqlite", third.at("/history/store").asText());
        assertEquals(reports.resolve("history.db").toString(), third.at("/history/location").asText());
        assertTrue(third.at("/history/error").isNull());
        assertTrue(Files.exists(reports.resolve("history.db")));
        String thread = context.getRegistry().lookupByNameAndType("historyStep", HistoryStep.class).lastThread();
        assertFalse(thread.contains("NettyHandshake"), "recorded on an event loop: " + thread);
    }

    @Test
    void aCorruptDatabaseStillGivesTheReportWithTheError() throws Exception {
        Files.createDirectories(reports);
        Files.writeString(reports.resolve("history.db"), "not a database ".repeat(200));
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        start();
        JsonNode report = run();
        assertEquals("SUCCESS", report.at("/seeds/0/results/0/outcome").asText());
        String error = report.at("/history/error").asText();
        assertTrue(error.startsWith("history database not usable: ") && error.contains("not a database"), error);
        assertNull(report.at("/seeds/0/results/0").get("uptime"));
        assertNull(report.at("/seeds/0").get("trend"));
    }

    @Test
    void offMeansNoHistoryAndNoFile() throws Exception {
        properties.put("handshake.history.enabled", "false");
        peer = new TogglePeer(PEER_IP, BitcoinNetwork.REGTEST.magic());
        start();
        JsonNode report = run();
        assertNull(report.get("history"));
        assertNull(report.at("/seeds/0/results/0").get("uptime"));
        assertFalse(Files.exists(reports.resolve("history.db")));
    }

    private void start() throws Exception {
        loadShippedRoutes("check-seeds.yaml");
        mockReportEndpoints();
        context.start();
    }

    private JsonNode run() throws Exception {
        MockEndpoint file = getMockEndpoint("mock:report-file");
        file.reset();
        file.expectedMessageCount(1);
        template.send("direct:check-seeds", e -> e.getMessage().setBody(List.of(
                new Seed(PEER_IP, peer.port(), BitcoinNetwork.REGTEST))));
        file.assertIsSatisfied();
        return ReportSchema.assertValid(file.getReceivedExchanges().get(0).getMessage().getBody(String.class));
    }
}
