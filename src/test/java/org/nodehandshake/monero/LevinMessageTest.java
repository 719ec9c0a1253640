package org.nodehandshake.monero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodehandshake.monero.LevinWire.GENESIS;
import static org.nodehandshake.monero.LevinWire.MAINNET_ID;
import static org.nodehandshake.monero.LevinWire.hex;

import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nodehandshake.monero.LevinWire.Blob;

/**
 * The handshake messages: the real monerod 0.18 bodies from the golden capture parse to what the capture
 * shows; every message survives a round trip; and each field rule fails with a reason naming the field.
 */
class LevinMessageTest {

    private static LevinFrame frame(byte[] packet) {
        return new LevinFrame(LevinHeader.readAfterSignature(Unpooled.wrappedBuffer(packet, 8, 25)),
                Arrays.copyOfRange(packet, 33, packet.length));
    }

    private static LevinMessage read(byte[] packet) throws MalformedStorageException {
        return LevinMessage.read(frame(packet), StorageLimits.HANDSHAKE);
    }

    private static String malformed(byte[] packet) {
        return assertThrows(MalformedStorageException.class, () -> read(packet)).getMessage();
    }

    // ---- golden: the captured session ----

    @Test
    void capturedHandshakeRequestParsesToWhatMonerodSent() throws Exception {
        LevinMessage.HandshakeRequest request =
                assertInstanceOf(LevinMessage.HandshakeRequest.class, read(LevinWire.capturedRequest()));
        NodeData node = request.nodeData();
        assertEquals(MAINNET_ID, node.networkIdHex());
        // peer_id bytes 74 b2 30 29 0b cf 82 8d, read little-endian, printed %016x
        assertEquals("8d82cf0b2930b274", node.peerIdHex());
        assertEquals(0x8d82cf0b2930b274L, node.peerId());
        assertEquals(28090, node.myPort(), "A's --p2p-bind-port");
        assertEquals(OptionalInt.empty(), node.rpcPort());
        assertEquals(OptionalLong.of(1), node.supportFlags(), "FLUFFY_BLOCKS");
        SyncData chain = request.payloadData();
        assertEquals(1, chain.currentHeight());
        assertEquals(GENESIS, chain.topIdHex());
        assertEquals(1, chain.cumulativeDifficulty());
        assertEquals(0, chain.cumulativeDifficultyTop64());
        assertEquals(BigInteger.ONE, chain.difficulty());
        assertEquals(1, chain.topVersion());
        assertEquals(0, chain.pruningSeed());
    }

    @Test
    void capturedHandshakeResponseParsesToWhatMonerodSent() throws Exception {
        LevinMessage.HandshakeResponse response =
                assertInstanceOf(LevinMessage.HandshakeResponse.class, read(LevinWire.capturedResponse()));
        NodeData node = response.nodeData();
        assertEquals(MAINNET_ID, node.networkIdHex());
        assertEquals("1ac61721e1ca6b02", node.peerIdHex()); // 02 6b ca e1 21 17 c6 1a LE
        assertEquals(28092, node.myPort(), "B's --p2p-bind-port");
        assertEquals(OptionalLong.of(1), node.supportFlags());
        assertEquals(1, response.payloadData().currentHeight());
        assertEquals(GENESIS, response.payloadData().topIdHex());
        assertEquals(0, response.peerlistSize(), "monerod leaves an empty local_peerlist_new out");
    }

    @Test
    void capturedTimedSyncRequestParses() throws Exception {
        LevinMessage.TimedSyncRequest sync =
                assertInstanceOf(LevinMessage.TimedSyncRequest.class, read(LevinWire.capturedTimedSyncRequest()));
        assertEquals(1, sync.payloadData().currentHeight());
        assertEquals(GENESIS, sync.payloadData().topIdHex());
    }

    @Test
    void capturedTxpoolComplementIsNotAHandshakeCommand() {
        assertThrows(IllegalArgumentException.class, () -> read(LevinWire.capturedTxpoolComplement()));
    }

