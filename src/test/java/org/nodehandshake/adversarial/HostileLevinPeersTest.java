package org.nodehandshake.adversarial;

import org.nodehandshake.monero.MoneroNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.monero.LevinWire.MAINNET_ID;
import static org.nodehandshake.monero.LevinWire.TESTNET_ID;
import static org.nodehandshake.monero.LevinWire.header;
import static org.nodehandshake.monero.LevinWire.hex;
import static org.nodehandshake.testing.ScriptedPeer.drain;
import static org.nodehandshake.testing.ScriptedPeer.write;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodehandshake.monero.LevinFrame;
import org.nodehandshake.monero.LevinHeader;
import org.nodehandshake.monero.LevinMessage;
import org.nodehandshake.monero.LevinWire;
import org.nodehandshake.monero.LevinWire.Blob;
import org.nodehandshake.monero.MoneroProtocol;
import org.nodehandshake.monero.StorageLimits;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.protocol.Responder;
import org.nodehandshake.testing.FileDescriptors;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * Our Levin initiator against hostile scripted responders, and hostile initiators against our Levin
 * responder, all on loopback (127.0.0.65-127.0.0.69). Every case ends as an outcome with the reason code
 * that names the fault and the stage reached, within the deadline plus 1.5 s; no file descriptor is left
 * behind.
 */
class HostileLevinPeersTest {

    static final String PEER_IP = "127.0.0.65";
    static final String LISTEN_IP = "127.0.0.66";
    static final String CLIENT_IP = "127.0.0.67";
    static final long TIMEOUT_MS = 1000;
    static final long MARGIN_MS = 1500;
    static final int LINGER_MS = 2000;
    static final long THEIR_PEER_ID = 0x0badc0ffee0ddf00L;

