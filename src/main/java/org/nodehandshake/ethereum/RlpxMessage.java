package org.nodehandshake.ethereum;

/**
 * A devp2p message as the handshake writes it: the message id (p2p's own 0x00-0x0f, eth's from
 * {@link #ETH_OFFSET}) and its RLP data, uncompressed; the encoder compresses once Snappy is on.
 */
record RlpxMessage(int code, byte[] data) {

    static final int HELLO = 0x00;
    static final int DISCONNECT = 0x01;
    static final int PING = 0x02;
    static final int PONG = 0x03;
    /**
     * Where eth's ids start: capabilities are given ids after p2p's 16 in the alphabetical order of
     * the shared ones; eth is the only one we offer, so it always starts here.
     */
    static final int ETH_OFFSET = 0x10;
    static final int STATUS = ETH_OFFSET;
    /** Messages eth/68 defines (0x00-0x10); eth/69 adds one (BlockRangeUpdate, 0x11). */
    static final int ETH68_MESSAGES = 17;
    static final int ETH69_MESSAGES = 18;

    /** rlp([]): Ping's and Pong's data. */
    static final byte[] EMPTY_LIST = {(byte) 0xc0};

    /** Our name for an id, as the report lists messages received. */
    static String name(int code) {
        return switch (code) {
            case HELLO -> "hello";
            case DISCONNECT -> "disconnect";
            case PING -> "ping";
            case PONG -> "pong";
            case STATUS -> "status";
            default -> code > STATUS && code < ETH_OFFSET + ETH69_MESSAGES
                    ? "eth 0x" + Integer.toHexString(code - ETH_OFFSET)
                    : "message 0x" + Integer.toHexString(code);
        };
    }

    String name() {
        return name(code);
    }
}
