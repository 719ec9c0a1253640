package org.nodehandshake.monero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.monero.LevinWire.GENESIS;
import static org.nodehandshake.monero.LevinWire.MAINNET_ID;
import static org.nodehandshake.monero.LevinWire.TESTNET_ID;
import static org.nodehandshake.monero.LevinWire.concat;
import static org.nodehandshake.monero.LevinWire.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/**
 * Both directions of the Levin handshake, driven through MoneroProtocol's pipeline on an EmbeddedChannel:
 * what we send (parsed by hand), when we conclude, what we answer, and the reason for every failure: its
 * code, the stage reached, and its exact words (this is where the handler's wording is specified).
 */
class MoneroHandshakeHandlerTest {

    static final long THEIR_PEER_ID = 0x1122334455667788L;
    static final byte[] THEIR_RESPONSE = LevinWire.handshakeResponse(MAINNET_ID, THEIR_PEER_ID);
    static final byte[] THEIR_REQUEST = LevinWire.handshakeRequest(MAINNET_ID, THEIR_PEER_ID);
    static final byte[] SUPPORT_FLAGS_REQUEST = LevinWire.request(1007, LevinWire.EMPTY_BODY);
    static final byte[] PING_REQUEST = LevinWire.request(1003, LevinWire.EMPTY_BODY);
    static final byte[] TXPOOL_COMPLEMENT = LevinWire.notification(2010, LevinWire.EMPTY_BODY);

    private MoneroProtocol protocol = new MoneroProtocol(MoneroNetwork.MONERO_REGTEST);
    private HandshakeSession session;
    private EmbeddedChannel channel;

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void start(Direction direction) throws Exception {
        HandshakeTarget target = new HandshakeTarget("test", InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                18080, MoneroNetwork.MONERO_REGTEST, true);
        session = new HandshakeSession(target, 5000, direction, protocol.limits());
        channel = new EmbeddedChannel(false, false);
        protocol.install(channel.pipeline(), session);
        channel.register();
    }

    /** Starts an initiator and returns the peer id of the request it sent. */
    private long initiator() throws Exception {
        start(Direction.OUTBOUND);
        LevinFrame request = sent();
        assertEquals("handshake request", request.describe());
        return ((LevinMessage.HandshakeRequest) LevinMessage.read(request, StorageLimits.HANDSHAKE)).nodeData().peerId();
    }

    private void responder() throws Exception {
        start(Direction.INBOUND);
        assertNull(sent(), "a responder waits for the request");
    }

