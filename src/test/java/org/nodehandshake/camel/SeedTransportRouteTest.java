package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.BitcoinTransport;
import org.nodehandshake.protocol.Responder;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * A configured seed's own {@code ;transport=v1} in the shipped service route: in one run, the entry with
 * it reaches a v1-only node over v1 at once (one connection, no v2 attempt), while another entry of the
 * same network goes by the run's {@code auto} and speaks v2 with our responder serving v2 and v1.
 */
class SeedTransportRouteTest extends ShippedRoutesTestSupport {

    static final String V1_ONLY_IP = "127.0.0.118";
    static final String BOTH_IP = "127.0.0.119";
    static final BitcoinNetwork NET = BitcoinNetwork.REGTEST;

    static final AtomicInteger v1OnlyConnections = new AtomicInteger();
    static ScriptedPeer v1Only;
    static EventLoopGroup responderLoops;
    static Channel both;

    @BeforeAll
    static void startPeers() throws Exception {
        ScriptedPeer.Script honest = ScriptedPeer.honestBitcoinResponder(NET.magic(), "/v1-only:1/", 7);
        v1Only = new ScriptedPeer(V1_ONLY_IP, socket -> {
            v1OnlyConnections.incrementAndGet();
            honest.play(socket); // hangs up on a v2 key, as a v1-only node does
        });
        responderLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Responder responder = new Responder(NET, new BitcoinProtocol(NET, "/v2-and-v1:1/", Clock.systemUTC(),
                BitcoinTransport.AUTO, true), 4000, 0, 8, 8);
        both = new ServerBootstrap().group(responderLoops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        responder.accept(ch, r -> { });
                    }
                }).bind(InetAddress.getByName(BOTH_IP), 0).sync().channel();
    }

    @AfterAll
    static void stopPeers() throws Exception {
        try {
            if (v1Only != null) {
                v1Only.close();
            }
            if (both != null) {
                both.close().sync();
            }
        } finally {
            if (responderLoops != null) {
                responderLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    @Override
    protected Properties handshakeProperties() {
        int bothPort = ((InetSocketAddress) both.localAddress()).getPort();
        return properties("handshake.seeds", V1_ONLY_IP + ":" + v1Only.port() + "@regtest;transport=v1, "
                        + BOTH_IP + ":" + bothPort + "@regtest",
                "handshake.transport", "auto",
                "handshake.schedule", "0 0 0 1 1 ? 2099", "handshake.timeout-ms", "4000",
                "handshake.report-dir", "target/seed-transport-route-test", "handshake.history.enabled", "false");
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadShippedRoutes("check-seeds.yaml", "service.yaml");
        AdviceWith.adviceWith(context, "scheduled-check", route -> route.replaceFromWith("direct:tick"));
        mockReportEndpoints();
        context.start();
    }

    @Test
    void anEntrysOwnTransportAppliesToItAloneInTheRun() throws Exception {
        MockEndpoint file = getMockEndpoint("mock:report-file");
        file.expectedMessageCount(1);
        file.setResultWaitTime(10_000);
        template.sendBody("direct:tick", null);
        file.assertIsSatisfied();

        JsonNode report = ReportSchema.assertValid(file.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        JsonNode v1 = CheckSeedsRouteTest.seed(report, V1_ONLY_IP + ";transport=v1").at("/results/0");
        assertEquals("SUCCESS", v1.get("outcome").asText(), v1.toString());
        assertEquals("v1", v1.get("transport").asText(), v1.toString());
        assertFalse(v1.has("v2Refused"), "no v2 attempt to refuse: " + v1);
        assertEquals(1, v1OnlyConnections.get(), "one connection, v1 from its first byte");

        JsonNode auto = CheckSeedsRouteTest.seed(report, BOTH_IP).at("/results/0");
        assertEquals("SUCCESS", auto.get("outcome").asText(), auto.toString());
        assertEquals("v2", auto.get("transport").asText(), auto.toString());
        assertFalse(auto.get("v2Refused").asBoolean(), auto.toString());
    }
}
