package org.nodehandshake.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.libp2p.Libp2pWire.concat;
import static org.nodehandshake.libp2p.Libp2pWire.header;
import static org.nodehandshake.libp2p.Libp2pWire.lines;
import static org.nodehandshake.libp2p.Libp2pWire.mplex;
import static org.nodehandshake.libp2p.Libp2pWire.mplexHeader;
import static org.nodehandshake.libp2p.Libp2pWire.varint;
import static org.nodehandshake.libp2p.Libp2pWire.yamuxData;
import static org.nodehandshake.testing.ScriptedPeer.drain;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodehandshake.libp2p.Identify;
import org.nodehandshake.libp2p.Libp2pIdentity;
import org.nodehandshake.libp2p.Libp2pNetwork;
import org.nodehandshake.libp2p.Libp2pProtocol;
import org.nodehandshake.libp2p.Libp2pWire;
import org.nodehandshake.libp2p.MplexFrame;
import org.nodehandshake.libp2p.MultistreamSelect;
import org.nodehandshake.libp2p.PeerId;
import org.nodehandshake.libp2p.Protobuf;
import org.nodehandshake.libp2p.StreamMuxer;
import org.nodehandshake.libp2p.YamuxFrame;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Responder;
import org.nodehandshake.testing.FileDescriptors;

/**
 * Hostile libp2p initiators against our responder, and hostile libp2p responders against our initiator,
 * on loopback (127.0.0.87-127.0.0.88), over real sockets, scripted with {@link Libp2pWire}. Every case
 * ends as an outcome with the reason code that names the fault, within the deadline plus a margin; no
 * file descriptor is left behind.
 */
class HostileLibp2pPeersTest {

    static final String LISTEN_IP = "127.0.0.87";
    static final String PEER_IP = "127.0.0.88";
    static final long TIMEOUT_MS = 1000;
    static final long MARGIN_MS = 1500;
    static final Libp2pNetwork NET = Libp2pNetwork.LIBP2P;
    static final String MS = MultistreamSelect.PROTOCOL;