    @Test
    void hostFieldsBuiltByHandMatchTheCapturedBody() throws Exception {
        // Our hand-built helper writes what monerod wrote, so hostile variants of it are realistic.
        Blob b = Blob.storage().varint(2);
        b.object("node_data", 4).uint32("my_port", 28090).string("network_id", hex(MAINNET_ID))
                .uint64("peer_id", 0x8d82cf0b2930b274L).uint32("support_flags", 1);
        LevinWire.payloadData(b);
        assertEquals(hex(LevinWire.body(LevinWire.capturedRequest())), hex(b.bytes()));
    }

    // ---- round trips ----

    static final NodeData NODE = new NodeData(hex(MAINNET_ID), 0xfedcba9876543210L, 18080, OptionalInt.of(18081),
            OptionalLong.of(1));
    static final NodeData BARE_NODE = new NodeData(hex(MAINNET_ID), 5, 0, OptionalInt.empty(), OptionalLong.empty());
    static final SyncData CHAIN = new SyncData(3_200_000L, -1L, 0x1234L, hex(GENESIS), 16, 0x181);
    static final SyncData GENESIS_CHAIN = new SyncData(1, 1, 0, hex(GENESIS), 1, 0);

    private static void roundTrip(LevinMessage message) throws Exception {
        LevinFrame f = message.frame();
        assertEquals(message.command(), f.command());
        assertEquals(message.isRequest(), f.header().isRequest());
        assertEquals(message.isRequest(), f.header().expectsResponse());
        assertEquals(message.isRequest() ? 0 : 1, f.header().returnCode());
        assertEquals(message, LevinMessage.read(f, StorageLimits.HANDSHAKE));
    }

    @Test
    void handshakeRequestRoundTrips() throws Exception {
        roundTrip(new LevinMessage.HandshakeRequest(NODE, CHAIN));
        roundTrip(new LevinMessage.HandshakeRequest(BARE_NODE, GENESIS_CHAIN));
    }

    @Test
    void handshakeResponseRoundTripsWithAnEmptyPeerList() throws Exception {
        roundTrip(new LevinMessage.HandshakeResponse(NODE, CHAIN, 0));
    }

    @Test
    void handshakeResponseIsWrittenWithoutPeersWhateverItsCountSays() throws Exception {
        LevinMessage.HandshakeResponse read = (LevinMessage.HandshakeResponse) LevinMessage.read(
                new LevinMessage.HandshakeResponse(NODE, CHAIN, 7).frame(), StorageLimits.HANDSHAKE);
        assertEquals(0, read.peerlistSize());
    }

    @Test
    void timedSyncRoundTrips() throws Exception {
        roundTrip(new LevinMessage.TimedSyncRequest(CHAIN));
        roundTrip(new LevinMessage.TimedSyncResponse(GENESIS_CHAIN));
    }

    @Test
    void pingRoundTrips() throws Exception {
        roundTrip(new LevinMessage.PingRequest());
        roundTrip(new LevinMessage.PingResponse("OK", 0x8000000000000001L));
    }

    @Test
    void supportFlagsRoundTrip() throws Exception {
        roundTrip(new LevinMessage.SupportFlagsRequest());
        roundTrip(new LevinMessage.SupportFlagsResponse(0));
        roundTrip(new LevinMessage.SupportFlagsResponse(0xffffffffL));
    }

    @Test
    void emptyRequestsHaveTheSmallestBody() {
        assertArrayEquals(LevinWire.EMPTY_BODY, new LevinMessage.PingRequest().frame().body());
        assertArrayEquals(LevinWire.EMPTY_BODY, new LevinMessage.SupportFlagsRequest().frame().body());
    }

