package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinProtocol;

/**
 * How a handshake that never got a connection ends: each connect failure with its own code, at stage
 * {@code connect}, FAILED, without a connect time. A refused connect is reported as refused, every
 * time: a loopback connect can fail before the engine's listeners are attached, and then the channel's
 * close must not be mistaken for a peer closing an established connection.
 */
class HandshakerConnectFailureTest {

    private static final BitcoinProtocol PROTOCOL =
            new BitcoinProtocol(BitcoinNetwork.REGTEST, "/refused-test:1/", Clock.systemUTC());

    @Test
    void everyRefusedConnectIsReportedAsRefused() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            Handshaker handshaker = new Handshaker(loops, NioSocketChannel.class, n -> PROTOCOL, 2000, 0, 64);
            InetAddress nobody = InetAddress.getByName("127.0.0.46"); // nothing listens on port 1 here
            List<CompletableFuture<HandshakeResult>> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                all.add(handshaker.handshake(new HandshakeTarget("refused", nobody, 1, BitcoinNetwork.REGTEST, true)));
            }
            Map<String, Integer> seen = new TreeMap<>();
            for (CompletableFuture<HandshakeResult> f : all) {
                HandshakeResult r = f.get(10, TimeUnit.SECONDS);
                seen.merge(r.outcome().label() + " " + r.outcome().reasonCode().map(ReasonCode::code).orElse("-")
                        + " at " + r.stage() + (r.connectMillis().isPresent() ? " connected" : ""), 1, Integer::sum);
            }
            assertEquals(Map.of("FAILED connect-refused at connect", 500), seen);
            HandshakeResult one = all.get(0).join();
            assertEquals(Optional.of("connection refused"), one.outcome().reason());
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aConnectThatNeverCompletesIsAConnectTimeoutAtTheDeadline() throws Exception {
        // A listener whose accept queue is full: Linux drops further SYNs (tcp_abort_on_overflow 0,
        // the default), so the connect hangs on loopback as it would towards a silent firewall.
        InetSocketAddress listener;
        List<Socket> fillers = new ArrayList<>();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress("127.0.0.47", 0), 1);
            listener = (InetSocketAddress) full.getLocalSocketAddress();
            boolean hangs = false;
            for (int i = 0; i < 8 && !hangs; i++) {
                Socket filler = new Socket();
                fillers.add(filler);
                try {
                    filler.connect(listener, 200);
                } catch (SocketTimeoutException e) {
                    hangs = true;
                }
            }
            Assumptions.assumeTrue(hangs, "this kernel answers SYNs beyond the accept queue");
            Handshaker handshaker = new Handshaker(loops, NioSocketChannel.class, n -> PROTOCOL, 300, 0, 4);
            HandshakeResult r = handshaker.handshake(new HandshakeTarget("full", listener.getAddress(),
                    listener.getPort(), BitcoinNetwork.REGTEST, true)).get(5, TimeUnit.SECONDS);
            assertEquals("FAILED", r.outcome().label(), r::toString);
            assertEquals(Optional.of(ReasonCode.CONNECT_TIMEOUT), r.outcome().reasonCode(), r::toString);
            assertEquals(Optional.of("connect timed out after 300 ms"), r.outcome().reason());
            assertEquals(Stage.CONNECT, r.stage());
            assertEquals(OptionalLong.empty(), r.connectMillis());
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aTargetNotToBeContactedIsNonRoutableAtStageNone() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Handshaker handshaker = new Handshaker(loops, NioSocketChannel.class, n -> PROTOCOL, 2000, 0, 4);
            HandshakeResult r = handshaker.handshake(new HandshakeTarget("private", InetAddress.getByName("10.0.0.1"),
                    18444, BitcoinNetwork.REGTEST, false)).get(1, TimeUnit.SECONDS);
            assertEquals("FAILED", r.outcome().label());
            assertEquals(Optional.of(ReasonCode.NON_ROUTABLE), r.outcome().reasonCode());
            assertEquals(Stage.NONE, r.stage());
            assertEquals(OptionalLong.empty(), r.connectMillis());
            assertEquals(0, handshaker.inFlight(), "nothing was started");
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void anEventLoopThatIsShutDownIsAConnectFailure() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Handshaker handshaker = new Handshaker(loops, NioSocketChannel.class, n -> PROTOCOL, 2000, 0, 4);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        HandshakeResult r = handshaker.handshake(new HandshakeTarget("late", InetAddress.getByName("127.0.0.46"), 1,
                BitcoinNetwork.REGTEST, true)).get(5, TimeUnit.SECONDS);
        assertEquals("FAILED", r.outcome().label());
        assertEquals(Optional.of(ReasonCode.CONNECT_FAILED), r.outcome().reasonCode());
        assertEquals(Optional.of("connect failed: event loop shut down"), r.outcome().reason());
        assertEquals(Stage.CONNECT, r.stage());
    }

    @Test
    void aTargetWithNoHandshakeIsAnInternalErrorNotAnException() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Handshaker handshaker = new Handshaker(loops, NioSocketChannel.class, t -> {
                throw new IllegalArgumentException("transport must be one of auto, v2, v1: v9");
            }, 2000, 0, 4);
            HandshakeResult r = handshaker.handshake(new HandshakeTarget("unchecked", InetAddress.getByName("127.0.0.46"), 1,
                    BitcoinNetwork.REGTEST, true)).get(5, TimeUnit.SECONDS);
            assertEquals("FAILED", r.outcome().label());
            assertEquals(Optional.of(ReasonCode.INTERNAL_ERROR), r.outcome().reasonCode());
            assertEquals(Optional.of("no handshake for this target: transport must be one of auto, v2, v1: v9"),
                    r.outcome().reason());
            assertEquals(0, handshaker.inFlight());
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /*
     * Every connect failure the channel can report, mapped to its code. A real no-route failure
     * (connect-unreachable) cannot be produced on loopback, where every address has a route, and this
     * suite sends nothing beyond 127.0.0.0/8: its mapping is asserted here, on the exception Netty
     * hands over (an AnnotatedNoRouteToHostException is a NoRouteToHostException).
     */

    @Test
    void aRefusedConnectMapsToConnectRefused() {
        assertConnectFailure(ReasonCode.CONNECT_REFUSED, "connection refused",
                new ConnectException("Connection refused: /127.0.0.46:1"));
    }

    @Test
    void nettysConnectTimeoutMapsToConnectTimeout() {
        assertConnectFailure(ReasonCode.CONNECT_TIMEOUT, "connect timed out",
                new ConnectTimeoutException("connection timed out after 3000 ms: /192.0.2.1:8333"));
    }

    @Test
    void noRouteToHostMapsToConnectUnreachable() {
        assertConnectFailure(ReasonCode.CONNECT_UNREACHABLE, "no route to host",
                new NoRouteToHostException("No route to host: /192.0.2.1:8333"));
    }

    @Test
    void theKernelGivingUpItsSynRetriesMapsToConnectTimeout() {
        // ETIMEDOUT: only seen when the deadline is longer than the kernel's retries (about 2 minutes).
        assertConnectFailure(ReasonCode.CONNECT_TIMEOUT, "connect timed out",
                new ConnectException("Connection timed out: /192.0.2.1:8333"));
    }

    @Test
    void anUnreachableNetworkMapsToConnectUnreachable() {
        // ENETUNREACH, e.g. an IPv6 seed address on a host without IPv6: a SocketException, not a NoRouteToHost.
        assertConnectFailure(ReasonCode.CONNECT_UNREACHABLE, "network unreachable",
                new SocketException("Network is unreachable: /[2001:db8:0:0:0:0:0:1]:8333"));
    }

    @Test
    void anyOtherConnectExceptionMapsToConnectFailed() {
        assertConnectFailure(ReasonCode.CONNECT_FAILED, "connect failed: Address in use",
                new ConnectException("Address in use"));
        assertConnectFailure(ReasonCode.CONNECT_FAILED, "connect failed: java.io.IOException: odd",
                new IOException("odd"));
        assertConnectFailure(ReasonCode.CONNECT_FAILED, "connect failed: java.net.SocketException: Permission denied",
                new SocketException("Permission denied"));
    }

    private static void assertConnectFailure(ReasonCode code, String reason, Throwable cause) {
        assertEquals(new Handshaker.ConnectFailure(code, reason), Handshaker.describeConnectFailure(cause));
    }
}
