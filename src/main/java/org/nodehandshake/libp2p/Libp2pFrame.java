package org.nodehandshake.libp2p;

/** What the libp2p decoders hand the handshake: a multistream-select line, then Noise messages. */
public sealed interface Libp2pFrame {

    /** A multistream-select message on the raw connection, without its length and newline. */
    record Line(String text) implements Libp2pFrame {
        @Override
        public String toString() {
            return "line " + text;
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
