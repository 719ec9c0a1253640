package org.nodehandshake.libp2p;

import static org.nodehandshake.testing.EmbeddedWire.drain;
import static org.nodehandshake.testing.EmbeddedWire.move;
import static org.nodehandshake.testing.EmbeddedWire.pump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/**
 * The libp2p handshake through Libp2pProtocol's pipelines on EmbeddedChannels: our initiator against our
 * responder (SUCCESS both ways), then our initiator against a scripted responder for the refusals that
 * need a peer with keys of its own.
 */
class Libp2pHandshakeTest {

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void release() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private static Libp2pProtocol protocol(Libp2pIdentity identity, Libp2pNetwork network) {
        return new Libp2pProtocol(network, identity, "node-handshake/test", Optional.empty());
    }

    private record Side(EmbeddedChannel channel, HandshakeSession session) {
        HandshakeResult result() {
            assertTrue(session.isDone(), "session should have ended");
            return session.result().join();
        }
    }

    private Side start(Libp2pProtocol protocol, Direction direction, Optional<String> identity) throws Exception {
        HandshakeTarget target = new HandshakeTarget("test", InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 4001,
                protocol.network(), true, identity);
        HandshakeSession session = new HandshakeSession(target, 5000, direction, protocol.limits());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channels.add(channel);
        protocol.install(channel.pipeline(), session);
        channel.register();
        return new Side(channel, session);
    }




    private static void assertOutcome(HandshakeResult r, String label, ReasonCode code) {
        assertEquals(label, r.outcome().label(), r.toString());
        assertEquals(Optional.ofNullable(code), r.outcome().reasonCode(), r.toString());
    }

    @Test
    void ourInitiatorAndOurResponderConclude() throws Exception {
        Libp2pIdentity dialer = Libp2pIdentity.random();
        Libp2pIdentity listener = Libp2pIdentity.random();
        Side responder = start(protocol(listener, Libp2pNetwork.LIBP2P), Direction.INBOUND, Optional.empty());
        String listenerId = PeerId.ofEncodedKey(listener.encodedPublicKey()).toString();
        Side initiator = start(protocol(dialer, Libp2pNetwork.LIBP2P), Direction.OUTBOUND, Optional.of(listenerId));
        pump(initiator.channel(), responder.channel());

        HandshakeResult out = initiator.result();
        assertOutcome(out, "SUCCESS", null);
        assertEquals(Stage.CONCLUDED, out.stage());
        Libp2pPeer peer = (Libp2pPeer) out.peer().orElseThrow();
        assertEquals(listenerId, peer.peerId());
        assertEquals("ed25519", peer.keyType());
        assertEquals(Optional.of(StreamMuxer.YAMUX), peer.muxer(), "yamux is proposed first");
        Libp2pPeer.Identified id = peer.identify().orElseThrow();
        assertEquals("node-handshake/test", id.agentVersion());
        assertEquals("ipfs/0.1.0", id.protocolVersion());
        assertEquals(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), id.protocols());