    @Test
    void optionalFieldsAtTheirDefaultsAreNotWritten() throws Exception {
        Section body = PortableStorage.read(new LevinMessage.HandshakeRequest(BARE_NODE,
                new SyncData(1, 1, 0, hex(GENESIS), 0, 0)).frame().body(), StorageLimits.HANDSHAKE);
        Section node = body.section("node_data").orElseThrow();
        assertTrue(node.get("rpc_port").isEmpty());
        assertTrue(node.get("support_flags").isEmpty());
        Section chain = body.section("payload_data").orElseThrow();
        assertTrue(chain.get("top_version").isEmpty());
        assertTrue(chain.get("pruning_seed").isEmpty());
        assertTrue(chain.get("cumulative_difficulty_top64").isPresent(), "top64 is always written");
    }

    @Test
    void peerListEntriesAreCounted() throws Exception {
        Blob b = Blob.storage().varint(3);
        LevinWire.nodeData(b, MAINNET_ID, 9);
        LevinWire.payloadData(b);
        b.field("local_peerlist_new", 0x80 | 12).varint(3);
        for (int i = 0; i < 3; i++) {
            b.varint(1).uint64("id", i + 1);
        }
        LevinMessage.HandshakeResponse r = (LevinMessage.HandshakeResponse) read(LevinWire.response(1001, 1, b.bytes()));
        assertEquals(3, r.peerlistSize());
    }

    @Test
    void aPeerListThatIsNotAnArrayIsMalformed() {
        Blob b = Blob.storage().varint(3);
        LevinWire.nodeData(b, MAINNET_ID, 9);
        LevinWire.payloadData(b);
        b.uint32("local_peerlist_new", 3);
        assertEquals("'local_peerlist_new' is not an array", malformed(LevinWire.response(1001, 1, b.bytes())));
    }

    // ---- field rules ----

    /**
     * A handshake request whose node_data is built by {@code node} (from an empty section builder of
     * the given field count) and whose payload_data is monerod's.
     */
    private static byte[] withNode(int fields, UnaryOperator<Blob> node) {
        Blob b = Blob.storage().varint(2);
        node.apply(b.object("node_data", fields));
        LevinWire.payloadData(b);
        return LevinWire.request(1001, b.bytes());
    }

    private static byte[] withChain(int fields, UnaryOperator<Blob> chain) {
        Blob b = Blob.storage().varint(2);
        LevinWire.nodeData(b, MAINNET_ID, 9);
        chain.apply(b.object("payload_data", fields));
        return LevinWire.request(1001, b.bytes());
    }

    private static Blob minimalNode(Blob b) {
        return b.string("network_id", hex(MAINNET_ID)).uint64("peer_id", 9);
    }

    private static Blob minimalChain(Blob b) {
        return b.uint64("current_height", 1).string("top_id", hex(GENESIS));
    }

    @Test
    void minimalNodeDataIsEnough() throws Exception {
        LevinMessage.HandshakeRequest r = (LevinMessage.HandshakeRequest) read(withNode(2, LevinMessageTest::minimalNode));
        assertEquals(0, r.nodeData().myPort(), "a missing my_port is 0, as monerod reads it");
        assertEquals(OptionalLong.empty(), r.nodeData().supportFlags());
    }

    @Test
    void minimalPayloadDataIsEnough() throws Exception {
        LevinMessage.HandshakeRequest r = (LevinMessage.HandshakeRequest) read(withChain(2, LevinMessageTest::minimalChain));
        assertEquals(0, r.payloadData().topVersion());
        assertEquals(BigInteger.ZERO, r.payloadData().difficulty());
    }

    @Test
    void missingNodeDataIsMalformed() {
        Blob b = Blob.storage().varint(1);
        LevinWire.payloadData(b);
        assertEquals("missing field 'node_data' (object)", malformed(LevinWire.request(1001, b.bytes())));
    }

