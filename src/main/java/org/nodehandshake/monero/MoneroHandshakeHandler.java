package org.nodehandshake.monero;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.util.OptionalInt;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.HandshakeHandler;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both sides of COMMAND_HANDSHAKE as one small state machine:
 * <pre>
 *   initiator: connect --send handshake request--> AWAIT_HANDSHAKE --their response--> CONCLUDED
 *   responder: accept --> AWAIT_HANDSHAKE --their request / send our response, written--> CONCLUDED
 * </pre>
 * A node asks a peer that reports no support flags for them (COMMAND_REQUEST_SUPPORT_FLAGS) and drops
 * it when no answer comes, so that request is answered in every state, as are pings and timed syncs
 * while a concluded connection lingers. Other packets before the handshake are recorded and ignored
 * (a real monerod sends a notification ahead of its response). The first violation ends the session with a reason; the
 * engine then closes the channel, without a reply, as monerod does.
 */
final class MoneroHandshakeHandler extends HandshakeHandler<LevinFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(MoneroHandshakeHandler.class);

    private final MoneroProtocol protocol;
    private long ourPeerId;

    MoneroHandshakeHandler(MoneroProtocol protocol, HandshakeSession session) {
        super(session, LevinFrame.class, "packets");
        this.protocol = protocol;
    }

    @Override
    protected void opened(ChannelHandlerContext ctx) {
        ourPeerId = protocol.newPeerId();
        session.result().whenComplete((r, e) -> protocol.forgetPeerId(ourPeerId));
        if (session.direction() == Direction.OUTBOUND) {
            send(ctx, new LevinMessage.HandshakeRequest(protocol.ourNodeData(ourPeerId), protocol.ourChain()));
        }
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, LevinFrame frame) {
        session.received(frame.describe());
        LevinHeader header = frame.header();
        int command = frame.command();
        if (command == LevinMessage.HANDSHAKE && session.direction() == Direction.OUTBOUND && header.isResponse()) {
            onHandshakeResponse(ctx, frame);
        } else if (command == LevinMessage.HANDSHAKE && session.direction() == Direction.INBOUND
                && header.isRequest() && header.expectsResponse()) {
            onHandshakeRequest(ctx, frame);
        } else if (command == LevinMessage.SUPPORT_FLAGS && header.isRequest()) {
            answerSupportFlags(ctx, frame);
        } else if (command == LevinMessage.HANDSHAKE) {
            end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: unexpected " + frame.describe()
                    + (session.direction() == Direction.OUTBOUND ? " from the node we contacted" : ""));
        } else if (header.isResponse()) {
            end(ReasonCode.PROTOCOL_VIOLATION, "protocol violation: " + frame.describe() + " to a request we never sent");
        }
        // Anything else is recorded and ignored: monerod itself sends a get_txpool_complement
        // notification before its handshake response, the moment it counts the handshake complete.

    }

    /** Initiator: the node's answer to our request. */
    private void onHandshakeResponse(ChannelHandlerContext ctx, LevinFrame frame) {
        int code = frame.header().returnCode();
        // epee's invoke treats every code <= 0 as a failed command (levin_abstract_invoke2.h); 1 is success.
        if (code <= 0) {
            end(ReasonCode.REFUSED_BY_PEER, "node refused the handshake: return code " + code + " (" + returnCodeName(code) + ")");
            return;
        }
        LevinMessage.HandshakeResponse response;
        try {
            response = (LevinMessage.HandshakeResponse) LevinMessage.read(frame, StorageLimits.HANDSHAKE);
        } catch (MalformedStorageException e) {
            end(ReasonCode.MALFORMED_MESSAGE, "malformed handshake response: " + e.getMessage());
            return;
        }
        if (!accept(response.nodeData(), response.payloadData(), OptionalInt.of(response.peerlistSize()))) {
            return;
        }
        concludeNow(ctx);
    }

    /** Responder: the node's request; answered with ours, concluded once that is on the wire. */
    private void onHandshakeRequest(ChannelHandlerContext ctx, LevinFrame frame) {
        LevinMessage.HandshakeRequest request;
        try {
            request = (LevinMessage.HandshakeRequest) LevinMessage.read(frame, StorageLimits.HANDSHAKE);
        } catch (MalformedStorageException e) {
            end(ReasonCode.MALFORMED_MESSAGE, "malformed handshake request: " + e.getMessage());
            return;
        }
        if (!accept(request.nodeData(), request.payloadData(), OptionalInt.empty())) {
            return;
        }
        ChannelFuture written = send(ctx, new LevinMessage.HandshakeResponse(
                protocol.ourNodeData(ourPeerId), protocol.ourChain(), 0));
        concludeWhenWritten(ctx, written, "the handshake response");
    }

    /** The checks monerod makes of a peer's node data, in its order; true when the peer passes. */
    private boolean accept(NodeData node, SyncData chain, OptionalInt peerlistSize) {
        if (!protocol.isOurNetwork(node.networkId())) {
            String other = MoneroNetwork.namesWithNetworkId(node.networkId());
            end(ReasonCode.WRONG_NETWORK, "wrong network id: " + node.networkIdHex() + " (expected: " + protocol.networkIdHex()
                    + (other.isEmpty() ? "" : "; " + node.networkIdHex() + " is " + other) + ")");
            return false;
        }
        if (protocol.isOurPeerId(node.peerId())) {
            end(ReasonCode.SELF_CONNECTION, "self-connection: peer id " + node.peerIdHex() + " is ours");
            return false;
        }
        session.peerIdentified(new MoneroPeer(node.networkIdHex(), node.peerIdHex(), node.myPort(), node.rpcPort(),
                node.supportFlags(), chain.currentHeight(), chain.difficulty(), chain.topIdHex(), chain.topVersion(),
                chain.pruningSeed(), peerlistSize));
        LOG.info("{} node {}: peer id {}, height {}, top {}",
                session.direction() == Direction.OUTBOUND ? "Target" : "Inbound", session.target().endpoint(),
                node.peerIdHex(), Long.toUnsignedString(chain.currentHeight()), chain.topIdHex());
        return true;
    }

    private void answerSupportFlags(ChannelHandlerContext ctx, LevinFrame frame) {
        if (frame.header().expectsResponse()) {
            send(ctx, new LevinMessage.SupportFlagsResponse(MoneroProtocol.OUR_SUPPORT_FLAGS));
        }
    }

    /** After SUCCESS, while the engine lets the connection linger: answer what a node asks, ignore the rest. */
    @Override
    protected void lingering(ChannelHandlerContext ctx, LevinFrame frame) {
        if (!frame.header().isRequest() || !frame.header().expectsResponse()) {
            return;
        }
        switch (frame.command()) {
            case LevinMessage.SUPPORT_FLAGS -> send(ctx, new LevinMessage.SupportFlagsResponse(MoneroProtocol.OUR_SUPPORT_FLAGS));
            case LevinMessage.PING -> send(ctx, new LevinMessage.PingResponse("OK", ourPeerId));
            case LevinMessage.TIMED_SYNC -> send(ctx, new LevinMessage.TimedSyncResponse(protocol.ourChain()));
            default -> {
                // Nothing else is asked of a peer that claims only the genesis block.
            }
        }
    }

    @Override
    protected String awaited() {
        return protocol.awaited(session);
    }

    /** epee's LEVIN_ERROR_* names (contrib/epee/include/net/levin_base.h). */
    static String returnCodeName(int code) {
        return switch (code) {
            case -1 -> "LEVIN_ERROR_CONNECTION";
            case -2 -> "LEVIN_ERROR_CONNECTION_NOT_FOUND";
            case -3 -> "LEVIN_ERROR_CONNECTION_DESTROYED";
            case -4 -> "LEVIN_ERROR_CONNECTION_TIMEDOUT";
            case -5 -> "LEVIN_ERROR_CONNECTION_NO_DUPLEX_PROTOCOL";
            case -6 -> "LEVIN_ERROR_CONNECTION_HANDLER_NOT_DEFINED";
            case -7 -> "LEVIN_ERROR_FORMAT";
            case 0 -> "LEVIN_OK without a result";
            default -> "unknown error";
        };
    }
}
