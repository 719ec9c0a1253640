package org.nodehandshake.bitcoin.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.BitcoinTransport;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Stage;
import org.nodehandshake.testing.EmbeddedWire;

/**
 * Both sides in memory (EmbeddedWire between two pipelines as the protocol installs them): our v2
 * initiator and our responder serving v2+v1 conclude over v2, the bytes delivered whole or one at a
 * time; the message layer hears of the connection only once the transport is up.
 */
class V2EmbeddedWireTest {

    private static final BitcoinNetwork NET = BitcoinNetwork.REGTEST;

    private record Sides(HandshakeSession initiator, EmbeddedChannel out, HandshakeSession responder, EmbeddedChannel in) {
    }

    private static Sides sides() throws Exception {
        BitcoinProtocol ours = new BitcoinProtocol(NET, "/embedded-initiator:1/", Clock.systemUTC(), BitcoinTransport.V2, false);
        BitcoinProtocol theirs = new BitcoinProtocol(NET, "/embedded-responder:1/", Clock.systemUTC(), BitcoinTransport.AUTO, true);
        HandshakeTarget target = new HandshakeTarget("embedded", InetAddress.getLoopbackAddress(), 18444, NET, true);
        HandshakeSession initiator = new HandshakeSession(target, 5000, Direction.OUTBOUND, ours.limits());
        HandshakeSession responder = new HandshakeSession(target, 5000, Direction.INBOUND, theirs.limits());
        EmbeddedChannel out = new EmbeddedChannel(false, false);
        ours.install(out.pipeline(), initiator);
        EmbeddedChannel in = new EmbeddedChannel(false, false);
        theirs.install(in.pipeline(), responder);
        out.register();
        initiator.connected();
        in.register();
        return new Sides(initiator, out, responder, in);
    }

    @Test
    void bothSidesConcludeOverV2() throws Exception {
        Sides s = sides();
        EmbeddedWire.pump(s.out(), s.in());
        HandshakeResult out = s.initiator().result().getNow(null);
        HandshakeResult in = s.responder().result().getNow(null);
        assertEquals("SUCCESS", out.outcome().label(), String.valueOf(out));
        assertEquals("SUCCESS", in.outcome().label(), String.valueOf(in));
        assertEquals(Map.of("transport", "v2"), out.transport());
        assertEquals(Map.of("transport", "v2"), in.transport());
        assertEquals(List.of("version", "verack"), out.messages());
        assertEquals(List.of("version", "verack"), in.messages());
    }

    @Test
    void aPeerAnsweringOurKeyWithAV1MessageRefusedV2() throws Exception {
        Sides s = sides();
        EmbeddedWire.drain(s.out());
        byte[] reject = new byte[24];
        System.arraycopy(NET.magic(), 0, reject, 0, 4);
        System.arraycopy("reject".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, reject, 4, 6);
        s.out().writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(reject, 0, 5)); // the magic and one byte more
        HandshakeResult out = s.initiator().result().getNow(null);
        assertEquals("FAILED", out.outcome().label(), String.valueOf(out));
        assertEquals(java.util.Optional.of(org.nodehandshake.protocol.ReasonCode.V2_REFUSED), out.outcome().reasonCode());
    }

    @Test
    void aKeyNotStartingWithTheMagicIsReadAsAKey() throws Exception {
        Sides s = sides();
        EmbeddedWire.drain(s.out());
        byte[] notMagic = NET.magic().clone();
        notMagic[3] ^= 1;
        s.out().writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(notMagic));
        assertTrue(!s.initiator().isDone(), "four bytes of a key are no answer yet");
    }

    @Test
    void oneByteAtATimeConcludesToo() throws Exception {
        Sides s = sides();
        for (int round = 0; round < 10_000 && !(s.initiator().isDone() && s.responder().isDone()); round++) {
            boolean moved = trickle(s.out(), s.in()) | trickle(s.in(), s.out());
            if (!moved) {
                break;
            }
        }
        assertEquals("SUCCESS", s.initiator().result().getNow(null).outcome().label());
        assertEquals("SUCCESS", s.responder().result().getNow(null).outcome().label());
    }

    @Test
    void theMessageLayerWaitsForTheTransport() throws Exception {
        Sides s = sides();
        byte[] key = EmbeddedWire.drain(s.out());
        assertTrue(key.length >= 64 && key.length <= 64 + V2TransportDecoder.MAX_GARBAGE_BYTES,
                "our key and garbage only, no version yet: " + key.length);
        assertEquals(Stage.SENT, s.initiator().stage(), "our key is our first handshake message");
        assertEquals(V2TransportDecoder.State.AWAIT_KEY, s.out().pipeline().get(V2TransportDecoder.class).state());
        assertTrue(!s.initiator().isDone() && !s.initiator().hasPeer());
    }

    /** A secure random source that counts the draws of a garbage length (a bound of 4096). */
    private static final class CountingRandom extends java.security.SecureRandom {
        int garbageDraws;

        @Override
        public int nextInt(int bound) {
            if (bound == V2TransportDecoder.MAX_GARBAGE_BYTES + 1) {
                garbageDraws++;
            }
            return super.nextInt(bound);
        }
    }

    @Test
    void anInitiatorMakesItsGarbageOnlyOnceThePeersKeyIsIn() throws Exception {
        CountingRandom random = new CountingRandom();
        HandshakeTarget target = new HandshakeTarget("embedded", InetAddress.getLoopbackAddress(), 18444, NET, true);
        HandshakeSession session = new HandshakeSession(target, 5000, Direction.OUTBOUND,
                new BitcoinProtocol(NET, "/embedded-initiator:1/", Clock.systemUTC()).limits());
        EmbeddedChannel out = new EmbeddedChannel(false, false);
        out.pipeline().addLast(new V2TransportDecoder(session, NET.magic(), 1 << 20, random));
        out.register();
        session.connected();

        assertEquals(64, EmbeddedWire.drain(out).length, "our key alone");
        assertEquals(0, random.garbageDraws, "a peer that never answers (v1, silent) costs no garbage");
        out.finishAndReleaseAll();
    }

    /** Moves what {@code from} wrote to {@code to} one byte per write. */
    private static boolean trickle(EmbeddedChannel from, EmbeddedChannel to) {
        byte[] bytes = EmbeddedWire.drain(from);
        for (byte b : bytes) {
            if (to.isActive()) {
                to.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {b}));
            }
        }
        return bytes.length > 0;
    }
}
