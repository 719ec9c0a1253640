package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.OptionalLong;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.HandshakeTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiator's side of the v1 handshake as a small state machine:
 * <pre>
 *   connect --send version--> AWAIT_VERSION --their version / send verack--> AWAIT_VERACK
 *   AWAIT_VERACK --their verack (ours written)--> DONE (SUCCESS)
 * </pre>
 * Feature messages (wtxidrelay, sendaddrv2, sendcmpct, ...) are recorded and otherwise ignored; a ping
 * is answered. The first violation ends the session with a reason; the engine then closes the channel.
 */
final class BitcoinInitiatorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(BitcoinInitiatorHandler.class);

    enum State { AWAIT_VERSION, AWAIT_VERACK, DONE }

    private final BitcoinProtocol protocol;
    private final HandshakeSession session;
    private final HandshakeTarget target;
    private State state = State.AWAIT_VERSION;
    private int frames;
    private long ourNonce;
    private ChannelFuture ourVerack;

    BitcoinInitiatorHandler(BitcoinProtocol protocol, HandshakeSession session) {
        this.protocol = protocol;
        this.session = session;
        this.target = session.target();
    }

    State state() {
        return state;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.connected();
        ourNonce = protocol.newNonce();
        session.result().whenComplete((r, e) -> protocol.forgetNonce(ourNonce));
        VersionMessage version = protocol.ourVersion(target.address(), target.port(), ourNonce);
        send(ctx, version);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session.isDone()) {
            return; // the engine is closing the channel; nothing more counts
        }
        if (msg instanceof BitcoinInbound.FrameError error) {
            end(error.reason());
        } else if (msg instanceof BitcoinFrame frame) {
            onFrame(ctx, frame);
        }
    }

    private void onFrame(ChannelHandlerContext ctx, BitcoinFrame frame) {
        if (++frames > protocol.maxFramesBeforeConclusion()) {
            end("too many messages before the handshake concluded (limit: "
                    + protocol.maxFramesBeforeConclusion() + ")");
            return;
        }
        session.received(frame.command());
        BitcoinMessage message;
        try {
            message = BitcoinMessage.read(frame);
        } catch (MalformedMessageException e) {
            end("malformed " + e.getMessage());
            return;
        }
        if (message instanceof VersionMessage version) {
            onVersion(ctx, version);
        } else if (message instanceof BitcoinMessage.Verack) {
            onVerack();
        } else if (message instanceof BitcoinMessage.Ping ping) {
            send(ctx, new BitcoinMessage.Pong(ping.nonce()));
        }
    }

    private void onVersion(ChannelHandlerContext ctx, VersionMessage version) {
        if (state != State.AWAIT_VERSION) {
            end("protocol violation: second version message");
            return;
        }
        if (version.version() < BitcoinProtocol.MIN_PEER_PROTOCOL_VERSION) {
            end("obsolete protocol version " + version.version() + " (minimum: "
                    + BitcoinProtocol.MIN_PEER_PROTOCOL_VERSION + ")");
            return;
        }
        OptionalLong nonce = version.nonce();
        if (nonce.isPresent() && protocol.isOurNonce(nonce.getAsLong())) {
            end("self-connection: peer echoed our nonce " + Long.toUnsignedString(nonce.getAsLong(), 16));
            return;
        }
        session.peerVersion(version.toPeerVersion());
        LOG.info("Target node {} accepts messages up to version {} ({}, height {})", target.endpoint(),
                version.version(), version.toPeerVersion().userAgent(), version.startHeight());
        state = State.AWAIT_VERACK;
        ourVerack = send(ctx, new BitcoinMessage.Verack());
    }

    private void onVerack() {
        if (state == State.AWAIT_VERSION) {
            end("protocol violation: verack before version");
            return;
        }
        if (state == State.DONE) {
            return;
        }
        LOG.info("verack received from {}", target.endpoint());
        state = State.DONE;
        // Concluded only once our own verack is on the wire, not merely queued.
        ourVerack.addListener(f -> {
            if (f.isSuccess()) {
                session.concluded();
            } else {
                session.fail("could not send verack: " + f.cause());
            }
        });
    }

    private ChannelFuture send(ChannelHandlerContext ctx, BitcoinMessage message) {
        ByteBuf out = ctx.alloc().buffer();
        BitcoinFrame frame = BitcoinFrame.of(message, out);
        out.clear();
        frame.write(out, protocol.magic());
        LOG.info("{}: Sending {} bytes to {}", message.command(), frame.wireSize(), target.endpoint());
        return ctx.writeAndFlush(out);
    }

    private void end(String reason) {
        state = State.DONE;
        session.fail(reason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException io && io.getMessage() != null
                && io.getMessage().toLowerCase(java.util.Locale.ROOT).contains("reset")) {
            end("connection reset by peer while waiting for " + awaited());
        } else if (cause instanceof IOException) {
            end("I/O error while waiting for " + awaited() + ": " + cause.getMessage());
        } else {
            // A bug of ours, not the peer's: still an outcome with a reason, never a hang.
            end("internal error while waiting for " + awaited() + ": " + cause);
        }
    }

    String awaited() {
        return state == State.AWAIT_VERSION ? "version" : "verack";
    }
}
