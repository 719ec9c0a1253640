package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;

/** What a stopping listener waits for: the outcomes of the handshakes in progress, handed on. */
class ResponderTest {

    private static final HandshakeProtocol SILENT = new QuietProtocol() {
    };

    private final Responder responder = new Responder(BitcoinNetwork.REGTEST, SILENT, 1000, 0, 10, 10);
    private final List<HandshakeResult> handedOn = new ArrayList<>();

    /** An embedded channel that looks like an accepted TCP connection from 127.0.0.2. */
    private static EmbeddedChannel inbound(int port) {
        return new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.2", port);
            }
        };
    }

    @Test
    void withNoHandshakeInProgressAStopWaitsForNothing() {
        assertEquals(0, responder.handshakesInProgress());
        assertTrue(responder.outcomesInProgress().isDone());
    }

    @Test
    void aStopWaitsUntilEveryHandshakeInProgressHasHandedOnItsOutcome() {
        EmbeddedChannel first = inbound(40001);
        EmbeddedChannel second = inbound(40002);
        assertTrue(responder.accept(first, handedOn::add));
        assertTrue(responder.accept(second, handedOn::add));
        assertEquals(2, responder.handshakesInProgress());

        CompletableFuture<Void> stop = responder.outcomesInProgress();
        first.close();
        assertFalse(stop.isDone(), "one handshake is still in progress");
        second.close();
        assertTrue(stop.isDone());
        assertEquals(2, handedOn.size(), "both outcomes were handed on before the wait ended");
        assertEquals(0, responder.handshakesInProgress());
    }

    @Test
    void aHandshakeAcceptedAfterTheStopIsNotWaitedFor() {
        EmbeddedChannel first = inbound(40003);
        responder.accept(first, handedOn::add);
        CompletableFuture<Void> stop = responder.outcomesInProgress();
        EmbeddedChannel late = inbound(40004);
        responder.accept(late, handedOn::add);
        first.close();
        assertTrue(stop.isDone());
        late.close();
    }
}
