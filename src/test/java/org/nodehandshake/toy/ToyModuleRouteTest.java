package org.nodehandshake.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.camel.ShippedRoutesTestSupport;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;

/**
 * A protocol module written in test code, registered beside the built-in ones, runs through the
 * shipped routes and report with no change to shared main code: our listener (routes/listen.yaml)
 * answers it, our initiator (routes/check-seeds.yaml) checks the listener as a seed, both through
 * the toy protocol's two phases.
 */
class ToyModuleRouteTest extends ShippedRoutesTestSupport {

    private static final String LISTEN_IP = "127.0.0.47";
    private static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn().with(new ToyModule());
    private static final int PORT = freePort();

    @Override
    protected ProtocolRegistry registry() {
        return REGISTRY;
    }

    @Override
    protected Properties handshakeProperties() {
        return properties("handshake.timeout-ms", "3000", "handshake.network", "toy",
                "handshake.listen", LISTEN_IP + ":" + PORT, "handshake.listen.report-period-ms", "60000",
                "handshake.report-dir", "target/toy-route-test-reports", "handshake.report-log-level", "DEBUG",
                ToyModule.KEY_NAME, "knock-knock");
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadShippedRoutes("check-seeds.yaml", "listen.yaml");
        mockReportEndpoints();
        AdviceWith.adviceWith(context, "write-listener-report",
                route -> route.weaveById("listener-report-file").replace().to("mock:listener-report"));
        context.start();
    }

    private JsonNode check(String entry) throws Exception {
        MockEndpoint file = getMockEndpoint("mock:report-file");
        file.reset();
        file.expectedMessageCount(1);
        Seed seed = REGISTRY.parseSeed(entry, REGISTRY.requireNetwork("toy"));
        template.send("direct:check-seeds", e -> e.getMessage().setBody(List.of(seed)));
        file.assertIsSatisfied();
        return new ObjectMapper().readTree(file.getReceivedExchanges().get(0).getMessage().getBody(String.class));
    }

    @Test
    void aToyNodeIsCheckedAndReportedLikeAnyOther() throws Exception {
        JsonNode report = check(LISTEN_IP + ":" + PORT + "@toy");

        JsonNode seed = report.at("/seeds/0");
        assertEquals("toy", seed.get("network").asText());
        JsonNode result = seed.at("/results/0");
        assertEquals("SUCCESS", result.get("outcome").asText(), result::toString);
        assertTrue(result.get("reasonCode").isNull());
        assertEquals("concluded", result.get("stage").asText());
        assertEquals("knock-knock", result.at("/peer/name").asText());
        assertEquals("line WELCOME knock-knock", result.at("/peer/messages/0").asText());
        assertEquals("frame pong", result.at("/peer/messages/1").asText());
        assertEquals(1, seed.at("/health/names/knock-knock").asInt(), seed.get("health")::toString);
        assertTrue(seed.at("/health/userAgents").isObject(), "the built-in tallies are listed too");

        // the listener's side of the same handshake
        template.sendBody("direct:write-listener-report", null);
        JsonNode listener = new ObjectMapper().readTree(getMockEndpoint("mock:listener-report")
                .getReceivedExchanges().get(0).getMessage().getBody(String.class)).get("listener");
        assertEquals("toy", listener.get("network").asText());
        assertEquals(1, listener.at("/summary/success").asInt(), listener::toString);
        assertEquals("frame ping", listener.at("/results/0/peer/messages/1").asText());
    }

    @Test
    void theWrongNetworkIsRefusedByTheResponderAndSeenAsAClose() throws Exception {
        JsonNode result = check(LISTEN_IP + ":" + PORT + "@toy-test").at("/seeds/0/results/0");

        assertEquals("FAILED", result.get("outcome").asText(), result::toString);
        assertEquals("closed-by-peer", result.get("reasonCode").asText());
        assertEquals("sent", result.get("stage").asText());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
