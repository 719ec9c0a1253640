package org.nodehandshake.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.bitcoin.WireBytes.REGTEST;
import static org.nodehandshake.bitcoin.WireBytes.bytes;
import static org.nodehandshake.bitcoin.WireBytes.concat;
import static org.nodehandshake.bitcoin.WireBytes.drain;
import static org.nodehandshake.bitcoin.WireBytes.frame;
import static org.nodehandshake.bitcoin.WireBytes.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/** The initiator's handshake state machine, driven through BitcoinProtocol on an EmbeddedChannel. */
class BitcoinHandshakeHandlerTest {

    private static final long NOW = 1_700_000_000L;
    private static final long THEIR_NONCE = 0x1122334455667788L;
    private static final byte[] THEIR_VERSION =
            frame(REGTEST, "version", WireBytes.versionPayload(70016, THEIR_NONCE, "/Satoshi:27.0.0/", 850_000, true));
    private static final byte[] WTXIDRELAY = frame(REGTEST, "wtxidrelay", new byte[0]);
    private static final byte[] SENDADDRV2 = frame(REGTEST, "sendaddrv2", new byte[0]);
    private static final byte[] VERACK = frame(REGTEST, "verack", new byte[0]);

    private HandshakeSession session;
    private BitcoinProtocol protocol;
    private EmbeddedChannel channel;

    /** What we wrote, one frame per write. */
    private record Sent(String command, byte[] payload) {
    }

    @BeforeEach
    void activate() throws Exception {
        HandshakeTarget target = new HandshakeTarget("test", InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                18444, BitcoinNetwork.REGTEST, true);
        protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/test:1/",
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        session = new HandshakeSession(target, 5000, Direction.OUTBOUND, protocol.limits());
        channel = new EmbeddedChannel(false, false); // (register, hasDisconnect): not yet registered
        protocol.install(channel.pipeline(), session);
        channel.register(); // fires channelActive with our handlers in place
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    /** Parses one outbound write by hand: magic, command, length, checksum, payload. */
    private Sent sent() {
        ByteBuf buf = channel.readOutbound();
        if (buf == null) {
            return null;
        }
        byte[] wire = drain(buf);
        assertArrayEquals(REGTEST, Arrays.copyOf(wire, 4), "magic");
        String command = new String(wire, 4, 12, StandardCharsets.US_ASCII).replace("\0", "");
        int length = ByteBuffer.wrap(wire, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(24 + length, wire.length, "one frame per write");
        byte[] payload = Arrays.copyOfRange(wire, 24, wire.length);
        assertArrayEquals(WireBytes.doubleSha256Prefix(payload), Arrays.copyOfRange(wire, 20, 24), "checksum");
        return new Sent(command, payload);
    }

    private VersionMessage ourVersion() throws Exception {
        Sent version = sent();
        assertEquals("version", version.command());
        return VersionMessage.read(version.payload());
    }

    private void feed(byte[]... frames) {
        channel.writeInbound(Unpooled.wrappedBuffer(concat(frames)));
    }

    private HandshakeResult result() {
        assertTrue(session.result().isDone(), "session should have ended");
        return session.result().join();
    }

    /** The session ended with this outcome, code and stage (FAILED: our version sent; PARTIAL: theirs accepted). */
    private void assertOutcome(String label, ReasonCode code) {
        HandshakeResult r = result();
        assertEquals(label, r.outcome().label(), r.outcome().toString());
        assertEquals(Optional.of(code), r.outcome().reasonCode(), r.outcome().toString());
        assertEquals(label.equals("PARTIAL") ? Stage.PEER_HELLO : Stage.SENT, r.stage(), r.toString());
        assertEquals(label.equals("PARTIAL"), r.peer().isPresent(), r.toString());
    }

    private void assertSuccess() {
        HandshakeResult r = result();
        assertEquals("SUCCESS", r.outcome().label(), r.outcome().toString());
        assertEquals(Optional.empty(), r.outcome().reasonCode());
        assertEquals(Stage.CONCLUDED, r.stage());
    }

    private static byte[] versionFrame(int protocolVersion, long nonce) {
        return frame(REGTEST, "version", WireBytes.versionPayload(protocolVersion, nonce, "/x/", 1, true));
    }

    // ---- our side ----

    @Test
    void activationWritesOurVersion() throws Exception {
        VersionMessage ours = ourVersion();
        assertEquals(70016, ours.version());
        assertEquals(0, ours.services());
        assertEquals(NOW, ours.timestamp());
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), ours.receiver().address());
        assertEquals(18444, ours.receiver().port());
        assertEquals("/test:1/", ours.userAgent());
        assertEquals(0, ours.startHeight());
        assertFalse(ours.relay());
        assertTrue(ours.nonce().isPresent());
        assertTrue(protocol.isOurNonce(ours.nonce().getAsLong()));
        assertNull(sent(), "only the version before the peer speaks");
        assertFalse(session.isDone());
    }

