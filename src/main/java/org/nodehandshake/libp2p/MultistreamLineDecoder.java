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
 * refused before the message arrives; a message without its newline is malformed. Both sides open with
 * the header {@code /multistream/1.0.0}, so a first message declaring another short length is refused from
 * that first byte (an HTTP request or another protocol's greeting fails at once, not at the deadline).
 */
final class MultistreamLineDecoder extends GuardedFrameDecoder {

    /** The header's length as its varint declares it: the text and its newline. */
    private static final int HEADER_LENGTH = MultistreamSelect.PROTOCOL.length() + 1;

    private boolean first = true;

    MultistreamLineDecoder(HandshakeBudget budget) {
        super(budget);
    }

    @Override
    protected void decodeFrame(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        // a one-byte length other than the header's: a longer one goes on to the size cap's own refusal
        int declared = in.isReadable() ? in.getUnsignedByte(start) : HEADER_LENGTH;
        if (first && declared < 0x80 && declared != HEADER_LENGTH) {
            fail(in, out, ReasonCode.MALFORMED_FRAME, "not multistream-select: the first message declares "
                    + declared + " bytes, the " + MultistreamSelect.PROTOCOL + " header " + HEADER_LENGTH);
            return;
        }
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
        first = false;
        byte[] message = new byte[in.readerIndex() - start];
        in.getBytes(start, message);
        if (consumed(in, out, message.length)) {
            out.add(new Libp2pFrame.Line(message));
        }
    }
}