        HandshakeResult in = responder.result();
        assertOutcome(in, "SUCCESS", null);
        assertEquals(PeerId.ofEncodedKey(dialer.encodedPublicKey()).toString(),
                ((Libp2pPeer) in.peer().orElseThrow()).peerId(), "the responder learns the dialer's id from Noise");
    }

    @Test
    void aConcludedSideMayCloseOnlyOnceThePeerClosedTheIdentifyStreamItAnswered() throws Exception {
        Side responder = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.INBOUND, Optional.empty());
        Side initiator = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.OUTBOUND, Optional.empty());
        // the responder reads our Identify (and answers our request) before we read its: it concludes first,
        // with its answer to our request still unread by us
        boolean responderHeldOpen = false;
        for (boolean moved = true; moved; ) {
            moved = move(initiator.channel(), responder.channel());
            responderHeldOpen |= responder.session().isDone() && !responder.session().peerSettled().isDone();
            moved |= move(responder.channel(), initiator.channel());
        }
        assertOutcome(initiator.result(), "SUCCESS", null);
        assertOutcome(responder.result(), "SUCCESS", null);
        assertTrue(responderHeldOpen, "concluded while the initiator had not yet read (and closed) its Identify");
        assertTrue(responder.session().peerSettled().isDone(), "the initiator closed the Identify stream it read");
        assertTrue(initiator.session().peerSettled().isDone(), "and the responder, the one it read");
    }

    @Test
    void aNodeLackingTheNetworksProtocolsIsPartialWrongNetwork() throws Exception {
        Side responder = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.INBOUND, Optional.empty());
        Side initiator = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.IPFS), Direction.OUTBOUND, Optional.empty());
        pump(initiator.channel(), responder.channel());
        HandshakeResult r = initiator.result();
        assertOutcome(r, "PARTIAL", ReasonCode.WRONG_NETWORK);
        assertEquals(List.of("/ipfs/kad/1.0.0"), ((Libp2pPeer) r.peer().orElseThrow()).missingProtocols());
    }

    @Test
    void anotherPeerIdThanTheOneDialedIsPeerIdMismatch() throws Exception {
        Side responder = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.INBOUND, Optional.empty());
        String someoneElse = PeerId.ofEncodedKey(Libp2pIdentity.random().encodedPublicKey()).toString();
        Side initiator = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.OUTBOUND,
                Optional.of(someoneElse));
        pump(initiator.channel(), responder.channel());
        HandshakeResult r = initiator.result();
        assertOutcome(r, "FAILED", ReasonCode.PEER_ID_MISMATCH);
        assertTrue(r.outcome().reason().orElseThrow().contains(someoneElse), r.toString());
    }

    @Test
    void aTargetNamingOurOwnPeerIdIsASelfConnection() throws Exception {
        Libp2pIdentity us = Libp2pIdentity.random();
        Side initiator = start(protocol(us, Libp2pNetwork.LIBP2P), Direction.OUTBOUND,
                Optional.of(PeerId.ofEncodedKey(us.encodedPublicKey()).toString()));
        assertOutcome(initiator.result(), "FAILED", ReasonCode.SELF_CONNECTION);
    }

    @Test
    void aTargetIdThatIsNoPeerIdIsMissingIdentity() throws Exception {
        Side initiator = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.OUTBOUND,
                Optional.of("not-a-peer-id"));
        assertOutcome(initiator.result(), "FAILED", ReasonCode.MISSING_IDENTITY);
    }

    /** A scripted responder: agrees on /noise, then answers message A with a message B built by {@code payload}. */
    private HandshakeResult againstScriptedResponder(java.util.function.Function<NoiseXX.KeyPair, byte[]> payload)
            throws Exception {
        Side initiator = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.OUTBOUND, Optional.empty());
        byte[] proposal = drain(initiator.channel());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(MultistreamSelect.message(MultistreamSelect.PROTOCOL));
        expected.writeBytes(MultistreamSelect.message("/noise"));
        assertEquals(Arrays.toString(expected.toByteArray()), Arrays.toString(proposal), "header and /noise in one write");
        initiator.channel().writeInbound(Unpooled.wrappedBuffer(proposal)); // the echo of both is the answer
        byte[] a = drain(initiator.channel());
        assertEquals(2 + 32, a.length, "message A: a length and an ephemeral key");
        NoiseXX.KeyPair staticKey = NoiseXX.KeyPair.generate();
        NoiseXX responder = NoiseXX.responder(staticKey, new byte[0]);
        responder.readMessage(Arrays.copyOfRange(a, 2, a.length));
        byte[] b = responder.writeMessage(payload.apply(staticKey));
        ByteBuf framed = Unpooled.buffer();
        framed.writeShort(b.length);
        framed.writeBytes(b);
        initiator.channel().writeInbound(framed);
        return initiator.result();
    }

    @Test
    void anIdentityKeyThatSignedAnotherStaticKeyIsBadSignature() throws Exception {
        HandshakeResult r = againstScriptedResponder(staticKey -> NoiseHandshakePayload.create(Libp2pIdentity.random(),
                NoiseXX.KeyPair.generate().publicKey(), List.of()).write());
        assertOutcome(r, "FAILED", ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void aPayloadThatIsNoProtobufIsMalformed() throws Exception {
        HandshakeResult r = againstScriptedResponder(staticKey -> new byte[] {(byte) 0xff, (byte) 0xff});
        assertOutcome(r, "FAILED", ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void aValidPayloadFromTheScriptedResponderAuthenticatesIt() throws Exception {
        Libp2pIdentity them = Libp2pIdentity.random();
        Side initiator = start(protocol(Libp2pIdentity.random(), Libp2pNetwork.LIBP2P), Direction.OUTBOUND, Optional.empty());
        byte[] proposal = drain(initiator.channel());
        initiator.channel().writeInbound(Unpooled.wrappedBuffer(proposal));
        byte[] a = drain(initiator.channel());
        NoiseXX.KeyPair staticKey = NoiseXX.KeyPair.generate();
        NoiseXX responder = NoiseXX.responder(staticKey, new byte[0]);
        responder.readMessage(Arrays.copyOfRange(a, 2, a.length));
        byte[] b = responder.writeMessage(NoiseHandshakePayload.create(them, staticKey.publicKey(), List.of()).write());
        ByteBuf framed = Unpooled.buffer();
        framed.writeShort(b.length);
        framed.writeBytes(b);
        initiator.channel().writeInbound(framed);
        assertTrue(initiator.session().hasPeer(), "authenticated after message B");
        assertEquals(Stage.PEER_HELLO, initiator.session().stage());
    }
}
