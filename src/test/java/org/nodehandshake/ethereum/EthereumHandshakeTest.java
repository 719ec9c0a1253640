package org.nodehandshake.ethereum;

import static org.nodehandshake.testing.EmbeddedWire.drain;
import static org.nodehandshake.testing.EmbeddedWire.pump;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/**
 * The Ethereum handshake through EthereumProtocol's pipelines on EmbeddedChannels: our initiator
 * against our responder (SUCCESS both ways), then each side against a scripted peer that speaks RLPx
 * with its own keys, for every refusal.
 */
class EthereumHandshakeTest {

    /** After BPO2 on every preset: the fork schedule's present. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
    private static final EthereumNetwork NET = EthereumNetwork.MAINNET;

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void release() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private static EthereumProtocol protocol(NodeKey key) {
        return new EthereumProtocol(NET, key, "node-handshake/test", 0, CLOCK);
    }

    private static HandshakeTarget target(Optional<String> identity) throws Exception {
        return new HandshakeTarget("test", InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 30303, NET, true, identity);
    }

    private record Side(EmbeddedChannel channel, HandshakeSession session) {
        HandshakeResult result() {
            assertTrue(session.isDone(), "session should have ended");
            return session.result().join();
        }
    }

    private Side start(EthereumProtocol protocol, Direction direction, Optional<String> identity) throws Exception {
        HandshakeSession session = new HandshakeSession(target(identity), 5000, direction, protocol.limits());
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

    // ---- ours against ours ----

    @Test
    void ourInitiatorAndOurResponderConclude() throws Exception {
        NodeKey initiatorKey = NodeKey.random();
        NodeKey responderKey = NodeKey.random();
        Side responder = start(protocol(responderKey), Direction.INBOUND, Optional.empty());
        Side initiator = start(protocol(initiatorKey), Direction.OUTBOUND, Optional.of(responderKey.nodeIdHex()));
        pump(initiator.channel(), responder.channel());

        for (Side side : List.of(initiator, responder)) {
            HandshakeResult r = side.result();
            assertOutcome(r, "SUCCESS", null);
            assertEquals(Stage.CONCLUDED, r.stage());
            EthereumPeer peer = (EthereumPeer) r.peer().orElseThrow();
            assertEquals("node-handshake/test", peer.hello().clientId());
            assertEquals(5, peer.hello().version());
            assertEquals(69, peer.ethVersion().getAsInt(), "the highest shared version");
            assertEquals(List.of("eth/68", "eth/69"), peer.report(List.of()).capabilities());
            assertEquals(ForkId.Verdict.COMPATIBLE, peer.forkIdVerdict().orElseThrow(),
                    "a syncing peer at genesis that knows the next fork is compatible");
            EthStatus status = peer.status().orElseThrow();
            assertEquals(1, status.networkId());
            assertEquals("fc64ec04", status.forkId().hashHex());
            assertEquals(0, status.latestBlock().getAsLong());
            assertEquals(0, peer.height().getAsLong());
        }
        assertEquals(responderKey.nodeIdHex(), ((EthereumPeer) initiator.result().peer().orElseThrow()).hello().nodeIdHex());
        assertEquals(initiatorKey.nodeIdHex(), ((EthereumPeer) responder.result().peer().orElseThrow()).hello().nodeIdHex());
        assertEquals(List.of("ack", "hello", "status"), initiator.result().messages());
        assertEquals(List.of("auth", "hello", "status"), responder.result().messages());
    }

    @Test
    void aTargetWithoutNodeIdFailsAtOnce() throws Exception {
        Side initiator = start(protocol(NodeKey.random()), Direction.OUTBOUND, Optional.empty());
        assertOutcome(initiator.result(), "FAILED", ReasonCode.MISSING_IDENTITY);
        assertNull(initiator.channel().readOutbound(), "nothing sent");
        Side bad = start(protocol(NodeKey.random()), Direction.OUTBOUND, Optional.of("00".repeat(64)));
        assertOutcome(bad.result(), "FAILED", ReasonCode.MISSING_IDENTITY);
    }

    @Test
    void aTargetWithOurOwnNodeIdIsASelfConnection() throws Exception {
        NodeKey ours = NodeKey.random();
        Side initiator = start(protocol(ours), Direction.OUTBOUND, Optional.of(ours.nodeIdHex()));
        assertOutcome(initiator.result(), "FAILED", ReasonCode.SELF_CONNECTION);
        assertNull(initiator.channel().readOutbound(), "nothing sent");
    }

    /**
     * A valid initiator's Hello and Status, with one byte of a frame's plaintext changed (its id, RLP,
     * Snappy data) and sealed again, fed to our responder in random chunks: always an outcome with a
     * reason of the peer's making or SUCCESS, never an exception of ours.
     */
    @Test
    void anyOneByteChangeInAMessageEndsWithAReasonNotAnException() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            NodeKey ours = NodeKey.random();
            Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
            ScriptedPeer peer = new ScriptedPeer();
            responderPastAuth(responder, ours, peer);
            byte[] hello = concat(new byte[] {(byte) 0x80}, new Hello(5, "Fuzz/v1", List.of(new Hello.Capability("eth", 68),
                    new Hello.Capability("eth", 69)), 30303, EthCrypto.encode64(peer.key.publicKey())).encode());
            byte[] status = concat(new byte[] {RlpxMessage.STATUS},
                    Snappy.compress(EthStatus.genesisOnly(NET, 69).encode()));
            byte[] target = random.nextBoolean() ? hello : status;
            target[random.nextInt(target.length)] ^= (byte) (1 + random.nextInt(255));
            byte[] stream = concat(peer.rawFrame(hello), peer.rawFrame(status));
            for (int at = 0; at < stream.length && !responder.session().isDone(); ) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(100));
                responder.channel().writeInbound(Unpooled.wrappedBuffer(stream, at, n));
                at += n;
            }
            drain(responder.channel());
            if (responder.session().isDone()) {
                HandshakeResult r = responder.result();
                assertFalse(r.outcome().reasonCode().equals(Optional.of(ReasonCode.INTERNAL_ERROR)), r.toString());
            }
        }
    }

    // ---- a scripted peer, with its own keys ----

    /** The other side of RLPx, by hand: auth or ack from the vectors' code, then frames. */
    private static final class ScriptedPeer {
        final NodeKey key = NodeKey.random();
        final BigInteger ephemeral = EthCrypto.newPrivateKey();
        final byte[] nonce = RlpxHandshake.newNonce();
        RlpxFrameCipher cipher;
        boolean compress;

        /** As initiator: our auth to {@code responder}. */
        byte[] auth(NodeKey responder) {
            return RlpxHandshake.sealAuth(key.privateKey(), responder.publicKey(), ephemeral, nonce);
        }

        /** As initiator: reads the responder's ack (at the start of {@code wire}); returns the bytes after it. */
        byte[] acked(byte[] auth, byte[] wire) throws Exception {
            int size = 2 + (((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
            byte[] ack = Arrays.copyOf(wire, size);
            RlpxHandshake.Ack opened = RlpxHandshake.openAck(key.privateKey(), ack, true);
            cipher = new RlpxFrameCipher(RlpxSecrets.derive(true, ephemeral, opened.recipientEphemeral(), nonce,
                    opened.nonce(), auth, ack));
            return Arrays.copyOfRange(wire, size, wire.length);
        }

        /** As responder: reads the initiator's auth, returns our ack. */
        byte[] ack(byte[] auth) throws Exception {
            RlpxHandshake.Auth opened = RlpxHandshake.openAuth(key.privateKey(), auth, true);
            byte[] ack = RlpxHandshake.sealAck(opened.initiatorKey(), ephemeral, nonce, true);
            cipher = new RlpxFrameCipher(RlpxSecrets.derive(false, ephemeral, opened.initiatorEphemeral(), opened.nonce(),
                    nonce, auth, ack));
            return ack;
        }

        byte[] frame(int code, byte[] data) {
            byte[] id = Rlp.encode(Rlp.number(code));
            byte[] body = compress ? Snappy.compress(data) : data;
            byte[] payload = new byte[id.length + body.length];
            System.arraycopy(id, 0, payload, 0, id.length);
            System.arraycopy(body, 0, payload, id.length, body.length);
            return cipher.seal(payload);
        }

        byte[] rawFrame(byte[] payload) {
            return cipher.seal(payload);
        }

        byte[] hello(int version, List<Hello.Capability> caps) {
            return frame(RlpxMessage.HELLO, new Hello(version, "Scripted/v1.0.0-stable/linux", caps, 30303,
                    EthCrypto.encode64(key.publicKey())).encode());
        }

        byte[] hello() {
            return hello(5, List.of(new Hello.Capability("eth", 68), new Hello.Capability("snap", 1)));
        }

        /** The messages in {@code wire}: id and data, decompressed once {@link #compress} is on. */
        List<RlpxMessage> read(byte[] wire) throws Exception {
            List<RlpxMessage> out = new ArrayList<>();
            int at = 0;
            while (at < wire.length) {
                int size = cipher.openHeader(Arrays.copyOfRange(wire, at, at + 32));
                int padded = RlpxFrameCipher.padded(size);
                byte[] payload = cipher.openBody(Arrays.copyOfRange(wire, at + 32, at + 32 + padded),
                        Arrays.copyOfRange(wire, at + 32 + padded, at + 48 + padded), size);
                at += 48 + padded;
                Rlp.Decoded id = Rlp.decodePrefix(payload, 1);
                byte[] data = Arrays.copyOfRange(payload, id.length(), payload.length);
                int code = (int) id.item().number("id");
                out.add(new RlpxMessage(code, code == RlpxMessage.HELLO || !compress ? data : Snappy.decompress(data, 1 << 20)));
            }
            return out;
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Our responder, and a scripted initiator past auth and ack: returns the messages our side sent. */
    private List<RlpxMessage> responderPastAuth(Side responder, NodeKey responderKey, ScriptedPeer peer) throws Exception {
        return responderPastAuth(responder, responderKey, peer, false);
    }

    /** ... and, with {@code hello}, past the scripted peer's Hello too (eth/68, p2p 5). */
    private List<RlpxMessage> responderPastAuth(Side responder, NodeKey responderKey, ScriptedPeer peer, boolean hello)
            throws Exception {
        byte[] auth = peer.auth(responderKey);
        responder.channel().writeInbound(Unpooled.wrappedBuffer(auth));
        byte[] afterAck = peer.acked(auth, drain(responder.channel()));
        List<RlpxMessage> sent = new ArrayList<>(peer.read(afterAck));
        if (hello) {
            responder.channel().writeInbound(Unpooled.wrappedBuffer(peer.hello()));
            peer.compress = true; // both Hellos said 5
            sent.addAll(peer.read(drain(responder.channel())));
        }
        return sent;
    }

    @Test
    void ourResponderAgainstAScriptedEth68Initiator() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        List<RlpxMessage> sent = responderPastAuth(responder, ours, peer, true);
        assertEquals(RlpxMessage.HELLO, sent.get(0).code());
        Hello ourHello = Hello.decode(sent.get(0).data());
        assertEquals("node-handshake/test", ourHello.clientId());
        assertEquals(5, ourHello.version());
        assertEquals(0, ourHello.listenPort());
        assertEquals(ours.nodeIdHex(), ourHello.nodeIdHex());
        assertEquals(Stage.PEER_HELLO, responder.session().stage());
        assertEquals(RlpxMessage.STATUS, sent.get(1).code(), "our Status, compressed, on their Hello");
        assertFalse(responder.session().isDone());
        byte[] theirStatus = peer.frame(RlpxMessage.STATUS, new EthStatus(68, 1, NET.genesisHash(),
                new ForkId(0x07c9462e, 0), new byte[32], Optional.of(BigInteger.TEN.pow(22)), OptionalLong.empty(),
                OptionalLong.empty()).encode());
        responder.channel().writeInbound(Unpooled.wrappedBuffer(theirStatus));
        HandshakeResult r = responder.result();
        assertOutcome(r, "SUCCESS", null);
        EthereumPeer.Report report = ((EthereumPeer) r.peer().orElseThrow()).report(r.messages());
        assertEquals(68, report.ethVersion());
        assertEquals("0x07c9462e", report.forkId().hash());
        assertEquals(Boolean.TRUE, report.forkIdCompatible());
        assertEquals(BigInteger.TEN.pow(22), report.totalDifficulty());
        assertEquals(List.of("eth/68", "snap/1"), report.capabilities());
        assertEquals("Scripted/v1.0.0", EthereumPeer.clientName(report.clientId()));
        // the engine closes: a Disconnect (requested) goes out first
        responder.channel().close();
        List<RlpxMessage> last = peer.read(drain(responder.channel()));
        assertEquals(1, last.size());
        assertEquals(RlpxMessage.DISCONNECT, last.get(0).code());
        assertEquals(0, DisconnectReason.decode(last.get(0).data()).getAsLong());
    }

    @Test
    void ourStatusIsAnHonestGenesisStatusForEth68() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        byte[] auth = peer.auth(ours);
        responder.channel().writeInbound(Unpooled.wrappedBuffer(auth));
        byte[] afterAck = peer.acked(auth, drain(responder.channel()));
        peer.read(afterAck); // our Hello
        responder.channel().writeInbound(Unpooled.wrappedBuffer(peer.hello()));
        peer.compress = true;
        List<RlpxMessage> sent = peer.read(drain(responder.channel()));
        assertEquals(1, sent.size());
        assertEquals(RlpxMessage.STATUS, sent.get(0).code());
        EthStatus status = EthStatus.decode(sent.get(0).data(), 68);
        assertEquals(1, status.networkId());
        assertEquals(new BigInteger("17179869184"), status.totalDifficulty().orElseThrow());
        assertArrayEquals(NET.genesisHash(), status.headHash());
        assertArrayEquals(NET.genesisHash(), status.genesis());
        assertEquals(new ForkId(0xfc64ec04, 1_150_000), status.forkId());
    }

    @Test
    void ourInitiatorAgainstAScriptedResponderThatIsFull() throws Exception {
        ScriptedPeer peer = new ScriptedPeer();
        Side initiator = start(protocol(NodeKey.random()), Direction.OUTBOUND, Optional.of(peer.key.nodeIdHex()));
        byte[] auth = drain(initiator.channel());
        assertEquals(Stage.SENT, initiator.session().stage());
        byte[] ack = peer.ack(auth);
        // ack, Hello and Disconnect(too many peers) in one read, as a busy node sends them
        byte[] hello = peer.hello();
        peer.compress = true;
        byte[] disconnect = peer.frame(RlpxMessage.DISCONNECT, new byte[] {0x04}); // a bare integer, as ethereumjs writes it
        initiator.channel().writeInbound(Unpooled.wrappedBuffer(concat(ack, hello, disconnect)));
        HandshakeResult r = initiator.result();
        assertOutcome(r, "PARTIAL", ReasonCode.TOO_MANY_PEERS);
        assertEquals("too many peers (0x04)", ((EthereumPeer) r.peer().orElseThrow()).disconnectReason().orElseThrow());
        assertEquals(List.of("ack", "hello", "disconnect"), r.messages());
    }

    @Test
    void aDisconnectBeforeHelloFails() throws Exception {
        ScriptedPeer peer = new ScriptedPeer();
        Side initiator = start(protocol(NodeKey.random()), Direction.OUTBOUND, Optional.of(peer.key.nodeIdHex()));
        byte[] ack = peer.ack(drain(initiator.channel()));
        byte[] disconnect = peer.frame(RlpxMessage.DISCONNECT, Rlp.encode(Rlp.list(Rlp.number(4))));
        initiator.channel().writeInbound(Unpooled.wrappedBuffer(concat(ack, disconnect)));
        assertOutcome(initiator.result(), "FAILED", ReasonCode.TOO_MANY_PEERS);
        assertTrue(initiator.result().outcome().reason().orElseThrow().contains("while waiting for Hello"));
    }

    @Test
    void garbageAuthFailsItsTag() throws Exception {
        Side responder = start(protocol(NodeKey.random()), Direction.INBOUND, Optional.empty());
        byte[] garbage = new byte[2 + 300];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0x01;
        garbage[1] = 0x2c; // 300
        garbage[2] = 0x04; // looks like a key, is not one
        responder.channel().writeInbound(Unpooled.wrappedBuffer(garbage));
        assertOutcome(responder.result(), "FAILED", ReasonCode.BAD_CHECKSUM);
        assertNull(responder.channel().readOutbound(), "no ack for garbage");
    }

    @Test
    void anAuthForAnotherKeyFailsItsTag() throws Exception {
        Side responder = start(protocol(NodeKey.random()), Direction.INBOUND, Optional.empty());
        responder.channel().writeInbound(Unpooled.wrappedBuffer(new ScriptedPeer().auth(NodeKey.random())));
        HandshakeResult r = responder.result();
        assertOutcome(r, "FAILED", ReasonCode.BAD_CHECKSUM);
        assertTrue(r.outcome().reason().orElseThrow().contains("bad ECIES tag"), r.toString());
    }

    @Test
    void anAuthSizePrefixOf65535FailsBeforeTheBody() throws Exception {
        Side responder = start(protocol(NodeKey.random()), Direction.INBOUND, Optional.empty());
        responder.channel().writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff}));
        HandshakeResult r = responder.result();
        assertOutcome(r, "FAILED", ReasonCode.OVERSIZED_FRAME);
        assertTrue(r.outcome().reason().orElseThrow().contains("65535"), r.toString());
    }

    @Test
    void aPreEip8AuthIsAnsweredWithAPreEip8Ack() throws Exception {
        // EIP-8's Auth1 is sealed for key B: our responder with key B opens it and answers in kind
        Side responder = start(protocol(NodeKey.of(Eip8Vectors.key("static-key-b"))), Direction.INBOUND, Optional.empty());
        responder.channel().writeInbound(Unpooled.wrappedBuffer(Eip8Vectors.bytes("auth1")));
        byte[] wire = drain(responder.channel());
        byte[] ack = Arrays.copyOf(wire, RlpxHandshake.PLAIN_ACK_SIZE);
        assertTrue(RlpxHandshake.isPlain(Eip8Vectors.key("static-key-a"), ack));
        assertFalse(responder.session().isDone(), "waiting for Hello");
        assertTrue(wire.length > RlpxHandshake.PLAIN_ACK_SIZE, "our Hello follows the ack");
    }

    @Test
    void aWrongFrameMacFails() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer);
        byte[] hello = peer.hello();
        hello[hello.length - 1] ^= 1; // the frame MAC
        responder.channel().writeInbound(Unpooled.wrappedBuffer(hello));
        HandshakeResult r = responder.result();
        assertOutcome(r, "FAILED", ReasonCode.BAD_CHECKSUM);
        assertTrue(r.outcome().reason().orElseThrow().contains("frame body MAC"), r.toString());
    }

    @Test
    void aFrameHeaderDeclaring16MegabytesFailsBeforeTheBody() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer);
        byte[] huge = peer.rawFrame(new byte[RlpxFrameCipher.MAX_FRAME_SIZE]);
        responder.channel().writeInbound(Unpooled.wrappedBuffer(huge, 0, 32)); // the header alone
        HandshakeResult r = responder.result();
        assertOutcome(r, "FAILED", ReasonCode.OVERSIZED_FRAME);
        assertTrue(r.outcome().reason().orElseThrow().contains("16777215"), r.toString());
    }

    @Test
    void aSnappyHeaderDeclaringAGigabyteFails() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer, true);
        byte[] bomb = peer.rawFrame(new byte[] {RlpxMessage.PING, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 0x00});
        responder.channel().writeInbound(Unpooled.wrappedBuffer(bomb));
        HandshakeResult r = responder.result();
        assertOutcome(r, "PARTIAL", ReasonCode.OVERSIZED_FRAME);
        assertTrue(r.outcome().reason().orElseThrow().contains("1073741824"), r.toString());
    }

    @Test
    void aHelloWithTenThousandCapabilitiesIsRefused() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer);
        List<Hello.Capability> caps = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            caps.add(new Hello.Capability("eth", 68));
        }
        responder.channel().writeInbound(Unpooled.wrappedBuffer(peer.hello(5, caps)));
        HandshakeResult r = responder.result();
        assertOutcome(r, "FAILED", ReasonCode.MALFORMED_MESSAGE);
        assertTrue(r.outcome().reason().orElseThrow().contains("more than 64 capabilities"), r.toString());
    }

    /** A frame of size 0 carries no message id: malformed, not an internal error (RlpxFrameFuzzTest found the NPE). */
    @Test
    void anEmptyFrameIsAMalformedMessage() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer);
        responder.channel().writeInbound(Unpooled.wrappedBuffer(peer.rawFrame(new byte[0])));
        assertOutcome(responder.result(), "FAILED", ReasonCode.MALFORMED_MESSAGE);
    }

    @Test
    void aHelloWithAnotherNodeIdIsRefused() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer);
        byte[] impostor = peer.frame(RlpxMessage.HELLO, new Hello(5, "x", List.of(new Hello.Capability("eth", 68)), 0,
                EthCrypto.encode64(NodeKey.random().publicKey())).encode());
        responder.channel().writeInbound(Unpooled.wrappedBuffer(impostor));
        assertOutcome(responder.result(), "FAILED", ReasonCode.PROTOCOL_VIOLATION);
    }

    @Test
    void aStatusOfAnotherChainIsPartialWrongNetwork() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer, true);
        EthereumNetwork sepolia = EthereumNetwork.SEPOLIA;
        byte[] status = peer.frame(RlpxMessage.STATUS, EthStatus.genesisOnly(sepolia, 68).encode());
        responder.channel().writeInbound(Unpooled.wrappedBuffer(status));
        HandshakeResult r = responder.result();
        assertOutcome(r, "PARTIAL", ReasonCode.WRONG_NETWORK);
        assertTrue(r.outcome().reason().orElseThrow().contains("11155111 is sepolia"), r.toString());
        List<RlpxMessage> sent = peer.read(drain(responder.channel()));
        RlpxMessage last = sent.get(sent.size() - 1);
        assertEquals(RlpxMessage.DISCONNECT, last.code(), "we say why");
        assertEquals(DisconnectReason.SUBPROTOCOL.code(), DisconnectReason.decode(last.data()).getAsLong());
        responder.channel().close();
        assertEquals(List.of(), peer.read(drain(responder.channel())), "one Disconnect only");
    }

    @Test
    void aStaleForkIdIsPartialWrongNetwork() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer, true);
        // Prague without knowledge of Osaka: stale by go-ethereum's rule 2
        byte[] status = peer.frame(RlpxMessage.STATUS, new EthStatus(68, 1, NET.genesisHash(), new ForkId(0xc376cf8b, 0),
                new byte[32], Optional.of(BigInteger.ONE), OptionalLong.empty(), OptionalLong.empty()).encode());
        responder.channel().writeInbound(Unpooled.wrappedBuffer(status));
        HandshakeResult r = responder.result();
        assertOutcome(r, "PARTIAL", ReasonCode.WRONG_NETWORK);
        EthereumPeer.Report report = ((EthereumPeer) r.peer().orElseThrow()).report(r.messages());
        assertEquals(Boolean.FALSE, report.forkIdCompatible());
    }

    @Test
    void helloThenSilenceIsPartialAtTheDeadline() throws Exception {
        NodeKey ours = NodeKey.random();
        EthereumProtocol protocol = protocol(ours);
        Side responder = start(protocol, Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer, true);
        responder.session().deadlineExpired(protocol.awaited(responder.session())); // what SessionSupervisor does
        HandshakeResult r = responder.result();
        assertOutcome(r, "PARTIAL", ReasonCode.TIMEOUT);
        assertTrue(r.outcome().reason().orElseThrow().endsWith("waiting for Status"), r.toString());
    }

    @Test
    void pingsAreAnsweredBeforeStatus() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer, true);
        responder.channel().writeInbound(Unpooled.wrappedBuffer(peer.frame(RlpxMessage.PING, RlpxMessage.EMPTY_LIST)));
        List<RlpxMessage> sent = peer.read(drain(responder.channel()));
        assertEquals(RlpxMessage.PONG, sent.get(sent.size() - 1).code());
        assertFalse(responder.session().isDone());
    }

    @Test
    void endlessPingsRunOutOfBudget() throws Exception {
        NodeKey ours = NodeKey.random();
        Side responder = start(protocol(ours), Direction.INBOUND, Optional.empty());
        ScriptedPeer peer = new ScriptedPeer();
        responderPastAuth(responder, ours, peer, true);
        for (int i = 0; i < 40 && !responder.session().isDone(); i++) {
            responder.channel().writeInbound(Unpooled.wrappedBuffer(peer.frame(RlpxMessage.PING, RlpxMessage.EMPTY_LIST)));
            drain(responder.channel());
        }
        assertOutcome(responder.result(), "PARTIAL", ReasonCode.TOO_MANY_FRAMES);
    }

    @Test
    void theEip8HelloWithVersion55AndExtraFieldsIsRead() throws Exception {
        Hello hello = Hello.decode(Eip8Vectors.bytes("hello22"));
        assertEquals(55, hello.version());
        assertEquals("kneth/v0.91/plan9", hello.clientId());
        assertEquals(List.of(new Hello.Capability("eth", 61), new Hello.Capability("mork", 22)), hello.capabilities());
        assertEquals(9999, hello.listenPort());
        assertNotNull(hello.nodeId());
        assertInstanceOf(String.class, hello.nodeIdHex());
    }
}
