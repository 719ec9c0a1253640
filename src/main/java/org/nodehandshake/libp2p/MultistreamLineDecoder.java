package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.ReasonCode;

/**
 * The first phase's decoder: multistream-select messages on the raw connection, one at a time, until
 * the security protocol is agreed (then the handshake replaces this decoder, and the bytes after the
 * agreeing message go to the next one). A declared length over {@link MultistreamSelect}'s cap is
 * refused before the message arrives; a message without its newline is malformed.
 */
final class MultistreamLineDecoder extends GuardedFrameDecoder {

    MultistreamLineDecoder(HandshakeBudget budget) {
        super(budget);
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        try {
            if (MultistreamSelect.read(in).isEmpty()) {
                return;
            }
        } catch (StreamMuxer.Violation e) {
            fail(in, out, ReasonCode.OVERSIZED_FRAME, e.getMessage());
            return;
        } catch (MalformedMessageException e) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "multistream-select: " + e.getMessage());
            return;
        }
        byte[] message = new byte[in.readerIndex() - start];
        in.getBytes(start, message);
        if (consumed(in, out, message.length)) {
            out.add(new Libp2pFrame.Line(message));
        }
    }
}
