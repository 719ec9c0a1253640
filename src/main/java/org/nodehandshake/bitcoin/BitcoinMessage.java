package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;

/** A Bitcoin P2P message the handshake understands; anything else is an {@link UnknownMessage}. */
public sealed interface BitcoinMessage
        permits VersionMessage, BitcoinMessage.Verack, BitcoinMessage.Ping, BitcoinMessage.Pong,
        BitcoinMessage.UnknownMessage {

    /** The command name on the wire, e.g. {@code version}. */
    String command();

    /** Writes the payload (no header). */
    void writePayload(ByteBuf out);

    /** Parses a validated frame's payload as the message its command names. */
    static BitcoinMessage read(BitcoinFrame frame) throws MalformedMessageException {
        return switch (frame.command()) {
            case VersionMessage.COMMAND -> VersionMessage.read(frame.payload());
            // Core reads nothing from a verack's payload; neither do we.
            case Verack.COMMAND -> new Verack();
            case Ping.COMMAND -> new Ping(nonce(frame));
            case Pong.COMMAND -> new Pong(nonce(frame));
            default -> new UnknownMessage(frame.command(), frame.payload().length);
        };
    }

    private static long nonce(BitcoinFrame frame) throws MalformedMessageException {
        return new WireReader(frame.payload(), frame.command()).int64();
    }

    /** Acknowledges the peer's version; empty payload. */
    record Verack() implements BitcoinMessage {
        public static final String COMMAND = "verack";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void writePayload(ByteBuf out) {
        }
    }

    /** Liveness probe (BIP 31): answered with a pong carrying the same nonce. */
    record Ping(long nonce) implements BitcoinMessage {
        public static final String COMMAND = "ping";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void writePayload(ByteBuf out) {
            out.writeLongLE(nonce);
        }
    }

    record Pong(long nonce) implements BitcoinMessage {
        public static final String COMMAND = "pong";

        @Override
        public String command() {
            return COMMAND;
        }

        @Override
        public void writePayload(ByteBuf out) {
            out.writeLongLE(nonce);
        }
    }

    /** A message the handshake does not interpret (wtxidrelay, sendaddrv2, sendcmpct, ...). */
    record UnknownMessage(String command, int length) implements BitcoinMessage {
        @Override
        public void writePayload(ByteBuf out) {
            throw new UnsupportedOperationException("we never send " + command);
        }
    }
}
