package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinPeer;

/** What the engine ends itself, whichever side opened the connection: the peer's close and the deadline. */
class SessionSupervisorTest {

    private static final long TIMEOUT_MS = 1000;

    /** A protocol that installs nothing and always waits for a "hello". */
    private static final HandshakeProtocol SILENT = new QuietProtocol() {
    };

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<HandshakeResult> reported = new ArrayList<>();

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    private static HandshakeSession session(Direction direction) throws Exception {
        return new HandshakeSession(new HandshakeTarget("t", InetAddress.getByName("127.0.0.1"), 18444,
                BitcoinNetwork.REGTEST, true), TIMEOUT_MS, direction, SILENT.limits());
    }

    private CompletableFuture<Void> supervise(HandshakeSession session) {
        return SessionSupervisor.supervise(channel, session, SILENT, 0, reported::add);
    }

    @Test
    void thePeerClosingAConnectedChannelIsClosedByPeer() throws Exception {
        HandshakeSession session = session(Direction.INBOUND);
        CompletableFuture<Void> closed = supervise(session);
        channel.close();
        HandshakeResult r = session.result().join();
        assertEquals("FAILED", r.outcome().label());
        assertEquals(Optional.of(ReasonCode.CLOSED_BY_PEER), r.outcome().reasonCode());
        assertEquals(Optional.of("connection closed by peer while waiting for hello"), r.outcome().reason());
        assertEquals(Stage.CONNECTED, r.stage());
        assertEquals(List.of(r), reported);
        assertTrue(closed.isDone());
    }

    @Test
    void aCloseAfterThePeersHelloIsAPartialClosedByPeer() throws Exception {
        HandshakeSession session = session(Direction.INBOUND);
        supervise(session);
        session.peerIdentified(new BitcoinPeer(70016, "/p:1/", 0, 0, true));
        channel.close();
        HandshakeResult r = session.result().join();
        assertEquals("PARTIAL", r.outcome().label());
        assertEquals(Optional.of(ReasonCode.CLOSED_BY_PEER), r.outcome().reasonCode());
        assertEquals(Stage.PEER_HELLO, r.stage());
    }

    @Test
    void aCloseBeforeTheConnectionExistsIsLeftToTheConnectsListener() throws Exception {
        HandshakeSession session = session(Direction.OUTBOUND);
        CompletableFuture<Void> closed = supervise(session);
        channel.close();
        assertTrue(closed.isDone());
        assertFalse(session.isDone(), "a failed connect reports its own code (refused, unreachable, ...)");
        session.connectFailed(ReasonCode.CONNECT_REFUSED, "connection refused");
        assertEquals(Optional.of(ReasonCode.CONNECT_REFUSED), session.result().join().outcome().reasonCode());
    }

    @Test
    void theDeadlineEndsAConnectedSessionAsATimeoutAndClosesTheChannel() throws Exception {
        HandshakeSession session = session(Direction.INBOUND);
        channel.freezeTime(); // only advanceTimeBy moves the clock
        supervise(session);
        channel.advanceTimeBy(TIMEOUT_MS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(session.isDone());
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        HandshakeResult r = session.result().join();
        assertEquals(Optional.of(ReasonCode.TIMEOUT), r.outcome().reasonCode());
        assertEquals(Optional.of("timed out after 1000 ms waiting for hello"), r.outcome().reason());
        assertFalse(channel.isOpen(), "the engine closes the channel once there is an outcome");
        assertEquals(List.of(r), reported, "one outcome, not a second one for the close");
    }

    @Test
    void aConcludedConnectionClosesOnceThePeerSettled() throws Exception {
        HandshakeSession session = session(Direction.INBOUND);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        session.closeWhenPeerSettled(settled);
        supervise(session);
        session.concluded();
        assertTrue(channel.isOpen(), "the peer is still reading our last message");
        settled.complete(null);
        assertFalse(channel.isOpen());
        assertEquals("SUCCESS", reported.get(0).outcome().label());
    }

    @Test
    void aPeerThatNeverSettlesHoldsTheConnectionForTheGraceOnly() throws Exception {
        HandshakeSession session = session(Direction.INBOUND);
        session.closeWhenPeerSettled(new CompletableFuture<>());
        channel.freezeTime(); // only advanceTimeBy moves the clock
        supervise(session);
        session.concluded();
        long grace = Math.min(SessionSupervisor.SETTLE_GRACE_MILLIS, TIMEOUT_MS);
        channel.advanceTimeBy(grace - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen(), "closed at the grace's end");
    }

    @Test
    void aFailedHandshakeClosesAtOnceWhateverThePeerStillReads() throws Exception {
        HandshakeSession session = session(Direction.INBOUND);
        session.closeWhenPeerSettled(new CompletableFuture<>());
        supervise(session);
        session.fail(ReasonCode.PROTOCOL_VIOLATION, "test");
        assertFalse(channel.isOpen());
    }

    @Test
    void theDeadlineBeforeTheConnectionIsAConnectTimeout() throws Exception {
        HandshakeSession session = session(Direction.OUTBOUND);
        supervise(session);
        channel.advanceTimeBy(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        HandshakeResult r = session.result().join();
        assertEquals(Optional.of(ReasonCode.CONNECT_TIMEOUT), r.outcome().reasonCode());
        assertEquals(Stage.CONNECT, r.stage());
    }
}
