package org.nodehandshake.monero;

import io.netty.buffer.ByteBuf;

/**
 * The 33-byte Levin bucket header (epee's {@code bucket_head2}, packed, little-endian): signature,
 * body size, return-data flag, command, return code, flags and protocol version.
 *
 * @param bodySize the body's length in bytes (a uint64 on the wire)
 * @param expectsResponse the sender wants a response (an "invoke"); false for a notification or a response
 * @param command the command id, e.g. 1001 for COMMAND_HANDSHAKE
 * @param returnCode a response's result: 1 for success, negative for an error
 * @param flags {@link #FLAG_REQUEST} or {@link #FLAG_RESPONSE} ({@code BEGIN|END} only for noise)
 * @param protocolVersion 1
 */
public record LevinHeader(long bodySize, boolean expectsResponse, int command, int returnCode, int flags,
                          int protocolVersion) {

    public static final int SIZE = 33;
    /** "\x01\x21\x01\x01\x01\x01\x01\x01" on the wire. */
    public static final long SIGNATURE = 0x0101010101012101L;
    public static final int FLAG_REQUEST = 0x1;
    public static final int FLAG_RESPONSE = 0x2;
    public static final int FLAG_BEGIN = 0x4;
    public static final int FLAG_END = 0x8;
    public static final int PROTOCOL_VERSION = 1;
    /** The return code a successful command handler answers with. */
    public static final int RETURN_OK = 1;

    /** A request: {@code expectsResponse} for an invoke, false for a notification. */
    public static LevinHeader request(int command, long bodySize, boolean expectsResponse) {
        return new LevinHeader(bodySize, expectsResponse, command, 0, FLAG_REQUEST, PROTOCOL_VERSION);
    }

    public static LevinHeader response(int command, long bodySize, int returnCode) {
        return new LevinHeader(bodySize, false, command, returnCode, FLAG_RESPONSE, PROTOCOL_VERSION);
    }

    public boolean isRequest() {
        return (flags & FLAG_REQUEST) != 0;
    }

    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    /** Neither request nor response but BEGIN|END: padding a node may send, to be skipped. */
    public boolean isNoise() {
        return (flags & (FLAG_REQUEST | FLAG_RESPONSE)) == 0 && (flags & (FLAG_BEGIN | FLAG_END)) == (FLAG_BEGIN | FLAG_END);
    }

    public void write(ByteBuf out) {
        out.writeLongLE(SIGNATURE);
        out.writeLongLE(bodySize);
        out.writeByte(expectsResponse ? 1 : 0);
        out.writeIntLE(command);
        out.writeIntLE(returnCode);
        out.writeIntLE(flags);
        out.writeIntLE(protocolVersion);
    }

    /**
     * Reads a header whose signature the caller has checked; the return-data byte is read as the
     * boolean monerod makes of it (any non-zero byte).
     */
    static LevinHeader readAfterSignature(ByteBuf in) {
        long size = in.readLongLE();
        boolean expects = in.readUnsignedByte() != 0;
        int command = in.readIntLE();
        int returnCode = in.readIntLE();
        int flags = in.readIntLE();
        int version = in.readIntLE();
        return new LevinHeader(size, expects, command, returnCode, flags, version);
    }

    /** The command as monerod's sources name it, or its number. */
    public static String commandName(int command) {
        return switch (command) {
            case 1001 -> "handshake";
            case 1002 -> "timed_sync";
            case 1003 -> "ping";
            case 1007 -> "support_flags";
            case 2001 -> "new_block";
            case 2002 -> "new_transactions";
            case 2003 -> "request_get_objects";
            case 2004 -> "response_get_objects";
            case 2006 -> "request_chain";
            case 2007 -> "response_chain_entry";
            case 2008 -> "new_fluffy_block";
            case 2009 -> "request_fluffy_missing_tx";
            case 2010 -> "get_txpool_complement";
            default -> "command " + Integer.toUnsignedString(command);
        };
    }
}