    static EventLoopGroup loops;
    static Handshaker handshaker;
    static Channel server;
    static final Map<Integer, HandshakeResult> inbound = new ConcurrentHashMap<>();
    static int fdsBefore = -1;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        MoneroProtocol protocol = new MoneroProtocol(MoneroNetwork.MONERO_REGTEST);
        handshaker = new Handshaker(loops, NioSocketChannel.class, n -> protocol, TIMEOUT_MS, 0, 64);
        handshaker.warmUp();
        Responder responder = new Responder(MoneroNetwork.MONERO_REGTEST, new MoneroProtocol(MoneroNetwork.MONERO_REGTEST),
                TIMEOUT_MS, LINGER_MS, 200, 200);
        server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        responder.accept(ch, r -> inbound.put(r.target().port(), r));
                    }
                })
                .bind(LISTEN_IP, 0).sync().channel();
        // One honest handshake each way first: classes loaded and jars opened before the baseline.
        Run warm = run(honestResponder());
        assertEquals("SUCCESS", warm.label(), warm::toString);
        try (Socket s = connect()) {
            s.getOutputStream().write(LevinWire.handshakeRequest(MAINNET_ID, THEIR_PEER_ID));
            readPacket(s.getInputStream());
            assertEquals("SUCCESS", awaitInbound(s.getLocalPort()).outcome().label());
        }
        Thread.sleep(200);
        fdsBefore = FileDescriptors.count();
    }

    @AfterAll
    static void noDescriptorLeak() throws Exception {
        try {
            FileDescriptors.assertBackTo("HostileLevinPeersTest", fdsBefore, 5, Duration.ofMillis(LINGER_MS + 2000));
        } finally {
            server.close().syncUninterruptibly();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }


    // ================================================================================================
    // our initiator against hostile responders

    @Test
    void badSignature() throws Exception {
        byte[] packet = LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID);
        packet[7] = 0x02;
        expect(peerSends(packet), "FAILED", ReasonCode.MALFORMED_FRAME);
    }

    @Test
    void anHttpReplyIsABadSignature() throws Exception {
        expect(peerSends("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes()), "FAILED", ReasonCode.MALFORMED_FRAME);
    }

    @Test
    void bodySizeOf2To63Minus1IsRejectedFromTheHeader() throws Exception {
        expect(peerSends(header(Long.MAX_VALUE, false, 1001, 1, LevinWire.RESPONSE, 1)), "FAILED",
                ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void bodySizeOf2To40IsRejectedFromTheHeader() throws Exception {
        expect(peerSends(header(1L << 40, false, 1001, 1, LevinWire.RESPONSE, 1)), "FAILED",
                ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void bodySizeWithTheTopBitSetIsRejected() throws Exception {
        expect(peerSends(header(-1L, false, 1001, 1, LevinWire.RESPONSE, 1)), "FAILED",
                ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void nestingPastTheHandshakeDepthIsMalformed() throws Exception {
        int depth = StorageLimits.HANDSHAKE.maxDepth() + 12;
        Blob b = Blob.storage();
        for (int i = 0; i < depth; i++) {
            b.varint(1).field("a", 12);
        }
        b.varint(0);
        expect(peerSends(LevinWire.response(1001, 1, b.bytes())), "FAILED",
                ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void arrayCountOf2To30InASmallBodyIsMalformed() throws Exception {
        Blob b = Blob.storage().varint(1).field("local_peerlist_new", 0x8c).varint(1L << 30);
        expect(peerSends(LevinWire.response(1001, 1, b.bytes())), "FAILED",
                ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void arrayCountLargerThanTheBodyCanHoldIsMalformed() throws Exception {
        Blob b = Blob.storage().varint(1).field("ids", 0x85).varint(1000).raw(new byte[16]); // u64s: 8000 bytes claimed
        expect(peerSends(LevinWire.response(1001, 1, b.bytes())), "FAILED",
                ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void truncatedStorageIsMalformed() throws Exception {
        byte[] body = LevinWire.handshakeBody(MAINNET_ID, THEIR_PEER_ID);
        byte[] cut = Arrays.copyOf(body, body.length - 20); // inside payload_data.top_id
        expect(peerSends(LevinWire.response(1001, 1, cut)), "FAILED", ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void stringLengthBeyondTheBodyIsMalformed() throws Exception {
        Blob b = Blob.storage().varint(1).object("node_data", 1).field("network_id", 10).varint(1000).raw(new byte[16]);
        expect(peerSends(LevinWire.response(1001, 1, b.bytes())), "FAILED",
                ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void duplicateKeysAreMalformed() throws Exception {
        Blob b = Blob.storage().varint(3);
        LevinWire.nodeData(b, MAINNET_ID, THEIR_PEER_ID);
        LevinWire.nodeData(b, MAINNET_ID, THEIR_PEER_ID + 1);
        LevinWire.payloadData(b);
        expect(peerSends(LevinWire.response(1001, 1, b.bytes())), "FAILED",
                ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void noiseFloodBeforeTheResponseHitsTheByteCap() throws Exception {
        byte[] noise = LevinWire.noise(4096);
        expect(peerSends(LevinWire.repeat(noise, 40), LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID)), "FAILED",
                ReasonCode.TOO_MANY_BYTES);
    }

    @Test
    void aLittleNoiseBeforeTheResponseIsSkipped() throws Exception {
        expect(peerSends(LevinWire.noise(100), LevinWire.noise(0), LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID)),
                "SUCCESS");
    }

    @Test
    void floodOfNotificationsHitsThePacketCap() throws Exception {
        expect(peerSends(LevinWire.repeat(LevinWire.notification(2010, LevinWire.EMPTY_BODY), 200)), "FAILED",
                ReasonCode.TOO_MANY_FRAMES);
    }

    @Test
    void slowDripEndsAtTheDeadline() throws Exception {
        byte[] response = LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID);
        expect(socket -> {
            socket.setTcpNoDelay(true);
            readPacket(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (byte b : response) {
                out.write(b);
                out.flush();
                sleep(300);
            }
            drain(socket);
        }, "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void silenceEndsAtTheDeadline() throws Exception {
        expect(peerSends(), "FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void headerWithoutItsBodyEndsAtTheDeadline() throws Exception {
        expect(peerSends(header(65_536, false, 1001, 1, LevinWire.RESPONSE, 1)), "FAILED",
                ReasonCode.TIMEOUT);
    }

    @Test
    void closeMidHeaderIsClosedByPeer() throws Exception {
        byte[] response = LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID);
        expect(socket -> {
            readPacket(socket.getInputStream());
            socket.getOutputStream().write(response, 0, 20);
            socket.getOutputStream().flush();
            sleep(50);
        }, "FAILED", ReasonCode.CLOSED_BY_PEER);
    }

    @Test
    void resetAfterOurRequestFails() throws Exception {
        expect(socket -> {
            readPacket(socket.getInputStream());
            socket.setSoLinger(true, 0);
            socket.close(); // RST
        }, "FAILED", ReasonCode.RESET_BY_PEER, ReasonCode.CLOSED_BY_PEER);
    }

    @Test
    void wrongNetworkIdIsNamed() throws Exception {
        expect(peerSends(LevinWire.handshakeResponse(TESTNET_ID, THEIR_PEER_ID)), "FAILED",
                ReasonCode.WRONG_NETWORK);
    }

    @Test
    void ourPeerIdEchoedBackIsASelfConnection() throws Exception {
        expect(socket -> {
            long ours = peerIdOf(readPacket(socket.getInputStream()));
            write(socket, LevinWire.handshakeResponse(MAINNET_ID, ours));
            drain(socket);
        }, "FAILED", ReasonCode.SELF_CONNECTION);
    }

    @Test
    void refusalWithLevinErrorFormat() throws Exception {
        expect(peerSends(LevinWire.response(1001, -7, LevinWire.EMPTY_BODY)), "FAILED",
                ReasonCode.REFUSED_BY_PEER);
    }

    @Test
    void monerodLikePeerAsksForSupportFlagsFirstAndGetsThem() throws Exception {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        expect(socket -> {
            InputStream in = socket.getInputStream();
            readPacket(in);
            write(socket, LevinWire.request(1007, LevinWire.EMPTY_BODY));
            socket.setSoTimeout(5000); // monerod drops a peer that does not answer within 5 s
            answer.complete(readPacket(in));
            write(socket, LevinWire.notification(2010, LevinWire.EMPTY_BODY),
                    LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID));
            drain(socket);
        }, "SUCCESS");
        byte[] packet = answer.get(1, TimeUnit.SECONDS);
        LevinFrame f = frameOf(packet);
        assertEquals("support_flags response", f.describe());
        assertEquals(new LevinMessage.SupportFlagsResponse(0), LevinMessage.read(f, StorageLimits.HANDSHAKE));
    }

    // ================================================================================================
    // hostile initiators against our Levin responder

    @Test
    void initiatorWithABadSignature() throws Exception {
        Inbound r = initiatorSends(hex("0121010101010103"));
        r.expect("FAILED", ReasonCode.MALFORMED_FRAME);
        assertEquals(0, r.reply().length, "no reply");
    }

    @Test
    void initiatorWithAnOversizedRequest() throws Exception {
        Inbound r = initiatorSends(header(1L << 40, true, 1001, 0, LevinWire.REQUEST, 1));
        r.expect("FAILED", ReasonCode.OVERSIZED_FRAME);
        assertEquals(0, r.reply().length);
    }

    @Test
    void initiatorOfTheWrongNetworkIsClosedWithoutAReply() throws Exception {
        Inbound r = initiatorSends(LevinWire.handshakeRequest(TESTNET_ID, THEIR_PEER_ID));
        r.expect("FAILED", ReasonCode.WRONG_NETWORK);
        assertEquals(0, r.reply().length, "no reply, as monerod");
    }

    @Test
    void initiatorWithADeeplyNestedRequest() throws Exception {
        Blob b = Blob.storage();
        for (int i = 0; i < 50; i++) {
            b.varint(1).field("n", 12);
        }
        b.varint(0);
        Inbound r = initiatorSends(LevinWire.request(1001, b.bytes()));
        r.expect("FAILED", ReasonCode.MALFORMED_MESSAGE);
        assertEquals(0, r.reply().length);
    }

    @Test
    void initiatorThatNeverSpeaks() throws Exception {
        initiatorSends().expect("FAILED", ReasonCode.TIMEOUT);
    }

    @Test
    void initiatorThatFloodsNoise() throws Exception {
        initiatorSends(LevinWire.repeat(LevinWire.noise(8192), 20))
                .expect("FAILED", ReasonCode.TOO_MANY_BYTES);
    }

    @Test
    void honestInitiatorIsAnsweredAndItsSupportFlagsRequestToo() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(LevinWire.capturedRequest());
            InputStream in = s.getInputStream();
            LevinFrame response = frameOf(readPacket(in));
            assertEquals("handshake response", response.describe());
            assertEquals(1, response.header().returnCode());
            HandshakeResult r = awaitInbound(s.getLocalPort());
            assertEquals("SUCCESS", r.outcome().label(), r.toString());
            assertEquals("8d82cf0b2930b274", ((org.nodehandshake.monero.MoneroPeer) r.peer().orElseThrow()).peerId());
            // monerod asks a peer whose node_data has no support_flags, and drops it after 5 s without an answer
            out.write(LevinWire.request(1007, LevinWire.EMPTY_BODY));
            s.setSoTimeout(2000);
            assertEquals("support_flags response", frameOf(readPacket(in)).describe());
            out.write(LevinWire.capturedTimedSyncRequest());
            assertEquals("timed_sync response", frameOf(readPacket(in)).describe());
        }
    }

    // ================================================================================================
    // helpers

    record Run(HandshakeResult result, long millis) {
        String label() {
            return result.outcome().label();
        }

        ReasonCode code() {
            return result.outcome().reasonCode().orElse(null);
        }
    }

    static Run run(ScriptedPeer.Script script) throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(PEER_IP, script)) {
            long start = System.nanoTime();
            HandshakeResult result = handshaker.handshake(new HandshakeTarget("hostile-levin",
                    InetAddress.getByName(PEER_IP), peer.port(), MoneroNetwork.MONERO_REGTEST, true))
                    .get(TIMEOUT_MS + MARGIN_MS + 5000, TimeUnit.MILLISECONDS);
            return new Run(result, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /**
     * Plays the script; asserts the label, the reason code (one of {@code codes}; none for SUCCESS), the
     * stage (FAILED: our request sent, their response not accepted; SUCCESS: concluded) and that it
     * ended in time.
     */
    static Run expect(ScriptedPeer.Script script, String label, ReasonCode... codes) throws Exception {
        Run run = run(script);
        assertEquals(label, run.label(), run::toString);
        if (codes.length == 0) {
            assertEquals(Optional.empty(), run.result().outcome().reasonCode(), run::toString);
        } else {
            assertTrue(Set.of(codes).contains(run.code()),
                    () -> "reason code " + run.code() + " is not one of " + Arrays.toString(codes) + ": " + run);
        }
        assertEquals(label.equals("SUCCESS") ? Stage.CONCLUDED : Stage.SENT, run.result().stage(), run::toString);
        assertTrue(run.millis() <= TIMEOUT_MS + MARGIN_MS, "ended after " + run.millis() + " ms");
        assertEquals(label.equals("FAILED"), run.result().peer().isEmpty(), run::toString);
        return run;
    }

    static ScriptedPeer.Script honestResponder() {
        return peerSends(LevinWire.notification(2010, LevinWire.EMPTY_BODY),
                LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID));
    }

    /** Reads our request (so nothing we sent is left unread), sends the parts, then waits for our close. */
    static ScriptedPeer.Script peerSends(byte[]... parts) {
        return socket -> {
            LevinFrame request = frameOf(readPacket(socket.getInputStream()));
            if (!request.describe().equals("handshake request")) {
                throw new IOException("expected our handshake request, read " + request.describe());
            }
            write(socket, parts);
            drain(socket);
        };
    }

    /** One whole packet of ours, header and body; we never send more than 64 KiB. */
    static byte[] readPacket(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[33];
        data.readFully(header);
        long cb = ByteBuffer.wrap(header, 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (cb < 0 || cb > 65_536) {
            throw new IOException("our packet declares " + cb + " bytes");
        }
        byte[] packet = Arrays.copyOf(header, 33 + (int) cb);
        data.readFully(packet, 33, (int) cb);
        return packet;
    }

    static LevinFrame frameOf(byte[] packet) {
        ByteBuffer h = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        LevinHeader header = new LevinHeader(h.getLong(8), packet[16] != 0, h.getInt(17), h.getInt(21), h.getInt(25),
                h.getInt(29));
        return new LevinFrame(header, Arrays.copyOfRange(packet, 33, packet.length));
    }

    static long peerIdOf(byte[] request) throws IOException {
        try {
            return ((LevinMessage.HandshakeRequest) LevinMessage.read(frameOf(request), StorageLimits.HANDSHAKE))
                    .nodeData().peerId();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** What our responder did with one scripted connection. */
    record Inbound(HandshakeResult result, byte[] reply, long millis) {
        /** The outcome, its code, the stage (FAILED: connected, nothing of ours sent) and the time. */
        void expect(String label, ReasonCode code) {
            assertEquals(label, result.outcome().label(), result::toString);
            assertEquals(Optional.of(code), result.outcome().reasonCode(), result::toString);
            assertEquals(label.equals("PARTIAL") ? Stage.PEER_HELLO : Stage.CONNECTED, result.stage(), result::toString);
            assertTrue(millis <= TIMEOUT_MS + MARGIN_MS, "closed after " + millis + " ms");
        }
    }

    /** Connects from CLIENT_IP, sends the parts, then reads what comes back until our responder closes. */
    static Inbound initiatorSends(byte[]... parts) throws Exception {
        long start = System.nanoTime();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int port;
        try (Socket socket = connect()) {
            port = socket.getLocalPort();
            try {
                write(socket, parts);
            } catch (IOException e) {
                // closed while we were still talking: checked below
            }
            socket.setSoTimeout((int) (TIMEOUT_MS + MARGIN_MS + 1000));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    reply.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("our responder did not close the connection", e);
            } catch (IOException e) {
                // reset by the responder: closed
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Inbound(awaitInbound(port), reply.toByteArray(), millis);
    }

    static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(CLIENT_IP), 0));
        socket.connect(server.localAddress(), 2000);
        return socket;
    }

    static HandshakeResult awaitInbound(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            HandshakeResult r = inbound.get(port);
            if (r != null) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no outcome recorded for client port " + port);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
