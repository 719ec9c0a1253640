package org.nodehandshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.testing.ScriptedPeer.drain;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodehandshake.ethereum.EthereumNetwork;
import org.nodehandshake.ethereum.EthereumProtocol;
import org.nodehandshake.ethereum.Hello;
import org.nodehandshake.ethereum.NodeKey;
import org.nodehandshake.ethereum.RlpxWire;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Responder;
import org.nodehandshake.testing.FileDescriptors;

/**
 * Hostile RLPx initiators against our Ethereum responder, and hostile RLPx responders against our
 * initiator, on loopback (127.0.0.85-127.0.0.86), over real sockets. Every case ends as an outcome with
 * the reason code that names the fault, within the deadline plus a margin; no file descriptor is left
 * behind.
 */
class HostileRlpxPeersTest {

    static final String LISTEN_IP = "127.0.0.85";
    static final String PEER_IP = "127.0.0.86";
    static final long TIMEOUT_MS = 1000;
    static final long MARGIN_MS = 1500;
    static final EthereumNetwork NET = EthereumNetwork.MAINNET;

    static EventLoopGroup loops;
    static Channel server;
    static NodeKey listenerKey = NodeKey.random();
    static Handshaker handshaker;
    static final Map<Integer, CompletableFuture<HandshakeResult>> inbound = new ConcurrentHashMap<>();
    static int fdsBefore = -1;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Responder responder = new Responder(NET, new EthereumProtocol(NET, listenerKey, "node-handshake/test", 0,
                Clock.systemUTC()), TIMEOUT_MS, 0, 200, 200);
        server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        responder.accept(ch, r -> result(r.target().port()).complete(r));
                    }
                })
                .bind(LISTEN_IP, 0).sync().channel();
        EthereumProtocol ours = new EthereumProtocol(NET, NodeKey.random(), "node-handshake/test", 0, Clock.systemUTC());
        handshaker = new Handshaker(loops, NioSocketChannel.class, n -> ours, TIMEOUT_MS, 0, 16);
        handshaker.warmUp();
        assertEquals("SUCCESS", honestInitiator().outcome().label()); // classes loaded before the baseline
        Thread.sleep(200);
        fdsBefore = FileDescriptors.count();
    }

    @AfterAll
    static void noDescriptorLeak() throws Exception {
        try {
            FileDescriptors.assertBackTo("HostileRlpxPeersTest", fdsBefore, 5, Duration.ofMillis(3000));
        } finally {
            server.close().syncUninterruptibly();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static CompletableFuture<HandshakeResult> result(int clientPort) {
        return inbound.computeIfAbsent(clientPort, p -> new CompletableFuture<>());
    }

    interface Script {
        void run(Socket socket, RlpxWire peer) throws Exception;
    }

    /** A hostile initiator: connects to our listener and runs its script; our listener's result. */
    private static HandshakeResult initiator(Script script) throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(((InetSocketAddress) server.localAddress()), 1000);
            socket.setSoTimeout((int) (TIMEOUT_MS + MARGIN_MS));
            try {
                script.run(socket, new RlpxWire());
            } catch (java.io.IOException e) {
                // our side may close first: that is the point of most cases
            }
            HandshakeResult r = result(socket.getLocalPort()).get(TIMEOUT_MS + MARGIN_MS, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS + MARGIN_MS), "within the deadline");
            return r;
        }
    }

    private static HandshakeResult honestInitiator() throws Exception {
        return initiator((socket, peer) -> {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(peer.auth(listenerKey.nodeIdHex()));
            peer.readAck(in);
            out.write(peer.hello());
            assertEquals(RlpxWire.HELLO, peer.readFrameCode(in));
            peer.compress = true;
            assertEquals(RlpxWire.STATUS, peer.readFrameCode(in));
            out.write(peer.status68(NET));
            drain(socket);
        });
    }

    private static void expect(HandshakeResult r, String label, ReasonCode code) {
        assertEquals(label, r.outcome().label(), r::toString);
        assertEquals(Optional.ofNullable(code), r.outcome().reasonCode(), r::toString);
    }

    // ================================================================================================
    // hostile initiators against our responder

    @Test
    void anHonestInitiatorSucceeds() throws Exception {
        expect(honestInitiator(), "SUCCESS", null);
    }

    @Test
    void httpIsAnOversizedAuthPrefix() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
            drain(s);
        }), "FAILED", ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void anAuthSizePrefixOf65535ThenSilenceFailsAtOnce() throws Exception {
        long start = System.nanoTime();
        expect(initiator((s, p) -> {
            s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff});
            drain(s);
        }), "FAILED", ReasonCode.OVERSIZED_FRAME);
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), "before the deadline");
    }

    @Test
    void garbageAuthFailsItsTag() throws Exception {
        byte[] garbage = new byte[2 + 400];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x01;
        garbage[1] = (byte) 0x90;
        expect(initiator((s, p) -> {
            s.getOutputStream().write(garbage);
            drain(s);
        }), "FAILED", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void anAuthForAnotherKeyFailsItsTag() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(NodeKey.random().nodeIdHex()));
            drain(s);
        }), "FAILED", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void silenceEndsAtTheDeadline() throws Exception {
        expect(initiator((s, p) -> drain(s)), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void slowDripOfAValidAuthEndsAtTheDeadline() throws Exception {
        expect(initiator((s, p) -> {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (byte b : p.auth(listenerKey.nodeIdHex())) {
                out.write(b);
                out.flush();
                Thread.sleep(20);
            }
            drain(s);
        }), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void authThenSilenceEndsAtTheDeadlineWaitingForHello() throws Exception {
        HandshakeResult r = initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            drain(s);
        });
        expect(r, "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void helloThenSilenceIsPartial() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            s.getOutputStream().write(p.hello());
            drain(s);
        }), "PARTIAL", ReasonCode.TIMEOUT);
    }

    @Test
    void aFrameHeaderDeclaring16MegabytesFailsFromTheHeader() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            byte[] huge = p.rawFrame(new byte[0xffffff]);
            s.getOutputStream().write(huge, 0, 32);
            drain(s);
        }), "FAILED", ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void aWrongMacFails() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            byte[] hello = p.hello();
            hello[20] ^= 1; // inside the header MAC
            s.getOutputStream().write(hello);
            drain(s);
        }), "FAILED", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void aSnappyPreambleDeclaringAGigabyteIsPartialOversized() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            s.getOutputStream().write(p.hello());
            s.getOutputStream().write(p.rawFrame(new byte[] {RlpxWire.STATUS, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, 0x04, 0x00}));
            drain(s);
        }), "PARTIAL", ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void aHelloWithTenThousandCapabilitiesIsRefused() throws Exception {
        List<Hello.Capability> caps = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            caps.add(new Hello.Capability("eth", 68));
        }
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            s.getOutputStream().write(p.hello(caps));
            drain(s);
        }), "FAILED", ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void aDisconnectBeforeHelloFails() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            s.getOutputStream().write(p.frame(RlpxWire.DISCONNECT, new byte[] {0x04}));
            drain(s);
        }), "FAILED", ReasonCode.TOO_MANY_PEERS);
    }

    @Test
    void endlessPingsRunOutOfFrames() throws Exception {
        expect(initiator((s, p) -> {
            OutputStream out = s.getOutputStream();
            out.write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            out.write(p.hello());
            p.compress = true;
            for (int i = 0; i < 100; i++) {
                out.write(p.frame(RlpxWire.PING, new byte[] {(byte) 0xc0}));
            }
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_FRAMES);
    }

    @Test
    void closeAfterHelloIsPartialClosedByPeer() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(p.auth(listenerKey.nodeIdHex()));
            p.readAck(s.getInputStream());
            s.getOutputStream().write(p.hello());
            p.readFrameCode(s.getInputStream()); // our Hello
            p.readFrameCode(s.getInputStream()); // our Status: nothing left unread, so the close is a FIN, not a reset
            s.close();
        }), "PARTIAL", ReasonCode.CLOSED_BY_PEER);
    }

    // ================================================================================================
    // our initiator against hostile responders

    /** A one-connection server on PEER_IP running {@code script}; our initiator's result. */
    private static HandshakeResult responder(RlpxWire peer, Script script) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(PEER_IP))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout((int) (TIMEOUT_MS + MARGIN_MS));
                    script.run(s, peer);
                } catch (Exception e) {
                    // our side closed first
                }
            });
            long start = System.nanoTime();
            HandshakeResult r = handshaker.handshake(new HandshakeTarget("hostile", InetAddress.getByName(PEER_IP),
                    listener.getLocalPort(), NET, true, Optional.of(peer.nodeIdHex()))).get(TIMEOUT_MS + MARGIN_MS, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS + MARGIN_MS), "within the deadline");
            served.get(TIMEOUT_MS + MARGIN_MS, TimeUnit.MILLISECONDS);
            return r;
        }
    }

    @Test
    void anHonestResponderSucceeds() throws Exception {
        expect(responder(new RlpxWire(), (s, p) -> {
            s.getOutputStream().write(p.readAuthAndAck(s.getInputStream()));
            s.getOutputStream().write(p.hello());
            assertEquals(RlpxWire.HELLO, p.readFrameCode(s.getInputStream()));
            p.compress = true;
            assertEquals(RlpxWire.STATUS, p.readFrameCode(s.getInputStream()));
            s.getOutputStream().write(p.status68(NET));
            drain(s);
        }), "SUCCESS", null);
    }

    @Test
    void aFullResponderIsPartialTooManyPeers() throws Exception {
        expect(responder(new RlpxWire(), (s, p) -> {
            s.getOutputStream().write(p.readAuthAndAck(s.getInputStream()));
            s.getOutputStream().write(p.hello());
            p.compress = true;
            s.getOutputStream().write(p.frame(RlpxWire.DISCONNECT, new byte[] {(byte) 0xc1, 0x04}));
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_PEERS);
    }

    @Test
    void garbageAckFailsItsTag() throws Exception {
        byte[] garbage = new byte[2 + 300];
        new Random(9).nextBytes(garbage);
        garbage[0] = 0x01;
        garbage[1] = 0x2c;
        expect(responder(new RlpxWire(), (s, p) -> {
            p.readAuthAndAck(s.getInputStream());
            s.getOutputStream().write(garbage);
            drain(s);
        }), "FAILED", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void aSilentResponderEndsAtTheDeadline() throws Exception {
        expect(responder(new RlpxWire(), (s, p) -> drain(s)), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void aResponderThatClosesOnTheAuthIsClosedByPeer() throws Exception {
        expect(responder(new RlpxWire(), (s, p) -> p.readAuthAndAck(s.getInputStream())), "FAILED",
                ReasonCode.CLOSED_BY_PEER);
    }
}
