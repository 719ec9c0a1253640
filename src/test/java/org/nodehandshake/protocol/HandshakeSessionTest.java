package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinPeer;

/**
 * The session's own endings: the deadline before and after the connection, an exception on the channel,
 * a failed connect; each with its code, the stage reached, and PARTIAL once the peer's hello was accepted.
 */
class HandshakeSessionTest {

    private static final HandshakeBudget.Limits LIMITS = new HandshakeBudget.Limits(64, 65_536);
    private static final BitcoinPeer PEER = new BitcoinPeer(70016, "/peer:1/", 0, 0, true);

    private static HandshakeSession session(Direction direction) {
        return new HandshakeSession(new HandshakeTarget("t", InetAddress.getLoopbackAddress(), 18444,
                BitcoinNetwork.REGTEST, true), 1500, direction, LIMITS);
    }

    private static HandshakeResult ended(HandshakeSession session, String label, ReasonCode code, Stage stage) {
        assertTrue(session.isDone());
        HandshakeResult r = session.result().join();
        assertEquals(label, r.outcome().label(), r::toString);
        assertEquals(Optional.of(code), r.outcome().reasonCode(), r::toString);
        assertEquals(stage, r.stage(), r::toString);
        return r;
    }

    @Test
    void anOutboundSessionStartsAtConnectAndAnInboundOneConnected() {
        assertEquals(Stage.CONNECT, session(Direction.OUTBOUND).stage());
        HandshakeSession inbound = session(Direction.INBOUND);
        assertEquals(Stage.CONNECTED, inbound.stage());
        assertTrue(inbound.isConnected());
    }

    @Test
    void theDeadlineBeforeTheConnectionIsAConnectTimeout() {
        HandshakeSession s = session(Direction.OUTBOUND);
        s.deadlineExpired("version");
        HandshakeResult r = ended(s, "FAILED", ReasonCode.CONNECT_TIMEOUT, Stage.CONNECT);
        assertEquals(Optional.of("connect timed out after 1500 ms"), r.outcome().reason());
        assertEquals(OptionalLong.empty(), r.connectMillis());
    }

    @Test
    void theDeadlineAfterTheConnectionIsATimeoutNamingWhatWasAwaited() {
        HandshakeSession s = session(Direction.OUTBOUND);
        s.connected();
        s.reach(Stage.SENT);
        s.deadlineExpired("version");
        HandshakeResult r = ended(s, "FAILED", ReasonCode.TIMEOUT, Stage.SENT);
        assertEquals(Optional.of("timed out after 1500 ms waiting for version"), r.outcome().reason());
        assertTrue(r.connectMillis().isPresent());
    }

    @Test
    void theDeadlineAfterThePeersHelloIsAPartialTimeout() {
        HandshakeSession s = session(Direction.INBOUND);
        s.peerIdentified(PEER);
        s.deadlineExpired("verack");
        HandshakeResult r = ended(s, "PARTIAL", ReasonCode.TIMEOUT, Stage.PEER_HELLO);
        assertEquals(Optional.of(PEER), r.peer());
    }

    @Test
    void aResetIsResetByPeer() {
        HandshakeSession s = session(Direction.INBOUND);
        s.failOn(new IOException("Connection reset by peer"), "version");
        HandshakeResult r = ended(s, "FAILED", ReasonCode.RESET_BY_PEER, Stage.CONNECTED);
        assertEquals(Optional.of("connection reset by peer while waiting for version"), r.outcome().reason());
    }

    @Test
    void anotherIoExceptionIsAnIoError() {
        HandshakeSession s = session(Direction.INBOUND);
        s.peerIdentified(PEER);
        s.failOn(new IOException("Broken pipe"), "verack");
        HandshakeResult r = ended(s, "PARTIAL", ReasonCode.IO_ERROR, Stage.PEER_HELLO);
        assertEquals(Optional.of("I/O error while waiting for verack: Broken pipe"), r.outcome().reason());
    }

    @Test
    void anyOtherExceptionIsAnInternalError() {
        HandshakeSession s = session(Direction.INBOUND);
        s.failOn(new NullPointerException("oops"), "version");
        HandshakeResult r = ended(s, "FAILED", ReasonCode.INTERNAL_ERROR, Stage.CONNECTED);
        assertEquals(Optional.of("internal error while waiting for version: java.lang.NullPointerException: oops"),
                r.outcome().reason());
    }

    @Test
    void aFrameViolationEndsWithItsOwnCode() {
        HandshakeSession s = session(Direction.INBOUND);
        s.fail(new FrameViolation(ReasonCode.BAD_CHECKSUM, "bad checksum for 'version': 00000000 (expected: 01020304)"));
        HandshakeResult r = ended(s, "FAILED", ReasonCode.BAD_CHECKSUM, Stage.CONNECTED);
        assertEquals(Optional.of("bad checksum for 'version': 00000000 (expected: 01020304)"), r.outcome().reason());
    }

    @Test
    void aConnectFailureIsFailedAtStageConnectWithoutTimings() {
        HandshakeSession s = session(Direction.OUTBOUND);
        assertTrue(s.connectFailed(ReasonCode.CONNECT_REFUSED, "connection refused"));
        HandshakeResult r = ended(s, "FAILED", ReasonCode.CONNECT_REFUSED, Stage.CONNECT);
        assertEquals(OptionalLong.empty(), r.connectMillis());
        assertEquals(OptionalLong.empty(), r.handshakeMillis());
    }

    @Test
    void onlyTheFirstEndingCounts() {
        HandshakeSession s = session(Direction.INBOUND);
        assertTrue(s.fail(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: verack before version"));
        assertFalse(s.deadlineExpired("version"));
        assertFalse(s.concluded());
        ended(s, "FAILED", ReasonCode.PROTOCOL_VIOLATION, Stage.CONNECTED);
    }

    @Test
    void stagesOnlyMoveForward() {
        HandshakeSession s = session(Direction.INBOUND);
        s.peerIdentified(PEER);
        s.reach(Stage.SENT);
        s.connected();
        assertEquals(Stage.PEER_HELLO, s.stage());
    }

    @Test
    void aConclusionIsSuccessAtStageConcludedWithoutACode() {
        HandshakeSession s = session(Direction.INBOUND);
        s.peerIdentified(PEER);
        assertTrue(s.concluded());
        HandshakeResult r = s.result().join();
        assertEquals("SUCCESS", r.outcome().label());
        assertEquals(Optional.empty(), r.outcome().reasonCode());
        assertEquals(Optional.empty(), r.outcome().reason());
        assertEquals(Stage.CONCLUDED, r.stage());
        assertTrue(r.handshakeMillis().isPresent());
    }
}