    /** One outbound write, its header parsed by hand: exactly one packet per write. */
    private LevinFrame sent() {
        ByteBuf buf = channel.readOutbound();
        if (buf == null) {
            return null;
        }
        byte[] wire = new byte[buf.readableBytes()];
        buf.readBytes(wire);
        buf.release();
        ByteBuffer h = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x0101010101012101L, h.getLong(0), "signature");
        long cb = h.getLong(8);
        assertEquals(33 + cb, wire.length, "one packet per write");
        assertEquals(1, h.getInt(29), "protocol version");
        LevinHeader header = new LevinHeader(cb, wire[16] != 0, h.getInt(17), h.getInt(21), h.getInt(25), h.getInt(29));
        return new LevinFrame(header, Arrays.copyOfRange(wire, 33, wire.length));
    }

    private LevinMessage sentMessage() throws Exception {
        LevinFrame f = sent();
        assertTrue(f != null, "expected a packet");
        return LevinMessage.read(f, StorageLimits.HANDSHAKE);
    }

    private void feed(byte[]... packets) {
        channel.writeInbound(Unpooled.wrappedBuffer(concat(packets)));
    }

    private HandshakeResult result() {
        assertTrue(session.isDone(), "session should have ended");
        return session.result().join();
    }

    /**
     * The session ended with this outcome, code and reason, at the stage it implies: before the peer's
     * hello an initiator has sent its request and a responder nothing yet; PARTIAL is after the hello.
     */
    private void assertOutcome(String label, ReasonCode code, String reason) {
        HandshakeResult r = result();
        assertEquals(label, r.outcome().label(), r.toString());
        assertEquals(Optional.of(code), r.outcome().reasonCode(), r.toString());
        assertEquals(Optional.of(reason), r.outcome().reason());
        Stage stage = label.equals("PARTIAL") ? Stage.PEER_HELLO
                : session.direction() == Direction.OUTBOUND ? Stage.SENT : Stage.CONNECTED;
        assertEquals(stage, r.stage(), r.toString());
    }

    private static byte[] response(String networkId, long peerId) {
        return LevinWire.handshakeResponse(networkId, peerId);
    }

    // ---- initiator ----

    @Test
    void initiatorSendsAnHonestHandshakeRequest() throws Exception {
        start(Direction.OUTBOUND);
        LevinFrame f = sent();
        assertEquals(new LevinHeader(f.body().length, true, 1001, 0, LevinHeader.FLAG_REQUEST, 1), f.header());
        LevinMessage.HandshakeRequest request =
                (LevinMessage.HandshakeRequest) LevinMessage.read(f, StorageLimits.HANDSHAKE);
        NodeData node = request.nodeData();
        assertEquals(MAINNET_ID, node.networkIdHex(), "--regtest keeps mainnet's network id");
        assertTrue(protocol.isOurPeerId(node.peerId()));
        assertTrue(node.peerId() != 0);
        assertEquals(0, node.myPort(), "we listen on nothing a node could connect back to");
        assertEquals(OptionalInt.empty(), node.rpcPort());
        assertEquals(OptionalLong.empty(), node.supportFlags(), "support_flags 0 is left out");
        SyncData chain = request.payloadData();
        assertEquals(1, chain.currentHeight());
        assertEquals(GENESIS, chain.topIdHex());
        assertEquals(1, chain.topVersion());
        assertNull(sent(), "only the request before the node speaks");
        assertFalse(session.isDone());
    }

    @Test
    void eachConnectionGetsItsOwnPeerId() throws Exception {
        long first = initiator();
        channel.finishAndReleaseAll();
        long second = initiator();
        assertTrue(first != second);
    }

    @Test
    void initiatorConcludesOnAValidResponse() throws Exception {
        initiator();
        feed(THEIR_RESPONSE);
        HandshakeResult r = result();
        assertEquals("SUCCESS", r.outcome().label(), r.toString());
        assertEquals(Optional.empty(), r.outcome().reasonCode());
        assertEquals(Stage.CONCLUDED, r.stage());
        assertEquals(List.of("handshake response"), r.messages());
        assertEquals(Optional.of(new MoneroPeer(MAINNET_ID, "1122334455667788", 0, OptionalInt.empty(),
                OptionalLong.of(1), 1, BigInteger.ONE, GENESIS, 1, 0, OptionalInt.of(0))), r.peer());
        assertTrue(r.handshakeMillis().isPresent());
        assertNull(sent(), "nothing to answer");
    }

    @Test
    void initiatorConcludesOnTheCapturedMonerodStream() throws Exception {
        initiator();
        feed(LevinWire.capturedTxpoolComplement(), LevinWire.capturedResponse());
        HandshakeResult r = result();
        assertEquals("SUCCESS", r.outcome().label(), r.toString());
        assertEquals(List.of("get_txpool_complement notification", "handshake response"), r.messages());
        MoneroPeer peer = (MoneroPeer) r.peer().orElseThrow();
        assertEquals("1ac61721e1ca6b02", peer.peerId());
        assertEquals(28092, peer.myPort());
        assertEquals(1, peer.currentHeight());
    }

    @Test
    void theCapturedStreamDeliveredByteByByteConcludes() throws Exception {
        initiator();
        for (byte b : concat(LevinWire.capturedTxpoolComplement(), LevinWire.capturedResponse())) {
            assertFalse(session.isDone());
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals("SUCCESS", result().outcome().label());
    }

    @Test
    void txpoolComplementBeforeTheResponseIsIgnored() throws Exception {
        initiator();
        feed(TXPOOL_COMPLEMENT);
        assertFalse(session.isDone());
        assertNull(sent(), "a notification is not answered");
        feed(THEIR_RESPONSE);
        assertEquals("SUCCESS", result().outcome().label());
    }

    @Test
    void supportFlagsRequestBeforeTheResponseIsAnswered() throws Exception {
        initiator();
        feed(SUPPORT_FLAGS_REQUEST);
        LevinFrame answer = sent();
        assertEquals(new LevinHeader(answer.body().length, false, 1007, 1, LevinHeader.FLAG_RESPONSE, 1),
                answer.header());
        assertEquals(new LevinMessage.SupportFlagsResponse(0), LevinMessage.read(answer, StorageLimits.HANDSHAKE));
        assertFalse(session.isDone(), "still waiting for the handshake response");
        feed(THEIR_RESPONSE);
        assertEquals("SUCCESS", result().outcome().label());
        assertEquals(List.of("support_flags request", "handshake response"), result().messages());
    }

    @Test
    void supportFlagsNotificationIsNotAnswered() throws Exception {
        initiator();
        feed(LevinWire.notification(1007, LevinWire.EMPTY_BODY));
        assertNull(sent());
        assertFalse(session.isDone());
    }

    @Test
    void supportFlagsRequestAfterTheResponseIsAnswered() throws Exception {
        initiator();
        feed(THEIR_RESPONSE);
        assertEquals("SUCCESS", result().outcome().label());
        feed(SUPPORT_FLAGS_REQUEST);
        assertEquals(new LevinMessage.SupportFlagsResponse(0), sentMessage());
    }

    @Test
    void responseAndSupportFlagsRequestInOneBufferAreBothHandled() throws Exception {
        initiator();
        feed(THEIR_RESPONSE, SUPPORT_FLAGS_REQUEST);
        assertEquals("SUCCESS", result().outcome().label());
        assertEquals(new LevinMessage.SupportFlagsResponse(0), sentMessage());
    }

    @Test
    void wrongNetworkIdOfTestnetFailsNamingIt() throws Exception {
        initiator();
        feed(response(TESTNET_ID, THEIR_PEER_ID));
        assertOutcome("FAILED", ReasonCode.WRONG_NETWORK, "wrong network id: " + TESTNET_ID + " (expected: " + MAINNET_ID + "; " + TESTNET_ID
                + " is monero-testnet)");
        assertEquals(Optional.empty(), result().peer());
    }

    @Test
    void wrongNetworkIdOfNoPresetFailsWithoutAName() throws Exception {
        initiator();
        String unknown = "00112233445566778899aabbccddeeff";
        feed(response(unknown, THEIR_PEER_ID));
        assertOutcome("FAILED", ReasonCode.WRONG_NETWORK, "wrong network id: " + unknown + " (expected: " + MAINNET_ID + ")");
    }

    @Test
    void responseEchoingOurPeerIdIsASelfConnection() throws Exception {
        long ours = initiator();
        feed(response(MAINNET_ID, ours));
        assertOutcome("FAILED", ReasonCode.SELF_CONNECTION, "self-connection: peer id " + String.format("%016x", ours) + " is ours");
    }

    @Test
    void ourPeerIdIsForgottenOnceTheSessionEnds() throws Exception {
        long ours = initiator();
        feed(THEIR_RESPONSE);
        assertEquals("SUCCESS", result().outcome().label());
        assertFalse(protocol.isOurPeerId(ours));
    }

    @Test
    void negativeReturnCodeNamesTheLevinError() throws Exception {
        initiator();
        feed(LevinWire.response(1001, -7, LevinWire.EMPTY_BODY));
        assertOutcome("FAILED", ReasonCode.REFUSED_BY_PEER, "node refused the handshake: return code -7 (LEVIN_ERROR_FORMAT)");
    }

    @Test
    void returnCodeZeroIsARefusalAsEpeeTreatsIt() throws Exception {
        initiator();
        feed(LevinWire.response(1001, 0, LevinWire.EMPTY_BODY));
        assertOutcome("FAILED", ReasonCode.REFUSED_BY_PEER, "node refused the handshake: return code 0 (LEVIN_OK without a result)");
    }

    @Test
    void unknownNegativeReturnCodeIsStillARefusal() throws Exception {
        initiator();
        feed(LevinWire.response(1001, -100, LevinWire.EMPTY_BODY));
        assertOutcome("FAILED", ReasonCode.REFUSED_BY_PEER, "node refused the handshake: return code -100 (unknown error)");
    }

    @Test
    void handshakeRequestSentToAnInitiatorIsAViolation() throws Exception {
        initiator();
        feed(THEIR_REQUEST);
        assertOutcome("FAILED", ReasonCode.PROTOCOL_VIOLATION, "protocol violation: unexpected handshake request from the node we contacted");
        assertNull(sent(), "no response to it");
    }

    @Test
    void responseToARequestNeverSentIsAViolation() throws Exception {
        initiator();
        feed(LevinWire.response(1003, 1, LevinWire.EMPTY_BODY));
        assertOutcome("FAILED", ReasonCode.PROTOCOL_VIOLATION, "protocol violation: ping response to a request we never sent");
    }

    @Test
    void supportFlagsResponseWeNeverAskedForIsAViolation() throws Exception {
        initiator();
        feed(LevinWire.response(1007, 1, LevinWire.EMPTY_BODY));
        assertOutcome("FAILED", ReasonCode.PROTOCOL_VIOLATION, "protocol violation: support_flags response to a request we never sent");
    }

    @Test
    void seventeenthPacketBeforeConclusionIsTooMany() throws Exception {
        initiator();
        byte[][] packets = new byte[17][];
        Arrays.fill(packets, TXPOOL_COMPLEMENT);
        feed(packets);
        assertOutcome("FAILED", ReasonCode.TOO_MANY_FRAMES, "too many packets before the handshake concluded (limit: 16)");
        assertEquals(16, result().messages().size());
    }

    @Test
    void sixteenPacketsIncludingTheResponseConclude() throws Exception {
        initiator();
        byte[][] packets = new byte[16][];
        Arrays.fill(packets, TXPOOL_COMPLEMENT);
        packets[15] = THEIR_RESPONSE;
        feed(packets);
        assertEquals("SUCCESS", result().outcome().label());
    }

    @Test
    void malformedResponseFails() throws Exception {
        initiator();
        feed(LevinWire.response(1001, 1, LevinWire.EMPTY_BODY));
        assertOutcome("FAILED", ReasonCode.MALFORMED_MESSAGE, "malformed handshake response: missing field 'node_data' (object)");
    }

    @Test
    void framingErrorFailsWithTheDecodersReason() throws Exception {
        initiator();
        feed(hex("0121010101010102"));
        assertOutcome("FAILED", ReasonCode.MALFORMED_FRAME, "bad Levin signature: 0121010101010102 (expected: 0121010101010101)");
    }

    @Test
    void oversizedResponseFailsBeforeItsBody() throws Exception {
        initiator();
        feed(LevinWire.header(65_537, false, 1001, 1, LevinWire.RESPONSE, 1));
        assertOutcome("FAILED", ReasonCode.OVERSIZED_FRAME, "oversized packet: 'handshake' declares 65537 bytes (limit: 65536)");
    }

    @Test
    void nothingIsSentOrChangedAfterAFailure() throws Exception {
        initiator();
        feed(LevinWire.response(1003, 1, LevinWire.EMPTY_BODY));
        HandshakeResult first = result();
        feed(SUPPORT_FLAGS_REQUEST, THEIR_RESPONSE, PING_REQUEST);
        assertNull(sent(), "silent after failing");
        assertEquals(first, session.result().join());
    }

    // ---- lingering after SUCCESS ----

    @Test
    void lingeringInitiatorAnswersPingWithOurPeerId() throws Exception {
        long ours = initiator();
        feed(THEIR_RESPONSE);
        feed(PING_REQUEST);
        assertEquals(new LevinMessage.PingResponse("OK", ours), sentMessage());
    }

    @Test
    void lingeringInitiatorAnswersTimedSyncWithOurChain() throws Exception {
        initiator();
        feed(THEIR_RESPONSE);
        feed(LevinWire.capturedTimedSyncRequest());
        assertEquals(new LevinMessage.TimedSyncResponse(protocol.ourChain()), sentMessage());
    }

    @Test
    void timedSyncRightBehindTheResponseIsAnswered() throws Exception {
        initiator();
        feed(THEIR_RESPONSE, LevinWire.capturedTimedSyncRequest());
        assertEquals("SUCCESS", result().outcome().label());
        assertInstanceOf(LevinMessage.TimedSyncResponse.class, sentMessage());
    }

    @Test
    void lingeringIgnoresNotificationsAndResponses() throws Exception {
        initiator();
        feed(THEIR_RESPONSE);
        feed(TXPOOL_COMPLEMENT, LevinWire.response(1003, 1, LevinWire.EMPTY_BODY),
                LevinWire.notification(1003, LevinWire.EMPTY_BODY));
        assertNull(sent());
        assertTrue(channel.isOpen());
    }

    @Test
    void lingeringSkipsALargeBlockWithoutFailing() throws Exception {
        initiator();
        feed(THEIR_RESPONSE);
        feed(LevinWire.header(1_000_000, false, 2008, 0, LevinWire.REQUEST, 1));
        feed(new byte[1_000_000]);
        feed(PING_REQUEST);
        assertInstanceOf(LevinMessage.PingResponse.class, sentMessage());
        assertTrue(channel.isOpen());
    }

    @Test
    void lingeringFramingErrorClosesTheConnection() throws Exception {
        initiator();
        feed(THEIR_RESPONSE);
        feed(hex("ff"));
        assertFalse(channel.isOpen());
        assertEquals("SUCCESS", result().outcome().label(), "a concluded handshake stays a success");
    }

    // ---- responder ----

    @Test
    void responderAnswersAValidRequestAndSucceedsWithThePeersFields() throws Exception {
        responder();
        feed(THEIR_REQUEST);
        LevinFrame f = sent();
        assertEquals(new LevinHeader(f.body().length, false, 1001, 1, LevinHeader.FLAG_RESPONSE, 1), f.header());
        LevinMessage.HandshakeResponse ours = (LevinMessage.HandshakeResponse) LevinMessage.read(f, StorageLimits.HANDSHAKE);
        assertEquals(MAINNET_ID, ours.nodeData().networkIdHex());
        assertTrue(protocol.isOurPeerId(ours.nodeData().peerId()) || session.isDone());
        assertEquals(0, ours.peerlistSize(), "we vouch for no peers");
        assertEquals(1, ours.payloadData().currentHeight());
        HandshakeResult r = result();
        assertEquals("SUCCESS", r.outcome().label(), r.toString());
        assertEquals(Optional.empty(), r.outcome().reasonCode());
        assertEquals(Stage.CONCLUDED, r.stage());
        assertEquals(List.of("handshake request"), r.messages());
        assertEquals(Optional.of(new MoneroPeer(MAINNET_ID, "1122334455667788", 0, OptionalInt.empty(),
                OptionalLong.of(1), 1, BigInteger.ONE, GENESIS, 1, 0, OptionalInt.empty())), r.peer(),
                "a request carries no peer list: its size is absent, not 0");
    }

    @Test
    void responderAcceptsTheCapturedMonerodRequest() throws Exception {
        responder();
        feed(LevinWire.capturedRequest());
        assertEquals("handshake response", sent().describe());
        MoneroPeer peer = (MoneroPeer) result().peer().orElseThrow();
        assertEquals("8d82cf0b2930b274", peer.peerId());
        assertEquals(28090, peer.myPort());
        assertEquals(OptionalLong.of(1), peer.supportFlags());
    }

    @Test
    void responderRefusesAHandshakeRequestThatExpectsNoResponse() throws Exception {
        responder();
        feed(LevinWire.notification(1001, LevinWire.handshakeBody(MAINNET_ID, THEIR_PEER_ID)));
        assertOutcome("FAILED", ReasonCode.PROTOCOL_VIOLATION, "protocol violation: unexpected handshake notification");
        assertNull(sent());
    }

    @Test
    void responderRefusesTheWrongNetworkWithoutAReply() throws Exception {
        responder();
        feed(LevinWire.handshakeRequest(TESTNET_ID, THEIR_PEER_ID));
        assertOutcome("FAILED", ReasonCode.WRONG_NETWORK, "wrong network id: " + TESTNET_ID + " (expected: " + MAINNET_ID + "; " + TESTNET_ID
                + " is monero-testnet)");
        assertNull(sent(), "no reply, as monerod");
    }

    @Test
    void responderRefusesAHandshakeResponse() throws Exception {
        responder();
        feed(THEIR_RESPONSE);
        assertOutcome("FAILED", ReasonCode.PROTOCOL_VIOLATION, "protocol violation: unexpected handshake response");
        assertNull(sent());
    }

    @Test
    void responderRefusesAMalformedRequestWithoutAReply() throws Exception {
        responder();
        feed(LevinWire.request(1001, LevinWire.EMPTY_BODY));
        assertOutcome("FAILED", ReasonCode.MALFORMED_MESSAGE, "malformed handshake request: missing field 'node_data' (object)");
        assertNull(sent());
    }

    @Test
    void responderDetectsItsOwnInitiatorsRequest() throws Exception {
        // The same protocol dials itself: the inbound session sees the outbound session's peer id.
        long outboundId = initiator();
        EmbeddedChannel outbound = channel;
        HandshakeSession outboundSession = session;
        responder();
        feed(bytesOf(new LevinMessage.HandshakeRequest(protocol.ourNodeData(outboundId),
                protocol.ourChain())));
        assertOutcome("FAILED", ReasonCode.SELF_CONNECTION, "self-connection: peer id " + String.format("%016x", outboundId) + " is ours");
        assertNull(sent());
        assertFalse(outboundSession.isDone());
        outbound.finishAndReleaseAll();
    }

    @Test
    void responderAnswersSupportFlagsBeforeTheRequest() throws Exception {
        responder();
        feed(SUPPORT_FLAGS_REQUEST);
        assertEquals(new LevinMessage.SupportFlagsResponse(0), sentMessage());
        feed(THEIR_REQUEST);
        assertEquals("handshake response", sent().describe());
        assertEquals("SUCCESS", result().outcome().label());
    }

    @Test
    void lingeringResponderAnswersPingTimedSyncAndSupportFlags() throws Exception {
        responder();
        feed(THEIR_REQUEST, SUPPORT_FLAGS_REQUEST, LevinWire.capturedTimedSyncRequest(), PING_REQUEST);
        LevinMessage.HandshakeResponse ours = (LevinMessage.HandshakeResponse) sentMessage();
        assertEquals("SUCCESS", result().outcome().label());
        assertEquals(new LevinMessage.SupportFlagsResponse(0), sentMessage());
        assertEquals(new LevinMessage.TimedSyncResponse(protocol.ourChain()), sentMessage());
        assertEquals(new LevinMessage.PingResponse("OK", ours.nodeData().peerId()), sentMessage());
        assertNull(sent());
    }

    @Test
    void secondHandshakeRequestWhileLingeringIsIgnored() throws Exception {
        responder();
        feed(THEIR_REQUEST);
        assertEquals("handshake response", sent().describe());
        feed(THEIR_REQUEST);
        assertNull(sent(), "no second response");
        assertEquals("SUCCESS", result().outcome().label());
    }

    @Test
    void inboundSessionEndsOnTheDeadlineNamingTheRequest() throws Exception {
        responder();
        session.deadlineExpired(protocol.awaited(session));
        assertOutcome("FAILED", ReasonCode.TIMEOUT, "timed out after 5000 ms waiting for handshake request");
    }

    @Test
    void responderWhoseResponseCannotBeWrittenIsAPartialIoError() throws Exception {
        responder();
        channel.pipeline().addFirst(new FailWrites());
        feed(THEIR_REQUEST);
        assertOutcome("PARTIAL", ReasonCode.IO_ERROR, "could not send the handshake response: java.io.IOException: Broken pipe");
        assertTrue(result().peer().isPresent());
    }

    @Test
    void initiatorResetBeforeTheResponseIsResetByPeer() throws Exception {
        initiator();
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertOutcome("FAILED", ReasonCode.RESET_BY_PEER, "connection reset by peer while waiting for handshake response");
    }

    /** Fails every write from now on, as a socket the peer has gone from would. */
    private static final class FailWrites extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IOException("Broken pipe"));
        }
    }

    private static byte[] bytesOf(LevinMessage message) {
        ByteBuf out = Unpooled.buffer();
        message.frame().write(out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }
}
