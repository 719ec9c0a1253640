package org.nodehandshake.camel;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * The shipped YAML route with its file and log endpoints replaced by mocks: one report per run, one
 * seed entry per seed, one result per address, whatever each seed does.
 */
class CheckSeedsRouteTest extends ShippedRoutesTestSupport {

    static final String PEER_IP = "127.0.0.41";
    static final String CLOSED_IP = "127.0.0.42";

    ScriptedPeer peer;

    @Override
    protected Properties handshakeProperties() {
        return properties("handshake.timeout-ms", "2000", "handshake.concurrency", "8",
                "handshake.allow-private", "false", "handshake.report-dir", "target/route-test-reports",
                "handshake.report-log-level", "INFO");
    }

    @BeforeEach
    void startRoute() throws Exception {
        peer = new ScriptedPeer(PEER_IP, ScriptedPeer.honestBitcoinResponder(BitcoinNetwork.REGTEST.magic(), "/scripted:1/", 5));
        loadShippedRoutes("check-seeds.yaml");
        mockReportEndpoints();
        context.start();
    }

    @AfterEach
    void stopPeer() throws Exception {
        peer.close();
    }

    @Test
    void writesOneReportWithOneEntryPerSeedAndOneResultPerAddress() throws Exception {
        MockEndpoint file = getMockEndpoint("mock:report-file");
        MockEndpoint latest = getMockEndpoint("mock:latest-file");
        MockEndpoint log = getMockEndpoint("mock:report-log");
        file.expectedMessageCount(1);
        latest.expectedMessageCount(1);
        log.expectedMessageCount(1);

        Exchange done = template.send("direct:check-seeds", e -> e.getMessage().setBody(List.of(
                new Seed(PEER_IP, peer.port(), BitcoinNetwork.REGTEST),
                new Seed(CLOSED_IP, peer.port(), BitcoinNetwork.REGTEST))));

        MockEndpoint.assertIsSatisfied(context);
        Exchange written = file.getReceivedExchanges().get(0);
        assertTrue(written.getMessage().getHeader(Exchange.FILE_NAME, String.class)
                .matches("handshake-\\d{8}T\\d{6}Z\\.json"));
        JsonNode report = ReportSchema.assertValid(written.getMessage().getBody(String.class));
        assertEquals(2, report.get("seeds").size());
        JsonNode first = seed(report, PEER_IP);
        assertEquals("SUCCESS", first.at("/results/0/outcome").asText(), first::toString);
        assertTrue(first.at("/results/0/reasonCode").isNull(), first::toString);
        assertEquals("concluded", first.at("/results/0/stage").asText());
        assertEquals("/scripted:1/", first.at("/results/0/peer/userAgent").asText());
        assertEquals(5, first.at("/results/0/peer/startHeight").asInt());
        assertEquals(List.of("version", "wtxidrelay", "verack"),
                List.of(first.at("/results/0/peer/messages/0").asText(), first.at("/results/0/peer/messages/1").asText(),
                        first.at("/results/0/peer/messages/2").asText()));
        JsonNode second = seed(report, CLOSED_IP);
        assertEquals("FAILED", second.at("/results/0/outcome").asText());
        assertEquals("connect-refused", second.at("/results/0/reasonCode").asText(), second::toString);
        assertEquals("connect", second.at("/results/0/stage").asText());
        assertEquals(written.getMessage().getBody(String.class), latest.getReceivedExchanges().get(0).getMessage().getBody(String.class));

        RunReport run = done.getProperty("runReport", RunReport.class);
        assertTrue(run.anySuccess());
    }

    @Test
    void aSeedThatDoesNotResolveKeepsItsEntryAndSpoilsNoOther() throws Exception {
        getMockEndpoint("mock:report-file").expectedMessageCount(1);

        template.send("direct:check-seeds", e -> e.getMessage().setBody(List.of(
                new Seed("not..a..name", 8333, BitcoinNetwork.BITCOIN),
                new Seed(PEER_IP, peer.port(), BitcoinNetwork.REGTEST))));

        MockEndpoint.assertIsSatisfied(context);
        JsonNode report = ReportSchema.assertValid(
                getMockEndpoint("mock:report-file").getReceivedExchanges().get(0).getMessage().getBody(String.class));
        JsonNode broken = seed(report, "not..a..name");
        assertTrue(broken.get("error").asText().contains("not a valid DNS name"), broken::toString);
        assertEquals(0, broken.get("results").size());
        assertEquals(0, broken.at("/summary/failed").asInt());
        JsonNode fine = seed(report, PEER_IP);
        assertNull(fine.get("error").textValue());
        assertEquals("SUCCESS", fine.at("/results/0/outcome").asText());
    }

    @Test
    void theRunsProgressCountsEverySeedAddressAndOutcomeAsTheReportDoes() {
        RunProgress progress = context.getRegistry().lookupByNameAndType("runProgress", RunProgress.class);
        assertEquals(new RunProgress.Counts(0, 0, 0, 0, 0, 0, 0), progress.counts(), "nothing before the run");

        Exchange done = template.send("direct:check-seeds", e -> e.getMessage().setBody(List.of(
                new Seed(PEER_IP, peer.port(), BitcoinNetwork.REGTEST),
                new Seed(CLOSED_IP, peer.port(), BitcoinNetwork.REGTEST),
                new Seed("not..a..name", 8333, BitcoinNetwork.BITCOIN))));

        RunReport run = done.getProperty("runReport", RunReport.class);
        RunProgress.Counts counts = progress.counts();
        assertEquals(run.seeds().size(), counts.seedsDone(), "the unresolved seed is done too");
        assertEquals(2, counts.addressesKnown());
        assertEquals(2, counts.addressesDone());
        assertEquals(0, counts.inFlight(), "every permit is back before its result enters the route");
        assertEquals(0, counts.queued());
        assertEquals(run.seeds().stream().mapToLong(s -> s.summary().success()).sum(), counts.success());
        assertEquals(1, counts.success());
        assertEquals(0, counts.partial());
        assertEquals(1, counts.failed());
    }

    static JsonNode seed(JsonNode report, String name) {
        for (JsonNode seed : report.get("seeds")) {
            if (seed.get("seed").asText().equals(name)) {
                return seed;
            }
        }
        throw new AssertionError("no seed " + name + " in " + report);
    }
}