    @Test
    void theirVersionIsAnsweredWithVerack() throws Exception {
        ourVersion();
        feed(THEIR_VERSION);
        Sent verack = sent();
        assertEquals("verack", verack.command());
        assertEquals(0, verack.payload().length);
        assertFalse(session.isDone(), "still waiting for their verack");
    }

    // ---- success ----

    @Test
    void fullExchangeSucceedsWithMessagesInOrderAndPeerVersion() {
        feed(THEIR_VERSION);
        feed(WTXIDRELAY);
        feed(SENDADDRV2);
        feed(VERACK);
        assertSuccess();
        HandshakeResult r = result();
        assertEquals(List.of("version", "wtxidrelay", "sendaddrv2", "verack"), r.messages());
        assertEquals(Optional.of(new BitcoinPeer(70016, "/Satoshi:27.0.0/", 0x409, 850_000, true, Optional.of("v1"),
                Optional.empty())), r.peer(), "the peer knows the transport its version came over");
        assertEquals(java.util.Map.of("transport", "v1"), r.transport());
        assertTrue(r.connectMillis().isPresent());
        assertTrue(r.handshakeMillis().isPresent());
    }

    @Test
    void wholeExchangeCoalescedInOneBufferSucceeds() {
        feed(THEIR_VERSION, WTXIDRELAY, SENDADDRV2, VERACK);
        assertEquals("SUCCESS", result().outcome().label());
        assertEquals(List.of("version", "wtxidrelay", "sendaddrv2", "verack"), result().messages());
    }

