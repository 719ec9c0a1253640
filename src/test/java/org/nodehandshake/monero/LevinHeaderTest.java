package org.nodehandshake.monero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.monero.LevinWire.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The 33-byte bucket_head2, against bytes worked out by hand from levin_base.h. */
class LevinHeaderTest {

    /** COMMAND_HANDSHAKE request with a 262-byte body, as the capture's first packet starts. */
    static final String HANDSHAKE_REQUEST_262 =
            "0121010101010101" // m_signature 0x0101010101012101, u64 LE: "Bender's nightmare"
            + "0601000000000000" // m_cb = 262 (0x106), u64 LE
            + "01" //               m_have_to_return_data = true (an invoke)
            + "e9030000" //         m_command = 1001 (0x3e9), u32 LE
            + "00000000" //         m_return_code = 0, i32 LE
            + "01000000" //         m_flags = LEVIN_PACKET_REQUEST, u32 LE
            + "01000000"; //        m_protocol_version = LEVIN_PROTOCOL_VER_1, u32 LE

    /** The handshake response to it: no return data wanted, return code 1, RESPONSE flag. */
    static final String HANDSHAKE_RESPONSE_262 =
            "0121010101010101" // signature
            + "0601000000000000" // cb = 262
            + "00" //               have_to_return_data = false
            + "e9030000" //         command 1001
            + "01000000" //         return code 1 (success)
            + "02000000" //         flags = LEVIN_PACKET_RESPONSE
            + "01000000"; //        protocol version 1

    /** A ping response refused with LEVIN_ERROR_FORMAT (-7) and an empty body. */
    static final String PING_RESPONSE_ERROR_FORMAT =
            "0121010101010101" // signature
            + "0000000000000000" // cb = 0
            + "00" //               have_to_return_data = false
            + "eb030000" //         command 1003
            + "f9ffffff" //         return code -7, two's complement LE
            + "02000000" //         RESPONSE
            + "01000000"; //        version 1

    private static String written(LevinHeader header) {
        ByteBuf out = Unpooled.buffer();
        try {
            header.write(out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return hex(bytes);
        } finally {
            out.release();
        }
    }

    private static LevinHeader read(String hex) {
        byte[] bytes = hex(hex);
        assertEquals(LevinHeader.SIZE, bytes.length);
        ByteBuf in = Unpooled.wrappedBuffer(bytes, 8, LevinHeader.SIZE - 8);
        return LevinHeader.readAfterSignature(in);
    }

    @Test
    void sizeIs33Bytes() {
        assertEquals(33, LevinHeader.SIZE);
        assertEquals(33, hex(HANDSHAKE_REQUEST_262).length);
    }

    @Test
    void handshakeRequestIsWrittenByteForByte() {
        assertEquals(HANDSHAKE_REQUEST_262, written(LevinHeader.request(1001, 262, true)));
    }

    @Test
    void handshakeResponseIsWrittenByteForByte() {
        assertEquals(HANDSHAKE_RESPONSE_262, written(LevinHeader.response(1001, 262, 1)));
    }

    @Test
    void negativeReturnCodeIsWrittenAsTwosComplement() {
        assertEquals(PING_RESPONSE_ERROR_FORMAT, written(LevinHeader.response(1003, 0, -7)));
    }

    @Test
    void notificationDoesNotAskForReturnData() {
        String written = written(LevinHeader.request(2010, 10, false));
        assertEquals("0121010101010101" + "0a00000000000000" + "00" + "da070000" + "00000000" + "01000000"
                + "01000000", written);
    }

    @Test
    void goldenBytesReadBackField1ByField() {
        assertEquals(new LevinHeader(262, true, 1001, 0, LevinHeader.FLAG_REQUEST, 1), read(HANDSHAKE_REQUEST_262));
        assertEquals(new LevinHeader(262, false, 1001, 1, LevinHeader.FLAG_RESPONSE, 1), read(HANDSHAKE_RESPONSE_262));
        assertEquals(new LevinHeader(0, false, 1003, -7, LevinHeader.FLAG_RESPONSE, 1), read(PING_RESPONSE_ERROR_FORMAT));
    }

    @Test
    void capturedHeadersMatchTheGoldenOnes() {
        assertEquals(HANDSHAKE_REQUEST_262, hex(java.util.Arrays.copyOf(LevinWire.capturedRequest(), 33)));
        assertEquals(HANDSHAKE_RESPONSE_262, hex(java.util.Arrays.copyOf(LevinWire.capturedResponse(), 33)));
    }

    @Test
    void anyNonZeroReturnDataByteMeansTrue() {
        String header = HANDSHAKE_REQUEST_262.substring(0, 32) + "7f" + HANDSHAKE_REQUEST_262.substring(34);
        assertTrue(read(header).expectsResponse());
    }

    @Test
    void bodySizeWithTheTopBitSetReadsNegative() {
        String header = HANDSHAKE_REQUEST_262.substring(0, 16) + "0000000000000080" + HANDSHAKE_REQUEST_262.substring(32);
        assertEquals(Long.MIN_VALUE, read(header).bodySize());
    }

    @Test
    void signatureConstantIsTheWireBytes() {
        ByteBuf out = Unpooled.buffer();
        out.writeLongLE(LevinHeader.SIGNATURE);
        assertEquals("0121010101010101", io.netty.buffer.ByteBufUtil.hexDump(out));
        out.release();
    }

    @Test
    void kindsFollowTheFlags() {
        LevinHeader request = LevinHeader.request(1001, 0, true);
        assertTrue(request.isRequest());
        assertFalse(request.isResponse());
        assertFalse(request.isNoise());
        LevinHeader response = LevinHeader.response(1001, 0, 1);
        assertTrue(response.isResponse());
        assertFalse(response.isRequest());
        assertFalse(response.expectsResponse());
        assertTrue(new LevinHeader(0, false, 0, 0, LevinHeader.FLAG_BEGIN | LevinHeader.FLAG_END, 1).isNoise());
        assertFalse(new LevinHeader(0, false, 0, 0, LevinHeader.FLAG_BEGIN, 1).isNoise());
        assertFalse(new LevinHeader(0, false, 0, 0, LevinHeader.FLAG_END, 1).isNoise());
        assertFalse(new LevinHeader(0, false, 0, 0, LevinHeader.FLAG_REQUEST | LevinHeader.FLAG_BEGIN
                | LevinHeader.FLAG_END, 1).isNoise());
    }

    @Test
    void commandNamesFollowMonerodsSources() {
        assertEquals("handshake", LevinHeader.commandName(1001));
        assertEquals("timed_sync", LevinHeader.commandName(1002));
        assertEquals("ping", LevinHeader.commandName(1003));
        assertEquals("support_flags", LevinHeader.commandName(1007));
        assertEquals("get_txpool_complement", LevinHeader.commandName(2010));
        assertEquals("command 4294967295", LevinHeader.commandName(-1));
    }

    @Test
    void frameDescribesItsKind() {
        assertEquals("handshake request", new LevinFrame(LevinHeader.request(1001, 0, true), new byte[0]).describe());
        assertEquals("get_txpool_complement notification",
                new LevinFrame(LevinHeader.request(2010, 0, false), new byte[0]).describe());
        assertEquals("handshake response", new LevinFrame(LevinHeader.response(1001, 0, 1), new byte[0]).describe());
    }

    @Test
    void frameRefusesABodyOfAnotherLength() {
        assertThrows(IllegalArgumentException.class, () -> new LevinFrame(LevinHeader.request(1001, 5, true), new byte[4]));
    }
}
