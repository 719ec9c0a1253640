package org.nodehandshake.ethereum;

/** What the RLPx decoders hand the handshake handler: an auth or ack packet, then frames. */
sealed interface RlpxPacket permits RlpxPacket.HandshakePacket, RlpxPacket.Frame {

    /**
     * An auth or ack as it came over the wire (size prefix included for EIP-8).
     *
     * @param eip8 false for the old fixed-size form
     */
    record HandshakePacket(byte[] bytes, boolean eip8) implements RlpxPacket {
    }

    /** One frame's decrypted payload: rlp(message id) || message data. */
    record Frame(byte[] payload) implements RlpxPacket {
    }
}
