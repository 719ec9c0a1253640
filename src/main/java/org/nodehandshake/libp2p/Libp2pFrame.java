package org.nodehandshake.libp2p;

/** What the libp2p decoders hand the handshake: a multistream-select line, then Noise messages. */
public sealed interface Libp2pFrame {

    /** One multistream-select message on the raw connection, whole (its varint length, text and newline). */
    record Line(byte[] message) implements Libp2pFrame {
        public Line {
            message = message.clone();
        }

        @Override
        public byte[] message() {
            return message.clone();
        }

        @Override
        public String toString() {
            return "multistream message of " + message.length + " bytes";
        }
    }

    /** One Noise message (handshake or transport) as framed on the wire, without its 2-byte length. */
    record NoiseMessage(byte[] bytes) implements Libp2pFrame {
        public NoiseMessage {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "noise message of " + bytes.length + " bytes";
        }
    }
}