    @Test
    void missingPayloadDataIsMalformed() {
        Blob b = Blob.storage().varint(1);
        LevinWire.nodeData(b, MAINNET_ID, 9);
        assertEquals("missing field 'payload_data' (object)", malformed(LevinWire.request(1001, b.bytes())));
    }

    @Test
    void emptyBodyIsMissingNodeData() {
        assertEquals("missing field 'node_data' (object)", malformed(LevinWire.response(1001, 1, LevinWire.EMPTY_BODY)));
    }

    @Test
    void missingPeerIdIsMalformed() {
        assertEquals("missing field 'node_data.peer_id' (integer)",
                malformed(withNode(1, b -> b.string("network_id", hex(MAINNET_ID)))));
    }

    @Test
    void missingNetworkIdIsMalformed() {
        assertEquals("missing field 'node_data.network_id' (16-byte string)",
                malformed(withNode(1, b -> b.uint64("peer_id", 9))));
    }

    @Test
    void networkIdOf15BytesIsMalformed() {
        assertEquals("'node_data.network_id' has 15 bytes (expected: 16)", malformed(withNode(2,
                b -> b.string("network_id", Arrays.copyOf(hex(MAINNET_ID), 15)).uint64("peer_id", 9))));
    }

    @Test
    void networkIdOf17BytesIsMalformed() {
        assertEquals("'node_data.network_id' has 17 bytes (expected: 16)", malformed(withNode(2,
                b -> b.string("network_id", Arrays.copyOf(hex(MAINNET_ID), 17)).uint64("peer_id", 9))));
    }

    @Test
    void topIdOf31BytesIsMalformed() {
        assertEquals("'payload_data.top_id' has 31 bytes (expected: 32)", malformed(withChain(2,
                b -> b.uint64("current_height", 1).string("top_id", Arrays.copyOf(hex(GENESIS), 31)))));
    }

    @Test
    void topIdOf33BytesIsMalformed() {
        assertEquals("'payload_data.top_id' has 33 bytes (expected: 32)", malformed(withChain(2,
                b -> b.uint64("current_height", 1).string("top_id", Arrays.copyOf(hex(GENESIS), 33)))));
    }

    @Test
    void missingCurrentHeightIsMalformed() {
        assertEquals("missing field 'payload_data.current_height' (integer)",
                malformed(withChain(1, b -> b.string("top_id", hex(GENESIS)))));
    }

    @Test
    void missingTopIdIsMalformed() {
        assertEquals("missing field 'payload_data.top_id' (32-byte string)",
                malformed(withChain(1, b -> b.uint64("current_height", 1))));
    }

    @Test
    void anIntegerGivenAsAStringIsMalformed() {
        assertEquals("'node_data.peer_id' is not an integer", malformed(withNode(2,
                b -> b.string("network_id", hex(MAINNET_ID)).string("peer_id", hex("0900000000000000")))));
    }

    @Test
    void heightGivenAsAStringIsMalformed() {
        assertEquals("'payload_data.current_height' is not an integer", malformed(withChain(2,
                b -> b.string("current_height", "1".getBytes()).string("top_id", hex(GENESIS)))));
    }

    @Test
    void negativeSignedPortIsMalformed() {
        assertEquals("'node_data.my_port' is negative: -1", malformed(withNode(3,
                b -> minimalNode(b).field("my_port", 2).le(-1, 4)))); // INT32 -1
    }

    @Test
    void negativeSignedPeerIdIsMalformed() {
        assertEquals("'node_data.peer_id' is negative: -2", malformed(withNode(2,
                b -> b.string("network_id", hex(MAINNET_ID)).field("peer_id", 1).le(-2, 8)))); // INT64 -2
    }

    @Test
    void negativeSignedHeightIsMalformed() {
        assertEquals("'payload_data.current_height' is negative: -128", malformed(withChain(2,
                b -> b.field("current_height", 4).le(-128, 1).string("top_id", hex(GENESIS))))); // INT8 -128
    }

