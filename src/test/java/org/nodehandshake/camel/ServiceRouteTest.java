package org.nodehandshake.camel;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinMessage;
import org.nodehandshake.bitcoin.NetAddress;
import org.nodehandshake.bitcoin.VersionMessage;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * The shipped service route with its Quartz trigger replaced by a direct start and the report
 * endpoints mocked: configured seeds are checked, runs never overlap, and each report carries health.
 */
class ServiceRouteTest extends ShippedRoutesTestSupport {

    static final String PEER_IP = "127.0.0.43";
    static final int ANSWER_AFTER_MS = 1000;
    static ScriptedPeer slowPeer;

    @BeforeAll
    static void startPeer() throws Exception {
        byte[] magic = BitcoinNetwork.REGTEST.magic();
        slowPeer = new ScriptedPeer(PEER_IP, socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ScriptedPeer.readFrame(in);
            try {
                Thread.sleep(ANSWER_AFTER_MS); // a slow but honest node keeps the run going
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write(ScriptedPeer.frame(magic, new VersionMessage(70016, 0x409, 1_700_000_000L, NetAddress.unspecified(),
                    NetAddress.unspecified(), java.util.OptionalLong.of(5), "/slow:1/", 321, true)));
            out.write(ScriptedPeer.frame(magic, new BitcoinMessage.Verack()));
            out.flush();
            while (in.read() >= 0) {
                // until closed
            }
        });
    }

    @AfterAll
    static void stopPeer() throws Exception {
        slowPeer.close();
    }

    @Override
    protected Properties handshakeProperties() {
        return properties("handshake.seeds", PEER_IP + ":" + slowPeer.port() + "@regtest,not..valid@regtest",
                "handshake.schedule", "0 0 0 1 1 ? 2099", "handshake.timeout-ms", "4000",
                "handshake.report-dir", "target/service-route-test", "handshake.report-log-level", "DEBUG",
                "handshake.retention", "100",
                "handshake.transport", "v1"); // the slow peer is a v1 script (it would wait for a v2 key's "payload")
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadShippedRoutes("check-seeds.yaml", "service.yaml");
        AdviceWith.adviceWith(context, "scheduled-check", route -> route.replaceFromWith("direct:tick"));
        mockReportEndpoints();
        context.start();
    }

    @Test
    void aTriggerChecksTheConfiguredSeedsAndJudgesEach() throws Exception {
        MockEndpoint file = getMockEndpoint("mock:report-file");
        file.expectedMessageCount(1);
        file.setResultWaitTime(10_000);
        template.sendBody("direct:tick", null);
        file.assertIsSatisfied();

        JsonNode report = ReportSchema.assertValid(file.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertEquals(2, report.get("seedsChecked").asInt());
        assertEquals(1, report.get("addressesTotal").asInt());
        JsonNode slow = CheckSeedsRouteTest.seed(report, PEER_IP);
        assertEquals("DEGRADED", slow.at("/health/verdict").asText(), "1 address < healthy-min-addresses");
        assertEquals(1.0, slow.at("/health/successRate").asDouble());
        assertEquals(1, slow.at("/health/userAgents/~1slow:1~1").asInt());
        assertEquals(321, slow.at("/health/heights/max").asInt());
        JsonNode broken = CheckSeedsRouteTest.seed(report, "not..valid");
        assertEquals("DOWN", broken.at("/health/verdict").asText());
    }

    @Test
    void aTriggerDuringARunIsSkipped() throws Exception {
        MockEndpoint file = getMockEndpoint("mock:report-file");
        NotifyBuilder skipped = new NotifyBuilder(context).fromRoute("scheduled-check").whenDone(2).create();

        template.sendBody("direct:tick", null); // starts a run that lasts about ANSWER_AFTER_MS
        template.sendBody("direct:tick", null); // fires while it is going
        assertTrue(skipped.matches(5, TimeUnit.SECONDS));

        file.expectedMessageCount(1);
        file.setResultWaitTime(10_000);
        file.assertIsSatisfied();
        Thread.sleep(ANSWER_AFTER_MS + 500);
        assertEquals(1, file.getReceivedCounter(), "the second trigger did not start a run");

        ScheduledRuns runs = context.getRegistry().lookupByNameAndType("scheduledRuns", ScheduledRuns.class);
        assertTrue(runs.awaitIdle(5000));
        file.reset();
        file.expectedMessageCount(1);
        file.setResultWaitTime(10_000);
        template.sendBody("direct:tick", null); // after the run: starts again
        file.assertIsSatisfied();
    }
}