    @Test
    void wholeExchangeDeliveredByteByByteSucceeds() {
        for (byte b : concat(THEIR_VERSION, WTXIDRELAY, SENDADDRV2, VERACK)) {
            assertFalse(session.isDone());
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals("SUCCESS", result().outcome().label());
        assertEquals(List.of("version", "wtxidrelay", "sendaddrv2", "verack"), result().messages());
    }

    @Test
    void ourNonceIsForgottenOnceTheSessionEnds() throws Exception {
        long nonce = ourVersion().nonce().getAsLong();
        feed(THEIR_VERSION, VERACK);
        assertEquals("SUCCESS", result().outcome().label());
        assertFalse(protocol.isOurNonce(nonce));
    }

    @Test
    void pingBeforeVerackIsAnsweredWithPongOfSameNonce() throws Exception {
        ourVersion();
        feed(THEIR_VERSION);
        assertEquals("verack", sent().command());
        feed(frame(REGTEST, "ping", hex("efcdab8967452301")));
        Sent pong = sent();
        assertEquals("pong", pong.command());
        assertEquals("efcdab8967452301", hex(pong.payload()));
        assertFalse(session.isDone());
        feed(VERACK);
        assertEquals("SUCCESS", result().outcome().label());
    }

    @Test
    void lowestAcceptedProtocolVersion31800IsAnsweredWithVerack() throws Exception {
        ourVersion();
        feed(versionFrame(31800, 5));
        assertEquals("verack", sent().command());
        assertFalse(session.isDone());
    }

    @Test
    void exactly64FramesIncludingVersionAndVerackSucceed() {
        byte[][] frames = new byte[64][];
        frames[0] = THEIR_VERSION;
        for (int i = 1; i < 63; i++) {
            frames[i] = frame(REGTEST, "sendcmpct", hex("000200000000000000"));
        }
        frames[63] = VERACK;
        feed(frames);
        assertEquals("SUCCESS", result().outcome().label());
        assertEquals(64, result().messages().size());
    }

    // ---- failures ----

    @Test
    void verackBeforeVersionFails() {
        feed(VERACK);
        assertOutcome("FAILED", ReasonCode.PROTOCOL_VIOLATION);
    }

    @Test
    void secondVersionIsPartial() {
        feed(THEIR_VERSION, THEIR_VERSION);
        assertOutcome("PARTIAL", ReasonCode.PROTOCOL_VIOLATION);
        assertEquals(List.of("version", "version"), result().messages());
    }

    @Test
    void protocolVersion31799IsObsolete() {
        feed(versionFrame(31799, 5));
        assertOutcome("FAILED", ReasonCode.OBSOLETE_VERSION);
        assertEquals(Optional.empty(), result().peer());
    }

    @Test
    void versionEchoingOurNonceIsSelfConnection() throws Exception {
        long ourNonce = ourVersion().nonce().getAsLong();
        feed(versionFrame(70016, ourNonce));
        assertOutcome("FAILED", ReasonCode.SELF_CONNECTION);
        assertNull(sent(), "no verack to ourselves");
    }

    @Test
    void malformedVersionFails() {
        feed(frame(REGTEST, "version", new byte[45]));
        assertOutcome("FAILED", ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void invalidFrameAfterTheirVersionIsPartial() {
        byte[] badChecksum = VERACK.clone();
        badChecksum[23] ^= 1;
        feed(THEIR_VERSION, badChecksum);
        assertOutcome("PARTIAL", ReasonCode.BAD_CHECKSUM);
        assertEquals(List.of("version"), result().messages());
    }

    @Test
    void moreThan64FramesBeforeConclusionFailsNamingTheLimit() {
        byte[][] frames = new byte[65][];
        Arrays.fill(frames, frame(REGTEST, "sendheaders", new byte[0]));
        feed(frames);
        assertOutcome("FAILED", ReasonCode.TOO_MANY_FRAMES);
        assertEquals(64, result().messages().size());
    }

    @Test
    void wrongMagicFails() {
        feed(frame(WireBytes.MAINNET, "version",
                WireBytes.versionPayload(70016, 5, "/x/", 1, true)));
        assertOutcome("FAILED", ReasonCode.WRONG_NETWORK);
    }

    @Test
    void oversizedFrameFails() {
        feed(bytes().raw(REGTEST).hexBytes("76657273696f6e0000000000").u32(4097).hexBytes("00000000").array());
        assertOutcome("FAILED", ReasonCode.OVERSIZED_FRAME);
    }

    @Test
    void invalidCommandFails() {
        feed(bytes().raw(REGTEST).hexBytes("76657201636b000000000000").u32(0).hexBytes("5df6e0e2").array());
        assertOutcome("FAILED", ReasonCode.MALFORMED_FRAME);
    }

    @Test
    void malformedPingAfterTheirVersionIsPartial() {
        feed(THEIR_VERSION, frame(REGTEST, "ping", new byte[3]));
        assertOutcome("PARTIAL", ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void moreThan64KiBBeforeConclusionFailsOnBytes() {
        byte[][] frames = new byte[17][];
        Arrays.fill(frames, frame(REGTEST, "blob", new byte[4096]));
        frames[0] = THEIR_VERSION;
        feed(frames);
        assertOutcome("PARTIAL", ReasonCode.TOO_MANY_BYTES);
    }

    @Test
    void theDeadlineBeforeTheirVersionIsATimeoutNamingIt() {
        session.deadlineExpired(protocol.awaited(session));
        assertOutcome("FAILED", ReasonCode.TIMEOUT);
        assertEquals(Optional.of("timed out after 5000 ms waiting for version"), result().outcome().reason());
    }

    @Test
    void theDeadlineAfterTheirVersionIsAPartialTimeoutNamingTheVerack() {
        feed(THEIR_VERSION);
        session.deadlineExpired(protocol.awaited(session));
        assertOutcome("PARTIAL", ReasonCode.TIMEOUT);
        assertEquals(Optional.of("timed out after 5000 ms waiting for verack"), result().outcome().reason());
    }

    @Test
    void aResetIsResetByPeer() {
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertOutcome("FAILED", ReasonCode.RESET_BY_PEER);
        assertEquals(Optional.of("connection reset by peer while waiting for version"), result().outcome().reason());
    }

    @Test
    void anotherIoErrorIsAnIoError() {
        feed(THEIR_VERSION);
        channel.pipeline().fireExceptionCaught(new IOException("Broken pipe"));
        assertOutcome("PARTIAL", ReasonCode.IO_ERROR);
        assertEquals(Optional.of("I/O error while waiting for verack: Broken pipe"), result().outcome().reason());
    }

    @Test
    void anExceptionThatIsNoIoErrorIsOursAnInternalError() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        assertOutcome("FAILED", ReasonCode.INTERNAL_ERROR);
    }

    @Test
    void aVerackWeCannotWriteIsAnIoErrorNotASuccess() {
        channel.pipeline().addFirst(new FailWrites());
        feed(THEIR_VERSION, VERACK);
        assertOutcome("PARTIAL", ReasonCode.IO_ERROR);
        assertTrue(result().outcome().reason().orElseThrow().startsWith("could not send verack: "),
                result().outcome()::toString);
    }

    /** Fails every write from now on, as a socket the peer has gone from would. */
    private static final class FailWrites extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IOException("Broken pipe"));
        }
    }

    @Test
    void framesAfterTheSessionEndedChangeNothing() {
        feed(VERACK);
        HandshakeResult first = result();
        feed(THEIR_VERSION, VERACK);
        assertEquals(first, session.result().join());
        assertEquals(List.of("verack"), first.messages());
    }

    /** Core accepts a subver that is not valid UTF-8; so should we (see VersionMessageTest). */
    @Test
    void versionWithNonUtf8UserAgentIsAccepted() throws Exception {
        ourVersion();
        byte[] agent = new byte[100];
        Arrays.fill(agent, (byte) 0xc3);
        byte[] payload = WireBytes.versionPrefix(70016, 1, NOW).zeros(26).u64(9).u8(100).raw(agent).u32(1).u8(1).array();
        feed(frame(REGTEST, "version", payload));
        assertFalse(session.isDone(), () -> session.result().join().outcome().toString());
        assertEquals("verack", sent().command());
    }

    /** Counts flushes that reach the channel (each one a system call on a real socket). */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    @Test
    void aResponderAnswersTheVersionWithVersionAndVerackInOneFlush() throws Exception {
        HandshakeTarget peer = new HandshakeTarget("inbound", InetAddress.getByAddress(new byte[] {127, 0, 0, 2}),
                50000, BitcoinNetwork.REGTEST, true);
        BitcoinProtocol responder = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/test:1/",
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), BitcoinTransport.AUTO, false);
        HandshakeSession inbound = new HandshakeSession(peer, 5000, Direction.INBOUND, responder.limits());
        EmbeddedChannel accepted = new EmbeddedChannel(false, false);
        FlushCounter counter = new FlushCounter();
        accepted.pipeline().addLast(counter);
        responder.install(accepted.pipeline(), inbound);
        accepted.register();
        inbound.connected();
        try {
            accepted.writeInbound(Unpooled.wrappedBuffer(THEIR_VERSION));

            List<String> commands = new java.util.ArrayList<>();
            for (Object out; (out = accepted.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) out;
                byte[] command = new byte[12];
                buf.getBytes(4, command);
                commands.add(new String(command, StandardCharsets.US_ASCII).replace("\0", ""));
                buf.release();
            }
            assertEquals(List.of("version", "verack"), commands);
            assertEquals(1, counter.flushes, "version and verack in one write");
        } finally {
            accepted.finishAndReleaseAll();
        }
    }
}
