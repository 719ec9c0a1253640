package org.nodehandshake.bitcoin;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.util.OptionalLong;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeHandler;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both sides of the v1 handshake as one small state machine; only who speaks first differs:
 * <pre>
 *   initiator: connect --send version--> AWAIT_VERSION --their version / send verack--> AWAIT_VERACK
 *   responder: accept --> AWAIT_VERSION --their version / send version, verack--> AWAIT_VERACK
 *   both:      AWAIT_VERACK --their verack, ours written--> CONCLUDED (SUCCESS)
 * </pre>
 * Feature messages (wtxidrelay, sendaddrv2, sendcmpct, ...) are recorded and otherwise ignored; a
 * ping is answered. The first violation ends the session with a reason; the engine then closes the
 * channel. After SUCCESS the channel may linger: pings are still answered, everything else ignored.
 */
final class BitcoinHandshakeHandler extends HandshakeHandler<BitcoinFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(BitcoinHandshakeHandler.class);

    enum State { AWAIT_VERSION, AWAIT_VERACK }

    private final BitcoinProtocol protocol;
    private final HandshakeTarget target;
    private State state = State.AWAIT_VERSION;
    private long ourNonce;
    private ChannelFuture ourVerack;

    BitcoinHandshakeHandler(BitcoinProtocol protocol, HandshakeSession session) {
        super(session, BitcoinFrame.class, "messages");
        this.protocol = protocol;
        this.target = session.target();
    }

    @Override
    protected void opened(ChannelHandlerContext ctx) {
        ourNonce = protocol.newNonce();
        session.result().whenComplete((r, e) -> protocol.forgetNonce(ourNonce));
        if (session.direction() == Direction.OUTBOUND) {
            sendVersion(ctx); // the initiator speaks first; a responder waits for the peer's version
        }
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, BitcoinFrame frame) {
        session.received(frame.command());
        BitcoinMessage message;
        try {
            message = BitcoinMessage.read(frame);
        } catch (MalformedMessageException e) {
            end(ReasonCode.MALFORMED_MESSAGE, "malformed " + e.getMessage());
            return;
        }
        if (message instanceof VersionMessage version) {
            onVersion(ctx, version);
        } else if (message instanceof BitcoinMessage.Verack) {
            onVerack(ctx);
        } else if (message instanceof BitcoinMessage.Ping ping) {
            send(ctx, new BitcoinMessage.Pong(ping.nonce()));
        }
    }

    private void onVersion(ChannelHandlerContext ctx, VersionMessage version) {
        if (state != State.AWAIT_VERSION) {
            end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: second version message");
            return;
        }
        if (version.version() < BitcoinProtocol.MIN_PEER_PROTOCOL_VERSION) {
            end(ReasonCode.OBSOLETE_VERSION, "obsolete protocol version " + version.version() + " (minimum: "
                    + BitcoinProtocol.MIN_PEER_PROTOCOL_VERSION + ")");
            return;
        }
        OptionalLong nonce = version.nonce();
        if (nonce.isPresent() && protocol.isOurNonce(nonce.getAsLong())) {
            end(ReasonCode.SELF_CONNECTION, "self-connection: peer echoed our nonce " + Long.toUnsignedString(nonce.getAsLong(), 16));
            return;
        }
        BitcoinPeer peer = version.toPeer().spokeOver(session.transport());
        session.peerIdentified(peer);
        if (LOG.isInfoEnabled()) {
            LOG.info("{} node {} accepts messages up to version {} ({}, height {})",
                    session.direction() == Direction.OUTBOUND ? "Target" : "Inbound", target.endpoint(),
                    version.version(), peer.userAgent(), version.startHeight());
        }
        if (session.direction() == Direction.INBOUND) {
            // our version and verack leave in one write: one system call, as Bitcoin Core sends both at once
            queue(ctx, ourVersion());
        }
        state = State.AWAIT_VERACK;
        ourVerack = send(ctx, new BitcoinMessage.Verack());
    }

    private void onVerack(ChannelHandlerContext ctx) {
        if (state == State.AWAIT_VERSION) {
            end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: verack before version");
            return;
        }
        if (LOG.isInfoEnabled()) {
            LOG.info("verack received from {}", target.endpoint());
        }
        concludeWhenWritten(ctx, ourVerack, "verack");
    }

    /** After SUCCESS, while the engine lets the connection linger: answer pings, ignore the rest. */
    @Override
    protected void lingering(ChannelHandlerContext ctx, BitcoinFrame frame) {
        if (frame.command().equals(BitcoinMessage.Ping.COMMAND)) {
            try {
                if (BitcoinMessage.read(frame) instanceof BitcoinMessage.Ping ping) {
                    send(ctx, new BitcoinMessage.Pong(ping.nonce()));
                }
            } catch (MalformedMessageException e) {
                endLinger(ctx, "malformed ping: " + e.getMessage());
            }
        }
    }

    private void sendVersion(ChannelHandlerContext ctx) {
        send(ctx, ourVersion());
    }

    private VersionMessage ourVersion() {
        return protocol.ourVersion(target.address(), target.port(), ourNonce, session.direction());
    }

    @Override
    protected String awaited() {
        return state == State.AWAIT_VERSION ? "version" : "verack";
    }
}
