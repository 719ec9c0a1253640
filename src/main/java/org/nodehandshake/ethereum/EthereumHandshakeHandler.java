package org.nodehandshake.ethereum;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.bouncycastle.math.ec.ECPoint;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeHandler;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both sides of the Ethereum handshake as one small state machine:
 * <pre>
 *   initiator: connect --send auth--> AWAIT_ACK --ack / send Hello--> AWAIT_HELLO
 *   responder: accept --> AWAIT_AUTH --auth / send ack, Hello--> AWAIT_HELLO
 *   both:      AWAIT_HELLO --their Hello / send Status--> AWAIT_STATUS --their Status, ours written--> CONCLUDED
 * </pre>
 * Once auth and ack are exchanged the auth decoder is replaced by the frame decoder (the bytes after
 * the packet go to it). Snappy goes on both ways after the peer's Hello says version 5 or more. A
 * Disconnect ends the handshake in every state with its reason mapped ({@link DisconnectReason});
 * a Ping is answered; other p2p messages are recorded and ignored; an eth message before Status is a
 * violation. After SUCCESS the channel may linger: Pings are answered, a Disconnect closes.
 */
final class EthereumHandshakeHandler extends HandshakeHandler<RlpxPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(EthereumHandshakeHandler.class);

    static final String DECODER = "rlpx-decoder";

    enum State { AWAIT_AUTH, AWAIT_ACK, AWAIT_HELLO, AWAIT_STATUS }

    private final EthereumProtocol protocol;
    private final RlpxFrameEncoder encoder;
    private State state;
    private ECPoint remoteKey;
    private BigInteger ephemeral;
    private byte[] nonce;
    private byte[] ourAuth;
    private boolean snappy;
    private int ethVersion;
    private EthereumPeer peer;
    private ChannelFuture ourStatus;

    /**
     * @param remoteKey the peer's node id as a key, for the initiator (from the target); empty for a responder
     */
    EthereumHandshakeHandler(EthereumProtocol protocol, HandshakeSession session, RlpxFrameEncoder encoder,
                             Optional<ECPoint> remoteKey) {
        super(session, RlpxPacket.class, "messages");
        this.protocol = protocol;
        this.encoder = encoder;
        this.remoteKey = remoteKey.orElse(null);
        this.state = session.direction() == Direction.OUTBOUND ? State.AWAIT_ACK : State.AWAIT_AUTH;
    }

    @Override
    protected void opened(ChannelHandlerContext ctx) {
        if (session.direction() != Direction.OUTBOUND) {
            return; // a responder waits for the auth
        }
        ephemeral = EthCrypto.newPrivateKey();
        nonce = RlpxHandshake.newNonce();
        ourAuth = RlpxHandshake.sealAuth(protocol.nodeKey().privateKey(), remoteKey, ephemeral, nonce);
        LOG.info("auth: Sending {} bytes to {}", ourAuth.length, session.target().endpoint());
        send(ctx, Unpooled.wrappedBuffer(ourAuth));
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, RlpxPacket packet) {
        switch (state) {
            case AWAIT_ACK -> onAck(ctx, (RlpxPacket.HandshakePacket) packet);
            case AWAIT_AUTH -> onAuth(ctx, (RlpxPacket.HandshakePacket) packet);
            default -> onMessage(ctx, ((RlpxPacket.Frame) packet).payload());
        }
    }

    private void onAck(ChannelHandlerContext ctx, RlpxPacket.HandshakePacket packet) {
        session.received("ack");
        RlpxHandshake.Ack ack;
        try {
            ack = RlpxHandshake.openAck(protocol.nodeKey().privateKey(), packet.bytes(), packet.eip8());
        } catch (RlpxHandshake.HandshakeException e) {
            end(e.code(), "unreadable ack: " + e.getMessage());
            return;
        }
        startFraming(ctx, RlpxSecrets.derive(true, ephemeral, ack.recipientEphemeral(), nonce, ack.nonce(), ourAuth,
                packet.bytes()));
    }

    private void onAuth(ChannelHandlerContext ctx, RlpxPacket.HandshakePacket packet) {
        session.received("auth");
        RlpxHandshake.Auth auth;
        try {
            auth = RlpxHandshake.openAuth(protocol.nodeKey().privateKey(), packet.bytes(), packet.eip8());
        } catch (RlpxHandshake.HandshakeException e) {
            end(e.code(), "unreadable auth: " + e.getMessage());
            return;
        }
        if (auth.initiatorKey().equals(protocol.nodeKey().publicKey())) {
            end(ReasonCode.SELF_CONNECTION, "self-connection: the auth comes from our own node key");
            return;
        }
        remoteKey = auth.initiatorKey();
        ephemeral = EthCrypto.newPrivateKey();
        nonce = RlpxHandshake.newNonce();
        byte[] ack = RlpxHandshake.sealAck(remoteKey, ephemeral, nonce, auth.eip8());
        LOG.info("ack: Sending {} bytes to {}{}", ack.length, session.target().endpoint(), auth.eip8() ? "" : " (pre-EIP-8 form)");
        send(ctx, Unpooled.wrappedBuffer(ack));
        startFraming(ctx, RlpxSecrets.derive(false, ephemeral, auth.initiatorEphemeral(), auth.nonce(), nonce,
                packet.bytes(), ack));
    }

    /**
     * The keys exist: frames from now on, both ways. Everything is in place before the decoder is
     * replaced, because the replacement hands it the bytes that followed the packet at once (the
     * peer's Hello may be among them, and arrive here before this method returns).
     */
    private void startFraming(ChannelHandlerContext ctx, RlpxSecrets secrets) {
        RlpxFrameCipher cipher = new RlpxFrameCipher(secrets);
        encoder.start(cipher);
        state = State.AWAIT_HELLO;
        send(ctx, new RlpxMessage(RlpxMessage.HELLO, protocol.ourHello().encode()));
        ctx.pipeline().replace(DECODER, DECODER, new RlpxFrameDecoder(cipher, EthereumProtocol.MAX_FRAME, session.budget()));
    }

    private void onMessage(ChannelHandlerContext ctx, byte[] payload) {
        int code;
        byte[] data;
        try {
            Rlp.Decoded id = Rlp.decodePrefix(payload, 1);
            long c = id.item().number("message id");
            if (c > 0xff) {
                throw new MalformedRlpException("message id " + c);
            }
            code = (int) c;
            data = Arrays.copyOfRange(payload, id.length(), payload.length);
        } catch (MalformedRlpException e) {
            end(ReasonCode.MALFORMED_MESSAGE, "malformed frame payload: " + e.getMessage());
            return;
        }
        session.received(RlpxMessage.name(code));
        if (snappy) {
            try {
                data = Snappy.decompress(data, EthereumProtocol.MAX_FRAME);
            } catch (Snappy.SnappyException e) {
                if (e.oversized()) {
                    end(ReasonCode.OVERSIZED_FRAME, "oversized " + RlpxMessage.name(code) + ": " + e.getMessage());
                    return;
                } else if (code != RlpxMessage.DISCONNECT) { // a Disconnect may come uncompressed: read it as it is
                    end(ReasonCode.MALFORMED_MESSAGE, "malformed " + RlpxMessage.name(code) + ": " + e.getMessage());
                    return;
                }
            }
        }
        switch (code) {
            case RlpxMessage.HELLO -> onHello(ctx, data);
            case RlpxMessage.DISCONNECT -> onDisconnect(data);
            case RlpxMessage.PING -> send(ctx, new RlpxMessage(RlpxMessage.PONG, RlpxMessage.EMPTY_LIST));
            case RlpxMessage.STATUS -> onStatus(ctx, data);
            default -> {
                if (state == State.AWAIT_HELLO) {
                    end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: " + RlpxMessage.name(code) + " before Hello");
                } else if (code > RlpxMessage.STATUS && code < RlpxMessage.ETH_OFFSET + RlpxMessage.ETH69_MESSAGES) {
                    end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: " + RlpxMessage.name(code) + " before Status");
                }
                // a Pong or another p2p message: recorded and ignored
            }
        }
    }

    private void onHello(ChannelHandlerContext ctx, byte[] data) {
        if (state != State.AWAIT_HELLO) {
            end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: second Hello");
            return;
        }
        Hello hello;
        try {
            hello = Hello.decode(data);
        } catch (MalformedRlpException e) {
            end(ReasonCode.MALFORMED_MESSAGE, "malformed Hello: " + e.getMessage());
            return;
        }
        if (!Arrays.equals(hello.nodeId(), EthCrypto.encode64(remoteKey))) {
            disconnect(ctx, DisconnectReason.UNEXPECTED_IDENTITY);
            end(ReasonCode.PROTOCOL_VIOLATION, "Hello node id " + hello.nodeIdHex().substring(0, 16)
                    + "... is not the key that made the RLPx handshake");
            return;
        }
        if (hello.version() < 4) {
            disconnect(ctx, DisconnectReason.INCOMPATIBLE_VERSION);
            end(ReasonCode.OBSOLETE_VERSION, "p2p version " + hello.version() + " (at least 4 expected)");
            return;
        }
        OptionalInt shared = OptionalInt.empty();
        for (int v : EthereumProtocol.ETH_VERSIONS) {
            if (shared.isEmpty() && hello.capabilities().contains(new Hello.Capability("eth", v))) {
                shared = OptionalInt.of(v);
            }
        }
        peer = EthereumPeer.of(hello, shared);
        session.peerIdentified(peer);
        snappy = hello.version() >= 5;
        encoder.compress(snappy);
        LOG.info("{} node {} is {} (p2p {}, {})", session.direction() == Direction.OUTBOUND ? "Target" : "Inbound",
                session.target().endpoint(), hello.clientId(), hello.version(), hello.capabilities());
        if (shared.isEmpty()) {
            disconnect(ctx, DisconnectReason.USELESS_PEER);
            boolean anyEth = hello.capabilities().stream().anyMatch(c -> c.name().equals("eth"));
            end(anyEth ? ReasonCode.OBSOLETE_VERSION : ReasonCode.WRONG_NETWORK, "no shared eth version: the node offers "
                    + hello.capabilities() + ", we offer eth/68 and eth/69");
            return;
        }
        ethVersion = shared.getAsInt();
        state = State.AWAIT_STATUS;
        ourStatus = send(ctx, new RlpxMessage(RlpxMessage.STATUS, protocol.ourStatus(ethVersion).encode()));
    }

    private void onStatus(ChannelHandlerContext ctx, byte[] data) {
        if (state != State.AWAIT_STATUS) {
            end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: Status before Hello");
            return;
        }
        EthStatus status;
        try {
            status = EthStatus.decode(data, ethVersion);
        } catch (MalformedRlpException e) {
            end(ReasonCode.MALFORMED_MESSAGE, "malformed Status: " + e.getMessage());
            return;
        }
        ForkId.Verdict verdict = protocol.judge(status.forkId());
        peer = peer.withStatus(status, verdict);
        session.peerIdentified(peer);
        EthereumNetwork ours = protocol.network();
        if (status.networkId() != ours.networkId()) {
            String other = EthereumNetwork.namesWithNetworkId(status.networkId());
            refuse(ctx, "wrong network id: " + status.networkId() + " (expected: " + ours.networkId()
                    + (other.isEmpty() ? "" : "; " + status.networkId() + " is " + other) + ")");
        } else if (!Arrays.equals(status.genesis(), ours.genesisHash())) {
            refuse(ctx, "wrong genesis: " + status.genesisHex() + " (expected: " + ours.genesisHashHex() + ")");
        } else if (verdict != ForkId.Verdict.COMPATIBLE) {
            refuse(ctx, "fork id " + status.forkId() + " " + verdict.description() + " (ours at genesis: "
                    + ours.genesisForkId() + ")");
        } else {
            LOG.info("Status from {}: eth/{}, network {}, fork id {}", session.target().endpoint(), ethVersion,
                    status.networkId(), status.forkId());
            concludeWhenWritten(ctx, ourStatus, "Status");
        }
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        disconnect(ctx, DisconnectReason.SUBPROTOCOL);
        end(ReasonCode.WRONG_NETWORK, why);
    }

    private void onDisconnect(byte[] data) {
        OptionalLong reason;
        try {
            reason = DisconnectReason.decode(data);
        } catch (MalformedRlpException e) {
            end(ReasonCode.REFUSED_BY_PEER, "peer disconnected (unreadable reason " + HexFormat.of().formatHex(data, 0,
                    Math.min(data.length, 16)) + ")");
            return;
        }
        String described = reason.isPresent() ? DisconnectReason.describe(reason.getAsLong()) : "no reason given";
        if (peer != null) {
            peer = peer.withDisconnect(described);
            session.peerIdentified(peer);
        }
        ReasonCode code = reason.isPresent() ? DisconnectReason.reasonCode(reason.getAsLong()) : ReasonCode.REFUSED_BY_PEER;
        end(code, "peer disconnected: " + described + " while waiting for " + awaited());
    }

    private void disconnect(ChannelHandlerContext ctx, DisconnectReason reason) {
        send(ctx, new RlpxMessage(RlpxMessage.DISCONNECT, reason.encode()));
    }

    /** After SUCCESS, while the engine lets the connection linger: Pings answered, a Disconnect closes. */
    @Override
    protected void lingering(ChannelHandlerContext ctx, RlpxPacket packet) {
        if (!(packet instanceof RlpxPacket.Frame frame) || frame.payload().length == 0) {
            return;
        }
        int code = frame.payload()[0] & 0xff;
        if (code == RlpxMessage.PING) {
            send(ctx, new RlpxMessage(RlpxMessage.PONG, RlpxMessage.EMPTY_LIST));
        } else if (code == RlpxMessage.DISCONNECT) {
            endLinger(ctx, "the node sent Disconnect");
        }
    }

    @Override
    protected String awaited() {
        return switch (state) {
            case AWAIT_AUTH -> "auth";
            case AWAIT_ACK -> "ack";
            case AWAIT_HELLO -> "Hello";
            case AWAIT_STATUS -> "Status";
        };
    }
}