    static EventLoopGroup loops;
    static Channel server;
    static final Libp2pIdentity LISTENER = Libp2pIdentity.random();
    static Handshaker handshaker;
    static final Map<Integer, CompletableFuture<HandshakeResult>> inbound = new ConcurrentHashMap<>();
    static int fdsBefore = -1;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Responder responder = new Responder(NET, new Libp2pProtocol(NET, LISTENER, "node-handshake/test", Optional.empty()),
                TIMEOUT_MS, 0, 200, 200);
        server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        responder.accept(ch, r -> result(r.target().port()).complete(r));
                    }
                })
                .bind(LISTEN_IP, 0).sync().channel();
        Libp2pProtocol ours = new Libp2pProtocol(NET, Libp2pIdentity.random(), "node-handshake/test", Optional.empty());
        handshaker = new Handshaker(loops, NioSocketChannel.class, n -> ours, TIMEOUT_MS, 0, 16);
        handshaker.warmUp();
        // classes loaded before the baseline: both roles, both muxers
        assertEquals("SUCCESS", honestInitiator(false).outcome().label());
        assertEquals("SUCCESS", responder(new Libp2pWire(), true, HostileLibp2pPeersTest::honestResponder).outcome().label());
        Thread.sleep(200);
        fdsBefore = FileDescriptors.count();
    }

    @AfterAll
    static void noDescriptorLeak() throws Exception {
        try {
            FileDescriptors.assertBackTo("HostileLibp2pPeersTest", fdsBefore, 5, Duration.ofMillis(3000));
        } finally {
            server.close().syncUninterruptibly();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static CompletableFuture<HandshakeResult> result(int clientPort) {
        return inbound.computeIfAbsent(clientPort, p -> new CompletableFuture<>());
    }

    interface Script {
        void run(Socket socket, Libp2pWire peer) throws Exception;
    }

    private static void expect(HandshakeResult r, String label, ReasonCode code) {
        assertEquals(label, r.outcome().label(), r::toString);
        assertEquals(Optional.ofNullable(code), r.outcome().reasonCode(), r::toString);
    }

    private static void expect(HandshakeResult r, String label, ReasonCode code, String inReason) {
        expect(r, label, code);
        assertTrue(r.outcome().reason().orElse("").contains(inReason), () -> "reason should mention '" + inReason + "': " + r);
    }

    // ================================================================================================
    // hostile initiators against our responder

    /** A hostile initiator: connects to our listener and runs its script; our listener's result. */
    private static HandshakeResult initiator(Script script) throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(((InetSocketAddress) server.localAddress()), 1000);
            socket.setSoTimeout((int) (TIMEOUT_MS + MARGIN_MS));
            socket.setTcpNoDelay(true);
            try {
                script.run(socket, new Libp2pWire());
            } catch (java.io.IOException e) {
                // our side may close first: that is the point of most cases
            }
            HandshakeResult r = result(socket.getLocalPort()).get(TIMEOUT_MS + MARGIN_MS, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS + MARGIN_MS), "within the deadline");
            return r;
        }
    }

    /** Up to the secure channel as a dialer: /noise agreed, A, B read, C sent with {@code payload} (null: a valid one). */
    private static void secureAsDialer(Socket s, Libp2pWire p, byte[] payload) throws Exception {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(lines(MS, "/noise"));
        assertEquals(MS, Libp2pWire.readLine(in));
        assertEquals("/noise", Libp2pWire.readLine(in));
        out.write(p.messageA());
        p.readMessageB(in);
        out.write(p.messageC(payload == null ? p.payload() : payload));
    }

    /**
     * Secure, then yamux proposed and (pipelined, in the same transport message) {@code muxed}: the
     * responder selects yamux, opens its identify stream (2) and reads {@code muxed} as yamux frames.
     */
    private static void yamuxAsDialer(Socket s, Libp2pWire p, byte[] muxed) throws Exception {
        secureAsDialer(s, p, null);
        s.getOutputStream().write(p.seal(lines(MS, StreamMuxer.YAMUX), muxed));
    }

    /** The answer on the responder's identify stream 2: multistream echo, then {@code identify}. */
    private static byte[] answerOnStream2(byte[] identify) {
        return yamuxData(2, YamuxFrame.FLAG_ACK, concat(lines(MS, Identify.PROTOCOL), identify));
    }

    private static HandshakeResult honestInitiator(boolean mplex) throws Exception {
        return initiator((s, p) -> {
            if (mplex) {
                secureAsDialer(s, p, null);
                // responder's mplex identify stream is its stream 0 (receiver side for us: flag MESSAGE_RECEIVER)
                s.getOutputStream().write(p.seal(lines(MS, StreamMuxer.MPLEX),
                        mplex(0, MplexFrame.MESSAGE_RECEIVER, concat(lines(MS, Identify.PROTOCOL), p.identify())),
                        mplex(0, MplexFrame.CLOSE_RECEIVER, new byte[0])));
            } else {
                yamuxAsDialer(s, p, concat(answerOnStream2(p.identify()), header(YamuxFrame.TYPE_WINDOW_UPDATE,
                        YamuxFrame.FLAG_FIN, 2, 0)));
            }
            drain(s);
        });
    }

    @Test
    void anHonestInitiatorSucceedsWithYamux() throws Exception {
        expect(honestInitiator(false), "SUCCESS", null);
    }

    @Test
    void anHonestInitiatorSucceedsWithMplex() throws Exception {
        expect(honestInitiator(true), "SUCCESS", null);
    }

    @Test
    void aMultistreamLineWithoutNewlineIsMalformed() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(concat(varint(19), "/multistream/1.0.0X".getBytes()));
            drain(s);
        }), "FAILED", ReasonCode.MALFORMED_FRAME, "newline");
    }

    @Test
    void anHttpRequestIsRefusedFromItsFirstByte() throws Exception {
        long start = System.nanoTime();
        expect(initiator((s, p) -> {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            drain(s);
        }), "FAILED", ReasonCode.MALFORMED_FRAME, "not multistream-select");
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), "before the deadline");
    }

    @Test
    void aMegabyteMultistreamLineIsRefusedFromItsLength() throws Exception {
        long start = System.nanoTime();
        expect(initiator((s, p) -> {
            s.getOutputStream().write(varint(1 << 20));
            s.getOutputStream().write(new byte[4096]);
            drain(s);
        }), "FAILED", ReasonCode.OVERSIZED_FRAME, "1048576");
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), "before the deadline");
    }

    @Test
    void aLineDrippedByteByByteEndsAtTheDeadline() throws Exception {
        expect(initiator((s, p) -> {
            OutputStream out = s.getOutputStream();
            for (byte b : lines(MS, "/noise")) {
                out.write(b);
                out.flush();
                Thread.sleep(50);
            }
            drain(s);
        }), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void tooManyMultistreamProposalsAreRefused() throws Exception {
        expect(initiator((s, p) -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(lines(MS));
            for (int i = 0; i < 40; i++) {
                b.writeBytes(lines("/tls/1.0.0"));
            }
            s.getOutputStream().write(b.toByteArray());
            drain(s);
        }), "FAILED", ReasonCode.TOO_MANY_FRAMES);
    }

    @Test
    void aNoiseMessageDeclaring65535BytesThenDrippingEndsAtTheDeadline() throws Exception {
        expect(initiator((s, p) -> {
            OutputStream out = s.getOutputStream();
            out.write(lines(MS, "/noise"));
            out.write(new byte[] {(byte) 0xff, (byte) 0xff});
            for (int i = 0; i < 30; i++) {
                out.write(i);
                out.flush();
                Thread.sleep(50);
            }
            drain(s);
        }), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void aNoiseMessageShorterThanATagIsMalformed() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(concat(lines(MS, "/noise"), new byte[] {0, 3, 1, 2, 3}));
            drain(s);
        }), "FAILED", ReasonCode.MALFORMED_FRAME);
    }

    @Test
    void garbageForMessageCFailsItsTag() throws Exception {
        byte[] garbage = new byte[200];
        new Random(11).nextBytes(garbage);
        expect(initiator((s, p) -> {
            OutputStream out = s.getOutputStream();
            out.write(lines(MS, "/noise"));
            Libp2pWire.readLine(s.getInputStream());
            Libp2pWire.readLine(s.getInputStream());
            out.write(p.messageA());
            p.readMessageB(s.getInputStream());
            out.write(Libp2pWire.framed(garbage));
            drain(s);
        }), "FAILED", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void aLowOrderStaticKeyInMessageCIsRefused() throws Exception {
        expect(initiator((s, p) -> {
            Libp2pWire bad = new Libp2pWire(Libp2pIdentity.random(), Libp2pWire.lowOrderStaticKey());
            secureAsDialer(s, bad, bad.payload());
            drain(s);
        }), "FAILED", ReasonCode.PROTOCOL_VIOLATION, "invalid static key");
    }

    @Test
    void aBadIdentitySignatureFromAnInitiatorIsRefused() throws Exception {
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, p.payloadSigningAnotherKey());
            drain(s);
        }), "FAILED", ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void anUnknownKeyTypeFromAnInitiatorIsMalformed() throws Exception {
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, Libp2pWire.payloadWithUnknownKeyType());
            drain(s);
        }), "FAILED", ReasonCode.MALFORMED_MESSAGE, "identity key");
    }

    @Test
    void aYamuxDataFrameOfFourGigabytesIsOversized() throws Exception {
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, header(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, 0xFFFF_FFFFL));
            drain(s);
        }), "PARTIAL", ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void aYamuxWindowUpdateOverflowingIsAViolation() throws Exception {
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, header(YamuxFrame.TYPE_WINDOW_UPDATE, 0, 2, 0xFFFF_FFFFL));
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "overflows");
    }

    @Test
    void anUnknownYamuxVersionIsAViolation() throws Exception {
        byte[] frame = header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 1);
        frame[0] = 7;
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, frame);
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "version");
    }

    @Test
    void aYamuxStreamFloodIsRefused() throws Exception {
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            flood.writeBytes(header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1 + 2L * i, 0));
        }
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, flood.toByteArray());
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_FRAMES, "stream flood");
    }

    @Test
    void aYamuxPingFloodIsRefused() throws Exception {
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            flood.writeBytes(header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, i));
        }
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, flood.toByteArray());
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_FRAMES, "ping flood");
    }

    @Test
    void aPingProtocolFloodIsNotEchoedBeyondItsCap() throws Exception {
        // /ipfs/ping/1.0.0 on a stream the initiator opens: 64 echoes, the rest held unanswered (at most
        // 16 KiB, then the stream is reset); the handshake itself still succeeds once the Identify arrives
        byte[] pings = new byte[32 * 200];
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, concat(header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0),
                    yamuxData(1, 0, concat(lines(MS, "/ipfs/ping/1.0.0"), pings)),
                    answerOnStream2(p.identify())));
            drain(s);
        }), "SUCCESS", null);
    }

    @Test
    void anIdentifyRequestResetInTheSameFrameIsForgotten() throws Exception {
        // the request and the RST arrive together: our answer has no stream left to go to, and is dropped
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, concat(yamuxData(1, YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_RST,
                    lines(MS, Identify.PROTOCOL)), answerOnStream2(p.identify())));
            drain(s);
        }), "SUCCESS", null);
    }

    @Test
    void anMplexIdentifyRequestResetRightAfterIsForgotten() throws Exception {
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, null);
            s.getOutputStream().write(p.seal(lines(MS, StreamMuxer.MPLEX),
                    mplex(0, MplexFrame.NEW_STREAM, new byte[0]),
                    mplex(0, MplexFrame.MESSAGE_INITIATOR, lines(MS, Identify.PROTOCOL)),
                    mplex(0, MplexFrame.RESET_INITIATOR, new byte[0]),
                    mplex(0, MplexFrame.MESSAGE_RECEIVER, concat(lines(MS, Identify.PROTOCOL), p.identify()))));
            drain(s);
        }), "SUCCESS", null);
    }

    @Test
    void anMplexStreamIdReusedAfterItsResetIsAViolation() throws Exception {
        byte[] request = mplex(0, MplexFrame.MESSAGE_INITIATOR, lines(MS, Identify.PROTOCOL));
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, null);
            s.getOutputStream().write(p.seal(lines(MS, StreamMuxer.MPLEX),
                    mplex(0, MplexFrame.NEW_STREAM, new byte[0]), request, mplex(0, MplexFrame.RESET_INITIATOR, new byte[0]),
                    mplex(0, MplexFrame.NEW_STREAM, new byte[0]), request));
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "reuse");
    }

    @Test
    void aYamuxStreamIdReusedAfterItsResetIsAViolation() throws Exception {
        byte[] request = lines(MS, Identify.PROTOCOL);
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, concat(yamuxData(1, YamuxFrame.FLAG_SYN, request),
                    header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, 1, 0), yamuxData(1, YamuxFrame.FLAG_SYN, request)));
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "reuse");
    }

    @Test
    void identifyDeclaringAMegabyteIsOversized() throws Exception {
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, answerOnStream2(varint(1 << 20)));
            drain(s);
        }), "PARTIAL", ReasonCode.OVERSIZED_FRAME, "identify");
    }

    @Test
    void identifyWithAHugeProtobufFieldIsMalformed() throws Exception {
        // 20 bytes of message whose agentVersion field declares 2^31 bytes
        byte[] message = concat(varint(6 << 3 | 2), varint(1L << 31), new byte[10]);
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, answerOnStream2(concat(varint(message.length), message)));
            drain(s);
        }), "PARTIAL", ReasonCode.MALFORMED_MESSAGE, "Identify");
    }

    @Test
    void identifyWithAnotherPublicKeyIsAViolation() throws Exception {
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, answerOnStream2(p.identify(Libp2pIdentity.random().encodedPublicKey())));
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "public key");
    }

    @Test
    void goAwayBeforeIdentifyIsRefusedByPeer() throws Exception {
        expect(initiator((s, p) -> {
            yamuxAsDialer(s, p, header(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL));
            drain(s);
        }), "PARTIAL", ReasonCode.REFUSED_BY_PEER, "GoAway");
    }

    @Test
    void proposingOnlyUnknownMuxersEndsAtTheDeadline() throws Exception {
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, null);
            s.getOutputStream().write(p.seal(lines(MS, "/quic-mux/1.0.0")));
            assertEquals(MS, p.readSecureLine(s.getInputStream()));
            assertEquals(MultistreamSelect.NA, p.readSecureLine(s.getInputStream()));
            drain(s);
        }), "PARTIAL", ReasonCode.TIMEOUT);
    }

    @Test
    void anMplexMessageDeclaringTwoMegabytesIsOversized() throws Exception {
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, null);
            s.getOutputStream().write(p.seal(lines(MS, StreamMuxer.MPLEX), mplexHeader(3, MplexFrame.NEW_STREAM, 2 << 20)));
            drain(s);
        }), "PARTIAL", ReasonCode.OVERSIZED_FRAME, "mplex");
    }

    @Test
    void anMplexStreamFloodIsRefused() throws Exception {
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            flood.writeBytes(mplex(i, MplexFrame.NEW_STREAM, new byte[0]));
        }
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, null);
            s.getOutputStream().write(p.seal(lines(MS, StreamMuxer.MPLEX), flood.toByteArray()));
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_FRAMES, "stream flood");
    }

    @Test
    void manySmallTransportMessagesRunOutOfFrames() throws Exception {
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, null);
            for (int i = 0; i < 100; i++) {
                s.getOutputStream().write(p.seal(new byte[0]));
            }
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_FRAMES);
    }

    @Test
    void aChangedTransportMessageFailsItsTag() throws Exception {
        expect(initiator((s, p) -> {
            secureAsDialer(s, p, null);
            byte[] sealed = p.seal(lines(MS, StreamMuxer.YAMUX));
            sealed[5] ^= 1;
            s.getOutputStream().write(sealed);
            drain(s);
        }), "PARTIAL", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void silenceEndsAtTheDeadline() throws Exception {
        expect(initiator((s, p) -> drain(s)), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void closeAfterMessageAIsClosedByPeer() throws Exception {
        expect(initiator((s, p) -> {
            s.getOutputStream().write(lines(MS, "/noise"));
            Libp2pWire.readLine(s.getInputStream());
            Libp2pWire.readLine(s.getInputStream());
            s.getOutputStream().write(p.messageA());
            p.readMessageB(s.getInputStream());
            s.shutdownOutput();
            drain(s);
        }), "FAILED", ReasonCode.CLOSED_BY_PEER);
    }

    // ================================================================================================
    // our initiator against hostile responders

    /** A one-connection server on PEER_IP running {@code script}; our initiator's result. */
    private static HandshakeResult responder(Libp2pWire peer, boolean namePeerId, Script script) throws Exception {
        return responder(peer, namePeerId ? Optional.of(peer.peerId()) : Optional.empty(), script);
    }

    private static HandshakeResult responder(Libp2pWire peer, Optional<String> peerId, Script script) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(PEER_IP))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout((int) (TIMEOUT_MS + MARGIN_MS));
                    s.setTcpNoDelay(true);
                    script.run(s, peer);
                } catch (Exception e) {
                    // our side closed first
                }
            });
            long start = System.nanoTime();
            HandshakeResult r = handshaker.handshake(new HandshakeTarget("hostile", InetAddress.getByName(PEER_IP),
                    listener.getLocalPort(), NET, true, peerId)).get(TIMEOUT_MS + MARGIN_MS, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS + MARGIN_MS), "within the deadline");
            served.get(TIMEOUT_MS + MARGIN_MS, TimeUnit.MILLISECONDS);
            return r;
        }
    }

    /** Up to message B sent with {@code payload}: /noise echoed, A read. */
    private static void toMessageB(Socket s, Libp2pWire p, byte[] payload) throws Exception {
        InputStream in = s.getInputStream();
        assertEquals(MS, Libp2pWire.readLine(in));
        assertEquals("/noise", Libp2pWire.readLine(in));
        s.getOutputStream().write(lines(MS, "/noise"));
        p.readMessageA(in);
        s.getOutputStream().write(p.messageB(payload));
    }

    /** Secure, our initiator's muxer proposal read; the listener then answers with {@code answer}. */
    private static void secureAsListener(Socket s, Libp2pWire p, byte[] answer) throws Exception {
        toMessageB(s, p, p.payload());
        InputStream in = s.getInputStream();
        p.readMessageC(in);
        assertEquals(MS, p.readSecureLine(in));
        assertEquals(StreamMuxer.YAMUX, p.readSecureLine(in));
        s.getOutputStream().write(p.seal(answer));
    }

    /** yamux agreed, then on our initiator's identify stream (1) the echo and {@code identify}. */
    private static void yamuxAsListener(Socket s, Libp2pWire p, byte[] identify) throws Exception {
        secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX),
                yamuxData(1, YamuxFrame.FLAG_ACK, concat(lines(MS, Identify.PROTOCOL), identify))));
    }

    private static void honestResponder(Socket s, Libp2pWire p) throws Exception {
        yamuxAsListener(s, p, p.identify());
        drain(s);
    }

    @Test
    void anHonestResponderSucceeds() throws Exception {
        expect(responder(new Libp2pWire(), true, HostileLibp2pPeersTest::honestResponder), "SUCCESS", null);
    }

    @Test
    void aResponderProvingAnotherPeerIdIsPeerIdMismatch() throws Exception {
        String someoneElse = PeerId.ofEncodedKey(Libp2pIdentity.random().encodedPublicKey()).toString();
        expect(responder(new Libp2pWire(), Optional.of(someoneElse), (s, p) -> {
            toMessageB(s, p, p.payload());
            drain(s);
        }), "FAILED", ReasonCode.PEER_ID_MISMATCH, someoneElse);
    }

    @Test
    void aLowOrderStaticKeyInMessageBIsRefused() throws Exception {
        Libp2pWire bad = new Libp2pWire(Libp2pIdentity.random(), Libp2pWire.lowOrderStaticKey());
        expect(responder(bad, true, (s, p) -> {
            toMessageB(s, p, p.payload());
            drain(s);
        }), "FAILED", ReasonCode.PROTOCOL_VIOLATION, "invalid static key");
    }

    @Test
    void aBadIdentitySignatureFromAResponderIsRefused() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            toMessageB(s, p, p.payloadSigningAnotherKey());
            drain(s);
        }), "FAILED", ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void anUnknownKeyTypeFromAResponderIsMalformed() throws Exception {
        expect(responder(new Libp2pWire(), false, (s, p) -> {
            toMessageB(s, p, Libp2pWire.payloadWithUnknownKeyType());
            drain(s);
        }), "FAILED", ReasonCode.MALFORMED_MESSAGE, "identity key");
    }

    @Test
    void aPayloadOfManyFieldsIsMalformed() throws Exception {
        Protobuf.Writer w = Protobuf.writer();
        for (int i = 0; i < 1000; i++) {
            w.varint(9, i);
        }
        expect(responder(new Libp2pWire(), false, (s, p) -> {
            toMessageB(s, p, w.toByteArray());
            drain(s);
        }), "FAILED", ReasonCode.MALFORMED_MESSAGE, "fields");
    }

    @Test
    void garbageForMessageBFailsItsTag() throws Exception {
        byte[] garbage = new byte[200];
        new Random(13).nextBytes(garbage);
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            InputStream in = s.getInputStream();
            Libp2pWire.readLine(in);
            Libp2pWire.readLine(in);
            s.getOutputStream().write(lines(MS, "/noise"));
            Libp2pWire.readNoise(in);
            s.getOutputStream().write(Libp2pWire.framed(garbage));
            drain(s);
        }), "FAILED", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void aResponderRefusingNoiseIsRefusedByPeer() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            Libp2pWire.readLine(s.getInputStream());
            Libp2pWire.readLine(s.getInputStream());
            s.getOutputStream().write(lines(MS, MultistreamSelect.NA));
            drain(s);
        }), "FAILED", ReasonCode.REFUSED_BY_PEER);
    }

    @Test
    void aResponderRefusingEveryMuxerIsPartial() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, lines(MS, MultistreamSelect.NA));
            assertEquals(StreamMuxer.MPLEX, p.readSecureLine(s.getInputStream()));
            s.getOutputStream().write(p.seal(lines(MultistreamSelect.NA)));
            drain(s);
        }), "PARTIAL", ReasonCode.REFUSED_BY_PEER, "no stream muxer");
    }

    @Test
    void aYamuxHeaderDeclaringFourGigabytesFromAResponderIsOversized() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX), header(YamuxFrame.TYPE_DATA, 0, 1, 0xFFFF_FFFFL)));
            drain(s);
        }), "PARTIAL", ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void aYamuxWindowUpdateOverflowingFromAResponderIsAViolation() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX),
                    header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, 1, 0xFFFF_FFFFL)));
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "overflows");
    }

    @Test
    void aYamuxStreamFloodFromAResponderIsRefused() throws Exception {
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            flood.writeBytes(header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 2 + 2L * i, 0));
        }
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX), flood.toByteArray()));
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_FRAMES, "stream flood");
    }

    @Test
    void aYamuxPingFloodFromAResponderIsRefused() throws Exception {
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            flood.writeBytes(header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, i));
        }
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX), flood.toByteArray()));
            drain(s);
        }), "PARTIAL", ReasonCode.TOO_MANY_FRAMES, "ping flood");
    }

    @Test
    void identifyOverEightKilobytesFromAResponderIsOversized() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            yamuxAsListener(s, p, concat(varint(8 * 1024 + 1), new byte[8 * 1024 + 1]));
            drain(s);
        }), "PARTIAL", ReasonCode.OVERSIZED_FRAME, "identify");
    }

    @Test
    void identifyWithAHugeProtobufFieldFromAResponderIsMalformed() throws Exception {
        byte[] message = concat(varint(2 << 3 | 2), varint(0xFFFF_FFFFL), new byte[10]);
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            yamuxAsListener(s, p, concat(varint(message.length), message));
            drain(s);
        }), "PARTIAL", ReasonCode.MALFORMED_MESSAGE, "Identify");
    }

    @Test
    void identifyListingTooManyAddressesFromAResponderIsMalformed() throws Exception {
        Protobuf.Writer w = Protobuf.writer();
        for (int i = 0; i < 100; i++) {
            w.bytes(2, new byte[] {4, 127, 0, 0, 1});
        }
        byte[] message = w.toByteArray();
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            yamuxAsListener(s, p, concat(varint(message.length), message));
            drain(s);
        }), "PARTIAL", ReasonCode.MALFORMED_MESSAGE, "addresses");
    }

    @Test
    void identifyWithAnotherPublicKeyFromAResponderIsAViolation() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            yamuxAsListener(s, p, p.identify(Libp2pIdentity.random().encodedPublicKey()));
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "public key");
    }

    @Test
    void goAwayBeforeIdentifyFromAResponderIsRefusedByPeer() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX), header(YamuxFrame.TYPE_GO_AWAY, 0, 0, 1)));
            drain(s);
        }), "PARTIAL", ReasonCode.REFUSED_BY_PEER, "GoAway");
    }

    @Test
    void resetOfTheIdentifyStreamIsRefusedByPeer() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX),
                    header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, 1, 0)));
            drain(s);
        }), "PARTIAL", ReasonCode.REFUSED_BY_PEER, "reset");
    }

    @Test
    void naToIdentifyIsAViolation() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, concat(lines(MS, StreamMuxer.YAMUX),
                    yamuxData(1, YamuxFrame.FLAG_ACK, lines(MS, MultistreamSelect.NA))));
            drain(s);
        }), "PARTIAL", ReasonCode.PROTOCOL_VIOLATION, "na");
    }

    @Test
    void muxedSilenceIsPartialTimeout() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            secureAsListener(s, p, lines(MS, StreamMuxer.YAMUX));
            drain(s);
        }), "PARTIAL", ReasonCode.TIMEOUT);
    }

    @Test
    void aSilentResponderEndsAtTheDeadline() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> drain(s)), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void aResponderThatClosesOnTheProposalIsClosedByPeer() throws Exception {
        expect(responder(new Libp2pWire(), true, (s, p) -> {
            Libp2pWire.readLine(s.getInputStream());
            Libp2pWire.readLine(s.getInputStream());
        }), "FAILED", ReasonCode.CLOSED_BY_PEER);
    }
}
