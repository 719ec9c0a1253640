package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinPeer;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.BitcoinTransport;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Responder;

/**
 * Our initiator (Handshaker) against our responder (Responder) over real loopback sockets, each
 * transport choice against each served set: v2 both ways, v1 on the same port, auto falling back to v1
 * in the same deadline when the responder serves v1 only, and v2-only refused by it.
 */
class V2LoopbackTest {

    private static final BitcoinNetwork NET = BitcoinNetwork.REGTEST;
    private static final long TIMEOUT_MS = 5000;
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Both results of one handshake of an initiator opening with {@code transport} against a responder. */
    private record Both(HandshakeResult outbound, HandshakeResult inbound) {
    }

    private static Both handshake(BitcoinTransport transport, boolean servesV2) throws Exception {
        List<HandshakeResult> inbound = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<HandshakeResult> lastInbound = new CompletableFuture<>();
        Responder responder = new Responder(NET, new BitcoinProtocol(NET, "/v2-responder:1/", Clock.systemUTC(),
                BitcoinTransport.AUTO, servesV2), TIMEOUT_MS, 0, 8, 8);
        InetAddress ip = InetAddress.getByName("127.0.0.1");
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        responder.accept(ch, r -> {
                            inbound.add(r);
                            if (r.outcome().label().equals("SUCCESS") || inbound.size() == 2) {
                                lastInbound.complete(r);
                            }
                        });
                    }
                }).bind(ip, 0).sync().channel();
        try {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            BitcoinProtocol ours = new BitcoinProtocol(NET, "/v2-initiator:1/", Clock.systemUTC(), transport, false);
            Handshaker handshaker = new Handshaker(group, NioSocketChannel.class, n -> ours, TIMEOUT_MS, 0, 1);
            HandshakeResult outbound = handshaker.handshake(new HandshakeTarget("loopback", ip, port, NET, true))
                    .get(10, TimeUnit.SECONDS);
            HandshakeResult in = outbound.outcome().label().equals("SUCCESS") ? lastInbound.get(10, TimeUnit.SECONDS)
                    : inbound.isEmpty() ? null : inbound.get(0);
            return new Both(outbound, in);
        } finally {
            server.close().sync();
        }
    }

    @Test
    void autoSpeaksV2WithAResponderServingBoth() throws Exception {
        Both both = handshake(BitcoinTransport.AUTO, true);
        assertEquals("SUCCESS", both.outbound().outcome().label(), both.outbound().toString());
        assertEquals(Map.of("transport", "v2", "v2Refused", false), both.outbound().transport());
        assertEquals("SUCCESS", both.inbound().outcome().label(), both.inbound().toString());
        assertEquals(Map.of("transport", "v2"), both.inbound().transport());
        assertEquals(List.of("version", "verack"), both.outbound().messages().subList(0, 2));
        BitcoinPeer responder = (BitcoinPeer) both.outbound().peer().orElseThrow();
        assertEquals("/v2-responder:1/", responder.userAgent());
        assertEquals(BitcoinProtocol.NODE_P2P_V2, responder.services() & BitcoinProtocol.NODE_P2P_V2,
                "a responder serving v2 announces NODE_P2P_V2");
        assertEquals("/v2-initiator:1/", ((BitcoinPeer) both.inbound().peer().orElseThrow()).userAgent());
    }

    @Test
    void v2OnlySpeaksV2AndSaysNothingOfARefusal() throws Exception {
        Both both = handshake(BitcoinTransport.V2, true);
        assertEquals("SUCCESS", both.outbound().outcome().label(), both.outbound().toString());
        assertEquals(Map.of("transport", "v2"), both.outbound().transport());
        assertEquals(Map.of("transport", "v2"), both.inbound().transport());
    }

    @Test
    void v1IsServedOnTheSamePort() throws Exception {
        Both both = handshake(BitcoinTransport.V1, true);
        assertEquals("SUCCESS", both.outbound().outcome().label(), both.outbound().toString());
        assertEquals(Map.of("transport", "v1"), both.outbound().transport());
        assertEquals("SUCCESS", both.inbound().outcome().label(), both.inbound().toString());
        assertEquals(Map.of("transport", "v1"), both.inbound().transport());
    }

    @Test
    void autoFallsBackToV1WhenTheResponderServesV1Only() throws Exception {
        long start = System.nanoTime();
        Both both = handshake(BitcoinTransport.AUTO, false);
        assertEquals("SUCCESS", both.outbound().outcome().label(), both.outbound().toString());
        assertEquals(Map.of("transport", "v1", "v2Refused", true), both.outbound().transport());
        BitcoinPeer responder = (BitcoinPeer) both.outbound().peer().orElseThrow();
        assertEquals(0, responder.services() & BitcoinProtocol.NODE_P2P_V2, "a v1-only responder does not announce NODE_P2P_V2");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < TIMEOUT_MS, "within the one deadline");
    }

    @Test
    void v2OnlyIsRefusedByAResponderServingV1Only() throws Exception {
        Both both = handshake(BitcoinTransport.V2, false);
        assertEquals("FAILED", both.outbound().outcome().label(), both.outbound().toString());
        assertEquals(ReasonCode.V2_REFUSED, both.outbound().outcome().reasonCode().orElseThrow());
        assertEquals(Map.of("transport", "v2"), both.outbound().transport());
    }
}
