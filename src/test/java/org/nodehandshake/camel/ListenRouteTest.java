package org.nodehandshake.camel;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.NetAddress;
import org.nodehandshake.bitcoin.VersionMessage;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.RawInitiator;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * The shipped listener route (camel-netty consumer with our pipeline) against our own initiator and
 * against misbehaving initiators, over loopback. Reports are checked through the recorder and a mocked
 * file endpoint.
 */
class ListenRouteTest extends ShippedRoutesTestSupport {

    static final String LISTEN_IP = "127.0.0.52";
    static final int TIMEOUT_MS = 1500;
    static final byte[] MAGIC = BitcoinNetwork.REGTEST.magic();

    int port;
    EventLoopGroup clientLoops;

    @Override
    protected Properties handshakeProperties() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LISTEN_IP))) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties("handshake.listen", LISTEN_IP + ":" + port, "handshake.network", "regtest",
                "handshake.timeout-ms", Integer.toString(TIMEOUT_MS), "handshake.listen.max-connections", "50",
                "handshake.listen.max-per-address", "4", "handshake.listen.report-period-ms", "600000",
                "handshake.report-dir", "target/listen-route-test",
                // v1 only: these tests send v1 bytes and garbage, which a listener serving v2 too would take
                // for the start of a v2 key (V2LoopbackTest and TransportListenIT cover v2 on the listener)
                "handshake.listen.transport", "v1");
    }

    @BeforeEach
    void startListener() throws Exception {
        loadShippedRoutes("listen.yaml");
        AdviceWith.adviceWith(context, "write-listener-report",
                route -> {
                    route.weaveById("listener-report-file").replace().to("mock:listener-report");
                    route.weaveById("listener-page-file").replace().to("mock:listener-page");
                });
        context.start();
        clientLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopClient() {
        clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void ourInitiatorConcludesAHandshakeWithOurResponder() throws Exception {
        HandshakeResult outbound = initiator().handshake(target()).get(5, TimeUnit.SECONDS);

        assertEquals("SUCCESS", outbound.outcome().label(), outbound::toString);
        assertEquals(BuildInfo.defaultUserAgent(), outbound.peer().map(BitcoinPeer.class::cast).orElseThrow().userAgent());
        assertEquals(List.of("version", "verack"), outbound.messages());
        ResultReport inbound = awaitInbound(r -> r.peer() instanceof BitcoinPeer.Report peer
                && peer.userAgent().equals("/test-initiator:1/")).orElseThrow();
        assertEquals("SUCCESS", inbound.outcome());
        assertEquals("/test-initiator:1/", ((BitcoinPeer.Report) inbound.peer()).userAgent());
        assertEquals(0L, inbound.connectMillis());

        MockEndpoint file = getMockEndpoint("mock:listener-report");
        file.expectedMessageCount(1);
        template.sendBody("direct:write-listener-report", null);
        file.assertIsSatisfied();
        var report = ReportSchema.assertValid(file.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertEquals(1, report.at("/listener/summary/success").asInt());
        assertEquals("regtest", report.at("/listener/network").asText());
        MockEndpoint page = getMockEndpoint("mock:listener-page");
        page.expectedMessageCount(1);
        page.assertIsSatisfied();
        String html = page.getReceivedExchanges().get(0).getMessage().getBody(String.class);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("data-listener=\"\"")
                && html.contains("<span data-field=\"port\">" + port + "</span>")
                && html.contains("/test-initiator:1/"), html);
    }

    @Test
    void garbageIsRejectedAtTheFirstWrongByte() throws Exception {
        assertInboundFailure(out -> out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                ReasonCode.WRONG_NETWORK);
    }

    @Test
    void anOversizedDeclaredLengthIsRejectedFromTheHeader() throws Exception {
        byte[] header = ScriptedPeer.frame(MAGIC, "version", new byte[0]);
        header[16] = header[17] = header[18] = header[19] = (byte) 0xff; // declares 4 GiB - 1
        assertInboundFailure(out -> out.write(header), ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void aBadChecksumIsRejected() throws Exception {
        byte[] frame = ScriptedPeer.frame(MAGIC, someVersion());
        frame[20] ^= 0x01;
        assertInboundFailure(out -> out.write(frame), ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void aPeerThatConnectsAndWaitsEndsAtTheDeadline() throws Exception {
        assertInboundFailure(out -> { }, ReasonCode.TIMEOUT);
    }

    @Test
    void aSlowDripEndsAtTheDeadlineWhileOthersAreServed() throws Exception {
        byte[] version = ScriptedPeer.frame(MAGIC, someVersion());
        CompletableFuture<HandshakeResult> good = new CompletableFuture<>();
        assertInboundFailure(out -> {
            for (int i = 0; i < version.length; i++) {
                out.write(version[i]);
                out.flush();
                if (i == 3) {
                    good.complete(initiator().handshake(target()).join()); // served meanwhile
                }
                sleep(100);
            }
        }, ReasonCode.TIMEOUT);
        assertEquals("SUCCESS", good.get(1, TimeUnit.SECONDS).outcome().label());
    }

    @Test
    void connectionsBeyondThePerAddressCapAreClosedAtOnce() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                idle.add(connect());
            }
            // Accepted connections are admitted on several event loops: wait until all four are counted.
            ListenerRecorder recorder = context.getRegistry().lookupByNameAndType("listenerRecorder", ListenerRecorder.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (recorder.snapshot().listener().connectionsActive() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (Socket fifth = connect()) {
                fifth.setSoTimeout(1000);
                assertEquals(-1, fifth.getInputStream().read(), "closed without a word");
            }
            assertEquals(1, recorder.snapshot().listener().connectionsRejected().tooManyFromAddress());
            assertEquals(4, recorder.snapshot().listener().connectionsActive());
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /**
     * Plays a behaviour on a raw socket; the responder must close it in time and record the reason code,
     * FAILED at stage connected (their version never accepted, nothing of ours sent).
     */
    void assertInboundFailure(RawInitiator.Behaviour behaviour, ReasonCode code) throws Exception {
        RawInitiator.Ended ended = RawInitiator.playUntilClosed(new InetSocketAddress(LISTEN_IP, port), behaviour,
                3 * TIMEOUT_MS);
        assertTrue(ended.millis() < TIMEOUT_MS + 1500, "closed after " + ended.millis() + " ms");
        ResultReport recorded = awaitInbound(r -> r.port() == ended.localPort()).orElseThrow(
                () -> new AssertionError("no inbound result recorded"));
        assertEquals("FAILED", recorded.outcome());
        assertEquals(code.code(), recorded.reasonCode(), recorded::toString);
        assertEquals(Stage.CONNECTED.label(), recorded.stage(), recorded::toString);
    }

    Optional<ResultReport> awaitInbound(java.util.function.Predicate<ResultReport> wanted) throws InterruptedException {
        ListenerRecorder recorder = context.getRegistry().lookupByNameAndType("listenerRecorder", ListenerRecorder.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            RunReport report = recorder.snapshot();
            Optional<ResultReport> found = report.listener().results().stream()
                    .filter(wanted).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(LISTEN_IP, port), 2000);
        return socket;
    }

    HandshakeTarget target() throws IOException {
        return new HandshakeTarget("test", InetAddress.getByName(LISTEN_IP), port, BitcoinNetwork.REGTEST, true);
    }

    /** A separate initiator, as another process would be: its own protocol instance and nonces. */
    Handshaker initiator() {
        BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/test-initiator:1/", Clock.systemUTC());
        return new Handshaker(clientLoops, NioSocketChannel.class, n -> protocol, 5000, 0, 4);
    }

    static VersionMessage someVersion() {
        return new VersionMessage(70016, 0, 1_700_000_000L, NetAddress.unspecified(), NetAddress.unspecified(),
                OptionalLong.of(7), "/drip:1/", 0, false);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
