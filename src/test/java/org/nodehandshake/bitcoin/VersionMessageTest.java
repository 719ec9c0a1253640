package org.nodehandshake.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.bitcoin.WireBytes.bytes;
import static org.nodehandshake.bitcoin.WireBytes.drain;
import static org.nodehandshake.bitcoin.WireBytes.hex;
import static org.nodehandshake.bitcoin.WireBytes.versionPrefix;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The version payload: golden encoding and the rules Bitcoin Core applies when reading it. */
class VersionMessageTest {

    private static VersionMessage sample(String userAgent) throws Exception {
        return new VersionMessage(70016, 0x409, 1_700_000_000L,
                new NetAddress(1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 18444),
                NetAddress.unspecified(), OptionalLong.of(0x0123456789abcdefL), userAgent, 850_000, true);
    }

    private static byte[] encode(VersionMessage message) {
        ByteBuf out = Unpooled.buffer();
        message.writePayload(out);
        return drain(out);
    }

    // ---- encoding ----

    @Test
    void encodesFieldsAsDocumentedLayout() throws Exception {
        String expected = ""
                + "80110100"                                     // version 70016, int32 LE
                + "0904000000000000"                             // services 0x409, uint64 LE
                + "00f1536500000000"                             // timestamp 1700000000 = 0x6553f100, LE
                + "0100000000000000"                             // addr_recv services 1
                + "00000000000000000000ffff7f000001"             // ::ffff:127.0.0.1
                + "480c"                                         // port 18444, big-endian
                + "0000000000000000"                             // addr_from services
                + "00000000000000000000000000000000" + "0000"    // addr_from ip, port
                + "efcdab8967452301"                             // nonce LE
                + "10" + "2f5361746f7368693a32372e302e302f"      // CompactSize 16 + "/Satoshi:27.0.0/"
                + "50f80c00"                                     // start height 850000 = 0x0cf850, LE
                + "01";                                          // relay
        assertEquals(expected, hex(encode(sample("/Satoshi:27.0.0/"))));
    }

    @Test
    void encodedPayloadIs102BytesForSixteenByteUserAgent() throws Exception {
        assertEquals(4 + 8 + 8 + 26 + 26 + 8 + 1 + 16 + 4 + 1, encode(sample("/Satoshi:27.0.0/")).length);
    }

    @Test
    void roundTripReadOfWriteIsIdentity() throws Exception {
        VersionMessage original = sample("/Satoshi:27.0.0/");
        assertEquals(original, VersionMessage.read(encode(original)));
    }

    @Test
    void userAgentOf253BytesUsesCompactSizeFdFd00() throws Exception {
        byte[] payload = encode(sample("a".repeat(253)));
        assertEquals("fdfd00", hex(Arrays.copyOfRange(payload, 80, 83)));
        assertEquals('a', payload[83]);
        assertEquals(80 + 3 + 253 + 4 + 1, payload.length);
    }

    @Test
    void userAgentOf252BytesUsesOneByteCompactSize() throws Exception {
        byte[] payload = encode(sample("a".repeat(252)));
        assertEquals("fc", hex(Arrays.copyOfRange(payload, 80, 81)));
    }

    @Test
    void userAgentOf256BytesUsesCompactSizeFd0001AndRoundTrips() throws Exception {
        VersionMessage original = sample("b".repeat(256));
        byte[] payload = encode(original);
        assertEquals("fd0001", hex(Arrays.copyOfRange(payload, 80, 83)));
        assertEquals(original, VersionMessage.read(payload));
    }

    // ---- reading: required part ----

    @Test
    void payloadShorterThan46BytesIsRejected() {
        byte[] payload = Arrays.copyOf(versionPrefix(70016, 1, 1).array(), 45);
        assertThrows(MalformedMessageException.class, () -> VersionMessage.read(payload));
    }

