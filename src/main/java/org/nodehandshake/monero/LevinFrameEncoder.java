package org.nodehandshake.monero;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Optional;
import org.nodehandshake.protocol.HandshakeSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frames the messages the handshake writes: the 33-byte Levin header and the portable-storage body. */
final class LevinFrameEncoder extends MessageToByteEncoder<LevinMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(MoneroHandshakeHandler.class);

    private final HandshakeSession session;

    LevinFrameEncoder(HandshakeSession session) {
        super(LevinMessage.class);
        this.session = session;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, LevinMessage message, ByteBuf out) {
        LevinFrame frame = message.frame();
        frame.write(out);
        int size = LevinHeader.SIZE + frame.body().length;
        String endpoint = session.target().endpoint();
        if (session.isConcluding()) {
            LOG.debug("{}: Sending {} bytes to {} (lingering)", frame.describe(), size, endpoint);
        } else if (ourNodeData(message).isPresent()) {
            // Our peer id is what the node's get_connections shows for us: log it to match the two.
            LOG.info("{}: Sending {} bytes to {} (our peer id {})", frame.describe(), size, endpoint,
                    ourNodeData(message).get().peerIdHex());
        } else {
            LOG.info("{}: Sending {} bytes to {}", frame.describe(), size, endpoint);
        }
    }

    private static Optional<NodeData> ourNodeData(LevinMessage message) {
        if (message instanceof LevinMessage.HandshakeRequest request) {
            return Optional.of(request.nodeData());
        }
        return message instanceof LevinMessage.HandshakeResponse response
                ? Optional.of(response.nodeData()) : Optional.empty();
    }
}