    @Test
    void unsigned64PeerIdTakesAll64Bits() throws Exception {
        LevinMessage.HandshakeRequest r = (LevinMessage.HandshakeRequest) read(withNode(2,
                b -> b.string("network_id", hex(MAINNET_ID)).uint64("peer_id", -1L)));
        assertEquals("ffffffffffffffff", r.nodeData().peerIdHex());
    }

    @Test
    void anyIntegerTypeIsAcceptedWhenTheValueFits() throws Exception {
        LevinMessage.HandshakeRequest r = (LevinMessage.HandshakeRequest) read(withNode(4,
                b -> minimalNode(b).field("my_port", 1).le(18080, 8) // INT64
                        .field("rpc_port", 8).le(200, 1))); // UINT8
        assertEquals(18080, r.nodeData().myPort());
        assertEquals(OptionalInt.of(200), r.nodeData().rpcPort());
    }

    @Test
    void rpcPortOf65535FitsSixteenBits() throws Exception {
        LevinMessage.HandshakeRequest r = (LevinMessage.HandshakeRequest) read(withNode(3,
                b -> minimalNode(b).uint32("rpc_port", 65_535)));
        assertEquals(OptionalInt.of(65_535), r.nodeData().rpcPort());
    }

    @Test
    void rpcPortOf65536IsTooWideForSixteenBits() {
        assertEquals("'node_data.rpc_port' does not fit 16 bits: 65536", malformed(withNode(3,
                b -> minimalNode(b).uint32("rpc_port", 65_536))));
    }

    @Test
    void supportFlagsOf2To32AreTooWideForThirtyTwoBits() {
        assertEquals("'node_data.support_flags' does not fit 32 bits: 4294967296", malformed(withNode(3,
                b -> minimalNode(b).uint64("support_flags", 1L << 32))));
    }

    @Test
    void myPortAsAHugeUnsigned64IsTooWide() {
        assertEquals("'node_data.my_port' does not fit 32 bits: 18446744073709551615", malformed(withNode(3,
                b -> minimalNode(b).uint64("my_port", -1L))));
    }

    @Test
    void topVersionOf256IsTooWideForEightBits() {
        assertEquals("'payload_data.top_version' does not fit 8 bits: 256", malformed(withChain(3,
                b -> minimalChain(b).uint16("top_version", 256))));
    }

    @Test
    void pruningSeedTooWideForThirtyTwoBits() {
        assertEquals("'payload_data.pruning_seed' does not fit 32 bits: 4294967296", malformed(withChain(3,
                b -> minimalChain(b).uint64("pruning_seed", 1L << 32))));
    }

    @Test
    void networkIdGivenAsAnIntegerIsNamedAsTheWrongType() {
        assertEquals("'node_data.network_id' is not a string", malformed(withNode(2,
                b -> b.uint64("network_id", 1).uint64("peer_id", 9))));
    }

    @Test
    void nodeDataGivenAsAStringIsNamedAsTheWrongType() {
        Blob b = Blob.storage().varint(2).string("node_data", hex(MAINNET_ID));
        LevinWire.payloadData(b);
        assertEquals("'node_data' is not an object", malformed(LevinWire.request(1001, b.bytes())));
    }

    @Test
    void supportFlagsResponseWithoutItsFieldIsMalformed() {
        assertEquals("missing field 'support_flags' (integer)",
                malformed(LevinWire.response(1007, 1, LevinWire.EMPTY_BODY)));
    }

    @Test
    void nonHandshakeCommandIsRefusedByTheCaller() {
        assertThrows(IllegalArgumentException.class,
                () -> read(LevinWire.request(2002, LevinWire.EMPTY_BODY)));
    }

    @Test
    void storageFormatErrorsSurfaceAsMalformed() {
        byte[] body = LevinWire.EMPTY_BODY.clone();
        body[0] = 0x02;
        assertTrue(malformed(LevinWire.request(1001, body)).startsWith("bad signature A"));
    }
}
