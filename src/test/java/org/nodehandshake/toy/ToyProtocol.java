package org.nodehandshake.toy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nodehandshake.protocol.Direction;
import org.nodehandshake.protocol.GuardedFrameDecoder;
import org.nodehandshake.protocol.HandshakeBudget;
import org.nodehandshake.protocol.HandshakeHandler;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.HandshakeSession;
import org.nodehandshake.protocol.ReasonCode;

/** The toy handshake (see {@link ToyModule}): codecs of both phases, and the state machine. */
final class ToyProtocol implements HandshakeProtocol {

    static final int MAX_LINE = 64;
    private static final HandshakeBudget.Limits LIMITS = new HandshakeBudget.Limits(8, 1024);

    private final ToyNetwork network;
    private final String ourName;

    ToyProtocol(ToyNetwork network, String ourName) {
        this.network = network;
        this.ourName = ourName;
    }

    @Override
    public void install(ChannelPipeline pipeline, HandshakeSession session) {
        pipeline.addLast("toy-decoder", new LineDecoder(session.budget()));
        pipeline.addLast("toy-encoder", new Encoder());
        pipeline.addLast("toy-handshake", new Handler(session));
    }

    @Override
    public HandshakeBudget.Limits limits() {
        return LIMITS;
    }

    @Override
    public String awaited(HandshakeSession session) {
        return session.hasPeer() ? "pong" : "the other side's line";
    }

    /** What the decoders emit and the encoder writes, in either phase. */
    sealed interface Message permits Line, Frame {
    }

    record Line(String text) implements Message {
    }

    record Frame(String text) implements Message {
    }

    /** Phase 1: text up to a newline, at most MAX_LINE bytes. */
    static final class LineDecoder extends GuardedFrameDecoder {
        LineDecoder(HandshakeBudget budget) {
            super(budget);
        }

        @Override
        protected void decodeFrame(ByteBuf in, List<Object> out) {
            int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (end < 0) {
                if (in.readableBytes() > MAX_LINE) {
                    fail(in, out, ReasonCode.OVERSIZED_FRAME, "line longer than " + MAX_LINE + " bytes");
                }
                return;
            }
            int length = end - in.readerIndex();
            String text = in.readCharSequence(length, StandardCharsets.US_ASCII).toString();
            in.skipBytes(1);
            if (consumed(in, out, length + 1)) {
                out.add(new Line(text));
            }
        }
    }

    /** Phase 2: a one-byte length, then that many bytes. */
    static final class FrameDecoder extends GuardedFrameDecoder {
        FrameDecoder(HandshakeBudget budget) {
            super(budget);
        }

        @Override
        protected void decodeFrame(ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 1) {
                return;
            }
            int length = in.getUnsignedByte(in.readerIndex());
            if (in.readableBytes() < 1 + length) {
                return;
            }
            in.skipBytes(1);
            String text = in.readCharSequence(length, StandardCharsets.US_ASCII).toString();
            if (consumed(in, out, 1 + length)) {
                out.add(new Frame(text));
            }
        }
    }

    static final class Encoder extends MessageToByteEncoder<Message> {
        @Override
        protected void encode(ChannelHandlerContext ctx, Message message, ByteBuf out) {
            if (message instanceof Line line) {
                out.writeCharSequence(line.text() + "\n", StandardCharsets.US_ASCII);
            } else {
                String text = ((Frame) message).text();
                out.writeByte(text.length());
                out.writeCharSequence(text, StandardCharsets.US_ASCII);
            }
        }
    }

    /** Both roles; the decoder is replaced between the phases, the session's budget carries on. */
    final class Handler extends HandshakeHandler<Message> {
        private boolean framed;

        Handler(HandshakeSession session) {
            super(session, Message.class, "messages");
        }

        @Override
        protected void opened(ChannelHandlerContext ctx) {
            if (session.direction() == Direction.OUTBOUND) {
                send(ctx, new Line("KNOCK " + network.id()));
            }
        }

        @Override
        protected void onFrame(ChannelHandlerContext ctx, Message message) {
            session.received(message instanceof Line l ? "line " + l.text() : "frame " + ((Frame) message).text());
            if (!framed && message instanceof Line line) {
                onLine(ctx, line.text());
            } else if (framed && message instanceof Frame frame) {
                onFrameMessage(ctx, frame.text());
            } else {
                end(ReasonCode.PROTOCOL_VIOLATION, "a message of the wrong phase");
            }
        }

        private void onLine(ChannelHandlerContext ctx, String text) {
            if (session.direction() == Direction.OUTBOUND) {
                if (!text.startsWith("WELCOME ")) {
                    end(ReasonCode.PROTOCOL_VIOLATION, "expected WELCOME, got: " + text);
                    return;
                }
                session.peerIdentified(new ToyPeer(text.substring(8)));
                nextPhase(ctx);
                send(ctx, new Frame("ping"));
            } else {
                if (!text.equals("KNOCK " + network.id())) {
                    end(ReasonCode.WRONG_NETWORK, "knocked for another network: " + text);
                    return;
                }
                session.peerIdentified(new ToyPeer(network.id()));
                nextPhase(ctx);
                send(ctx, new Line("WELCOME " + ourName));
            }
        }

        private void onFrameMessage(ChannelHandlerContext ctx, String text) {
            if (session.direction() == Direction.INBOUND && text.equals("ping")) {
                concludeWhenWritten(ctx, send(ctx, new Frame("pong")), "pong");
            } else if (session.direction() == Direction.OUTBOUND && text.equals("pong")) {
                concludeNow(ctx);
            } else {
                end(ReasonCode.PROTOCOL_VIOLATION, "unexpected frame: " + text);
            }
        }

        /** Phase 2: the frame decoder takes the line decoder's place and whatever it still held. */
        private void nextPhase(ChannelHandlerContext ctx) {
            framed = true;
            ctx.pipeline().replace("toy-decoder", "toy-frame-decoder", new FrameDecoder(session.budget()));
        }

        @Override
        protected void lingering(ChannelHandlerContext ctx, Message message) {
        }

        @Override
        protected String awaited() {
            return ToyProtocol.this.awaited(session);
        }
    }
}
