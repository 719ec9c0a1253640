package org.nodehandshake.adversarial;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinMessage;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.NetAddress;
import org.nodehandshake.bitcoin.VersionMessage;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Responder;
import org.nodehandshake.protocol.Stage;
import org.nodehandshake.testing.RawInitiator;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * Misbehaving initiators against our responder: each connection must be closed by the rule it breaks
 * or by the deadline, with its reason code and stage recorded, in time; well-formed peers are still served.
 */
class HostileInitiatorsTest {

    static final String LISTEN_IP = "127.0.0.57";
    static final int TIMEOUT_MS = 1000;
    static final int LINGER_MS = 3000;
    static final byte[] MAGIC = BitcoinNetwork.REGTEST.magic();

    static EventLoopGroup loops;
    static Channel server;
    static Responder responder;
    static final Map<Integer, HandshakeResult> outcomes = new ConcurrentHashMap<>();

    @BeforeAll
    static void listen() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/hostile-test-responder:1/", Clock.systemUTC());
        responder = new Responder(BitcoinNetwork.REGTEST, protocol, TIMEOUT_MS, LINGER_MS, 200, 200);
        server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        responder.accept(ch, r -> outcomes.put(r.target().port(), r));
                    }
                })
                .bind(LISTEN_IP, 0).sync().channel();
    }

    @AfterAll
    static void stop() {
        server.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void anHttpRequest() throws Exception {
        assertClosedWith(out -> out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                "FAILED", ReasonCode.WRONG_NETWORK);
    }

    @Test
    void aTlsClientHello() throws Exception {
        assertClosedWith(out -> out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03}),
                "FAILED", ReasonCode.WRONG_NETWORK);
    }

    @Test
    void randomBytes() throws Exception {
        byte[] noise = new byte[512];
        new Random(7).nextBytes(noise);
        noise[0] = 0x00; // not the magic's first byte
        assertClosedWith(out -> out.write(noise), "FAILED", ReasonCode.WRONG_NETWORK);
    }

    @Test
    void aDeclaredLengthOf4GiB() throws Exception {
        byte[] header = ScriptedPeer.frame(MAGIC, "version", new byte[0]);
        header[16] = header[17] = header[18] = header[19] = (byte) 0xff;
        assertClosedWith(out -> out.write(header), "FAILED", ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void aBadChecksum() throws Exception {
        byte[] frame = ScriptedPeer.frame(MAGIC, version(70016, 1));
        frame[23] ^= 0x40;
        assertClosedWith(out -> out.write(frame), "FAILED", ReasonCode.BAD_CHECKSUM);
    }

    @Test
    void aTruncatedHeaderThenSilence() throws Exception {
        byte[] frame = ScriptedPeer.frame(MAGIC, version(70016, 1));
        assertClosedWith(out -> out.write(frame, 0, 10), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void oneByteEveryFewHundredMilliseconds() throws Exception {
        byte[] frame = ScriptedPeer.frame(MAGIC, version(70016, 1));
        assertClosedWith(out -> {
            for (byte b : frame) {
                out.write(b);
                out.flush();
                sleep(250);
            }
        }, "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void verackBeforeVersion() throws Exception {
        assertClosedWith(out -> out.write(ScriptedPeer.frame(MAGIC, new BitcoinMessage.Verack())),
                "FAILED", ReasonCode.PROTOCOL_VIOLATION);
    }

    @Test
    void twoVersions() throws Exception {
        assertClosedWith(out -> {
            out.write(ScriptedPeer.frame(MAGIC, version(70016, 11)));
            out.write(ScriptedPeer.frame(MAGIC, version(70016, 12)));
        }, "PARTIAL", ReasonCode.PROTOCOL_VIOLATION);
    }

    @Test
    void aFloodOfSmallFramesBeforeVersion() throws Exception {
        byte[] one = ScriptedPeer.frame(MAGIC, "sendheaders", new byte[0]);
        assertClosedWith(out -> {
            byte[] burst = new byte[one.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(one, 0, burst, i * one.length, one.length);
            }
            for (int i = 0; i < 30; i++) {
                out.write(burst); // 30,000 frames
            }
        }, "FAILED", ReasonCode.TOO_MANY_FRAMES, ReasonCode.TOO_MANY_BYTES);
    }

    @Test
    void aUserAgentLengthOf2To64Minus1() throws Exception {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(versionPayload(70016, 13), 0, 80); // up to and including the nonce
        payload.write(0xff);
        for (int i = 0; i < 8; i++) {
            payload.write(0xff);
        }
        assertClosedWith(out -> out.write(ScriptedPeer.frame(MAGIC, "version", payload.toByteArray())),
                "FAILED", ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void anObsoleteProtocolVersion() throws Exception {
        assertClosedWith(out -> out.write(ScriptedPeer.frame(MAGIC, version(209, 14))),
                "FAILED", ReasonCode.OBSOLETE_VERSION);
    }

    @Test
    void aNegativeProtocolVersion() throws Exception {
        assertClosedWith(out -> out.write(ScriptedPeer.frame(MAGIC, version(Integer.MIN_VALUE, 15))),
                "FAILED", ReasonCode.OBSOLETE_VERSION);
    }

    @Test
    void aVersionThenSilence() throws Exception {
        assertClosedWith(out -> out.write(ScriptedPeer.frame(MAGIC, version(70016, 16))),
                "PARTIAL", ReasonCode.TIMEOUT);
    }

    @Test
    void anImmediateClose() throws Exception {
        Socket socket = connect();
        int port = socket.getLocalPort();
        socket.close();
        HandshakeResult r = awaitOutcome(port);
        assertEquals("FAILED", r.outcome().label());
        assertEquals(Optional.of(ReasonCode.CLOSED_BY_PEER), r.outcome().reasonCode(), r.toString());
        assertEquals(Stage.CONNECTED, r.stage(), r.toString());
    }

    @Test
    void aTcpReset() throws Exception {
        Socket socket = connect();
        int port = socket.getLocalPort();
        socket.getOutputStream().write(ScriptedPeer.frame(MAGIC, version(70016, 17)));
        Thread.sleep(100);
        socket.setSoLinger(true, 0);
        socket.close(); // RST
        HandshakeResult r = awaitOutcome(port);
        assertEquals("PARTIAL", r.outcome().label());
        assertTrue(Set.of(ReasonCode.RESET_BY_PEER, ReasonCode.CLOSED_BY_PEER).contains(r.outcome().reasonCode().orElseThrow()),
                r.toString());
        assertEquals(Stage.PEER_HELLO, r.stage(), r.toString());
    }

    @Test
    void aPeerThatConcludesThenFloodsIsStillASuccessAndIsClosed() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(ScriptedPeer.frame(MAGIC, version(70016, 18)));
            InputStream in = socket.getInputStream();
            ScriptedPeer.readFrame(in); // our version
            ScriptedPeer.readFrame(in); // our verack
            out.write(ScriptedPeer.frame(MAGIC, new BitcoinMessage.Verack()));
            out.flush();
            HandshakeResult r = awaitOutcome(socket.getLocalPort());
            assertEquals("SUCCESS", r.outcome().label(), r.toString());
            assertEquals(Stage.CONCLUDED, r.stage());
            byte[] garbage = new byte[64 * 1024];
            new Random(3).nextBytes(garbage);
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 160; i++) { // 10 MiB
                    out.write(garbage);
                }
            } catch (IOException e) {
                // closed on the first garbage byte: what we want
            }
            socket.setSoTimeout(3 * TIMEOUT_MS);
            assertEquals(-1, drain(in), "closed");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < LINGER_MS,
                    "closed on the flood, before the linger ended");
        }
    }

    @Test
    void aWellBehavedPeerIsServedWhileOthersMisbehave() throws Exception {
        try (Socket idle = connect(); Socket good = connect()) {
            OutputStream out = good.getOutputStream();
            out.write(ScriptedPeer.frame(MAGIC, version(70016, 19)));
            InputStream in = good.getInputStream();
            ScriptedPeer.readFrame(in);
            ScriptedPeer.readFrame(in);
            out.write(ScriptedPeer.frame(MAGIC, new BitcoinMessage.Verack()));
            assertEquals("SUCCESS", awaitOutcome(good.getLocalPort()).outcome().label());
            assertTrue(idle.isConnected());
        }
    }

    /**
     * Plays the behaviour; the responder must record the outcome with one of {@code codes}, at the stage the
     * outcome implies (FAILED: connected, nothing of ours sent; PARTIAL: their version accepted), and close
     * in time (a flood is closed once the limit is read, however long the kernel took to deliver it).
     */
    static void assertClosedWith(RawInitiator.Behaviour behaviour, String outcome, ReasonCode... codes) throws Exception {
        RawInitiator.Ended ended = RawInitiator.playUntilClosed((InetSocketAddress) server.localAddress(), behaviour,
                3 * TIMEOUT_MS);
        HandshakeResult r = awaitOutcome(ended.localPort());
        assertEquals(outcome, r.outcome().label(), r.toString());
        ReasonCode code = r.outcome().reasonCode().orElseThrow();
        assertTrue(Set.of(codes).contains(code), () -> code + " is not one of " + Arrays.toString(codes) + ": " + r);
        assertEquals(outcome.equals("PARTIAL") ? Stage.PEER_HELLO : Stage.CONNECTED, r.stage(), r.toString());
        boolean flood = code == ReasonCode.TOO_MANY_FRAMES || code == ReasonCode.TOO_MANY_BYTES;
        assertTrue(ended.millis() < TIMEOUT_MS + 1500 || flood, "closed after " + ended.millis() + " ms");
    }

    static int drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            // whatever the responder says before closing
        }
        return n;
    }

    static HandshakeResult awaitOutcome(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            HandshakeResult r = outcomes.get(port);
            if (r != null) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no outcome recorded for peer port " + port);
    }

    static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        socket.connect(address, 2000);
        return socket;
    }

    static VersionMessage version(int protocolVersion, long nonce) {
        return new VersionMessage(protocolVersion, 0, 1_700_000_000L, NetAddress.unspecified(),
                NetAddress.unspecified(), OptionalLong.of(nonce), "/hostile:1/", 0, false);
    }

    static byte[] versionPayload(int protocolVersion, long nonce) {
        byte[] frame = ScriptedPeer.frame(MAGIC, version(protocolVersion, nonce));
        byte[] payload = new byte[frame.length - 24];
        System.arraycopy(frame, 24, payload, 0, payload.length);
        return payload;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