    @Test
    void exactly46BytesIsAcceptedWithCoreDefaults() throws Exception {
        VersionMessage v = VersionMessage.read(versionPrefix(70016, 1, 1_700_000_000L).array());
        assertEquals(70016, v.version());
        assertEquals(1, v.services());
        assertEquals(1_700_000_000L, v.timestamp());
        assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), v.receiver().address());
        assertEquals(18444, v.receiver().port());
        assertEquals(OptionalLong.empty(), v.nonce());
        assertEquals("", v.userAgent());
        assertEquals(-1, v.startHeight());
        assertTrue(v.relay());
    }

    // ---- reading: optional part ----

    @Test
    void addrFromWithTruncatedNonceIsRejected() {
        byte[] payload = versionPrefix(70016, 1, 1).zeros(26).u32(7).array();
        assertThrows(MalformedMessageException.class, () -> VersionMessage.read(payload));
    }

    @Test
    void addrFromAndNonceWithoutUserAgentTakeDefaultsForTheRest() throws Exception {
        VersionMessage v = VersionMessage.read(versionPrefix(70016, 1, 1).zeros(26).u64(42).array());
        assertEquals(OptionalLong.of(42), v.nonce());
        assertEquals("", v.userAgent());
        assertEquals(-1, v.startHeight());
        assertTrue(v.relay());
    }

    @Test
    void userAgentLength257IsRejected() {
        byte[] payload = versionPrefix(70016, 1, 1).zeros(26).u64(42)
                .hexBytes("fd0101").raw("x".repeat(257).getBytes()).u32(0).u8(1).array();
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> VersionMessage.read(payload));
        assertTrue(e.getMessage().contains("257"), e.getMessage());
    }

    @Test
    void compactSizeClaimingTwoToThe64MinusOneIsRejectedWithoutAllocation() {
        byte[] payload = versionPrefix(70016, 1, 1).zeros(26).u64(42).hexBytes("ffffffffffffffffff").array();
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> VersionMessage.read(payload));
        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
    }

    @Test
    void nonCanonicalCompactSizeIsRejected() {
        byte[] payload = versionPrefix(70016, 1, 1).zeros(26).u64(42)
                .hexBytes("fd0500").raw("hello".getBytes()).u32(0).u8(1).array();
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> VersionMessage.read(payload));
        assertTrue(e.getMessage().contains("non-canonical"), e.getMessage());
    }

    @Test
    void userAgentLengthBeyondRemainingBytesIsRejected() {
        byte[] payload = versionPrefix(70016, 1, 1).zeros(26).u64(42).u8(16).raw("/short/".getBytes()).array();
        assertThrows(MalformedMessageException.class, () -> VersionMessage.read(payload));
    }

    @Test
    void truncatedStartHeightIsRejected() {
        byte[] payload = versionPrefix(70016, 1, 1).zeros(26).u64(42).u8(0).hexBytes("0102").array();
        assertThrows(MalformedMessageException.class, () -> VersionMessage.read(payload));
    }

    @Test
    void userAgentWithoutStartHeightDefaultsHeightAndRelay() throws Exception {
        VersionMessage v = VersionMessage.read(versionPrefix(70016, 1, 1).zeros(26).u64(42)
                .u8(3).raw("/a/".getBytes()).array());
        assertEquals("/a/", v.userAgent());
        assertEquals(-1, v.startHeight());
        assertTrue(v.relay());
    }

    @Test
    void trailingBytesAfterRelayAreIgnored() throws Exception {
        byte[] full = WireBytes.versionPayload(70016, 42, "/x/", 100, true);
        VersionMessage v = VersionMessage.read(WireBytes.concat(full, hex("deadbeefcafe")));
        assertEquals(VersionMessage.read(full), v);
        assertEquals(100, v.startHeight());
    }

    @Test
    void relayByteZeroMeansNoRelay() throws Exception {
        assertFalse(VersionMessage.read(WireBytes.versionPayload(70016, 42, "/x/", 100, false)).relay());
    }

    @Test
    void anyNonZeroRelayByteMeansRelay() throws Exception {
        byte[] payload = WireBytes.versionPayload(70016, 42, "/x/", 100, false);
        payload[payload.length - 1] = 2;
        assertTrue(VersionMessage.read(payload).relay());
    }

    @Test
    void controlCharactersInUserAgentBecomeQuestionMarksInPeerVersion() throws Exception {
        VersionMessage v = VersionMessage.read(
                WireBytes.versionPayload(70016, 42, "/evil\n\u001b[31m\u0000/", 7, true));
        BitcoinPeer peer = v.toPeer();
        assertEquals("/evil??[31m?/", peer.userAgent());
        assertEquals(new BitcoinPeer(70016, "/evil??[31m?/", 0x409, 7, true), peer);
    }

    /**
     * Core accepts any bytes as subver (and sanitises them). 200 invalid UTF-8 bytes decode to 200
     * U+FFFD, which re-encode to 600 bytes; the record's constructor must not then reject a payload
     * whose user agent was within the 256-byte wire limit.
     */
    @Test
    void userAgentWithInvalidUtf8WithinWireLimitIsAccepted() throws Exception {
        byte[] agent = new byte[200];
        Arrays.fill(agent, (byte) 0xff);
        byte[] payload = versionPrefix(70016, 1, 1).zeros(26).u64(42).u8(200).raw(agent).u32(5).u8(1).array();
        VersionMessage v = VersionMessage.read(payload);
        assertEquals(5, v.startHeight());
        assertEquals(200, v.toPeer().userAgent().codePointCount(0, v.toPeer().userAgent().length()));
    }

    @Test
    void invisibleAndBidiCharactersInTheUserAgentAreReplaced() {
        assertEquals("/a?b?c?d?/", VersionMessage.printable("/a\u202Eb\u200Bc\u2028d\u0007/"));
        assertEquals("/Satoshi:27.0.0(é)/", VersionMessage.printable("/Satoshi:27.0.0(é)/"));
    }
}
