package org.nodehandshake.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodehandshake.bitcoin.WireBytes.drain;
import static org.nodehandshake.bitcoin.WireBytes.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.protocol.Direction;

/** What our version announces: the handshake.bitcoin.* keys as read once at start, and the bytes they give. */
class AnnouncedVersionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private static ModuleSettings settings(Map<String, String> properties) {
        return new ModuleSettings(k -> Optional.ofNullable(properties.get(k)), CLOCK);
    }

    private static AnnouncedVersion read(String key, String value) {
        return AnnouncedVersion.from(settings(Map.of(key, value)));
    }

    private static long services(String value) {
        return read(AnnouncedVersion.SERVICES_KEY, value).services();
    }

    private static String refused(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> read(key, value)).getMessage();
    }

    @Test
    void withoutKeysTheDefaultsAreTheHonestOnes() {
        AnnouncedVersion defaults = AnnouncedVersion.from(settings(Map.of()));
        assertEquals(new AnnouncedVersion(70016, 0, 0, false), defaults);
        assertEquals(AnnouncedVersion.DEFAULT, defaults);
    }

    @Test
    void blankValuesMeanTheDefaults() {
        assertEquals(AnnouncedVersion.DEFAULT, AnnouncedVersion.from(settings(Map.of(
                AnnouncedVersion.SERVICES_KEY, " ", AnnouncedVersion.START_HEIGHT_KEY, "",
                AnnouncedVersion.PROTOCOL_VERSION_KEY, "", AnnouncedVersion.RELAY_KEY, ""))));
    }

    // ---- services ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NETWORK | 1", "GETUTXO | 2", "BLOOM | 4", "WITNESS | 8", "COMPACT_FILTERS | 64",
        "NETWORK_LIMITED | 1024", "P2P_V2 | 2048",
    })
    void eachNameIsItsBit(String name, long bit) {
        assertEquals(bit, services(name));
    }

    @Test
    void namesAreJoinedAndMayBeSpelledAsTheReportSpellsThem() {
        assertEquals(9, services("NETWORK,WITNESS"));
        assertEquals(9, services(" network , Witness "));
        assertEquals(0x409, services("NODE_NETWORK,NODE_WITNESS,NODE_NETWORK_LIMITED"));
    }

    @Test
    void hexIsReadAsCoreWritesServiceBits() {
        assertEquals(0x409, services("409"));
        assertEquals(0x409, services("0x409"));
        assertEquals(0x409, services("0000000000000409"));
        assertEquals(0, services("0"));
        assertEquals(-1L, services("ffffffffffffffff"), "all 64 bits, unsigned");
    }

    @Test
    void namesAndHexMix() {
        assertEquals(0x809, services("0x1,WITNESS,800"));
    }

    @Test
    void anUnknownNameIsRefusedWithTheKeyAndTheNames() {
        String message = refused(AnnouncedVersion.SERVICES_KEY, "NETWORK,SEGWIT");
        assertEquals("handshake.bitcoin.services: unknown service SEGWIT (expected names NETWORK, GETUTXO, BLOOM,"
                + " WITNESS, COMPACT_FILTERS, NETWORK_LIMITED, P2P_V2, MWEB_LIGHT_CLIENT, MWEB or hex bits,"
                + " comma-separated)", message);
    }

    @Test
    void anEmptyItemIsRefused() {
        assertEquals("handshake.bitcoin.services: an empty service",
                refused(AnnouncedVersion.SERVICES_KEY, "NETWORK,,WITNESS").split(" \\(")[0]);
        assertEquals("handshake.bitcoin.services: an empty service",
                refused(AnnouncedVersion.SERVICES_KEY, "NETWORK,").split(" \\(")[0]);
    }

    @Test
    void hexWiderThan64BitsIsRefused() {
        refused(AnnouncedVersion.SERVICES_KEY, "1" + "0".repeat(16));
    }

    @Test
    void aNegativeOrSignedNumberIsNotHex() {
        refused(AnnouncedVersion.SERVICES_KEY, "-1");
        refused(AnnouncedVersion.SERVICES_KEY, "+9");
    }

    // ---- start height ----

    @Test
    void startHeightIsAWholeNumberFromZeroToInt32Max() {
        assertEquals(850_000, read(AnnouncedVersion.START_HEIGHT_KEY, "850000").startHeight());
        assertEquals(Integer.MAX_VALUE, read(AnnouncedVersion.START_HEIGHT_KEY, "2147483647").startHeight());
        assertEquals("handshake.bitcoin.start-height out of range: -1 (expected: 0-2147483647)",
                refused(AnnouncedVersion.START_HEIGHT_KEY, "-1"));
        assertEquals("handshake.bitcoin.start-height out of range: 2147483648 (expected: 0-2147483647)",
                refused(AnnouncedVersion.START_HEIGHT_KEY, "2147483648"));
        assertEquals("handshake.bitcoin.start-height is not a number: tip",
                refused(AnnouncedVersion.START_HEIGHT_KEY, "tip"));
    }

    // ---- protocol version ----

    @Test
    void protocolVersionIsWithinWhatWeImplement() {
        assertEquals(70001, read(AnnouncedVersion.PROTOCOL_VERSION_KEY, "70001").protocolVersion());
        assertEquals(70015, read(AnnouncedVersion.PROTOCOL_VERSION_KEY, "70015").protocolVersion());
        assertEquals(70016, read(AnnouncedVersion.PROTOCOL_VERSION_KEY, "70016").protocolVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"70000", "60000", "31800", "70017", "80000"})
    void aProtocolVersionWeDoNotImplementIsRefused(String version) {
        assertEquals("handshake.bitcoin.protocol-version out of range: " + version + " (expected: 70001-70016)",
                refused(AnnouncedVersion.PROTOCOL_VERSION_KEY, version));
    }

    @Test
    void theRecordRefusesWhatTheKeysRefuse() {
        assertThrows(IllegalArgumentException.class, () -> new AnnouncedVersion(70000, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new AnnouncedVersion(70017, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new AnnouncedVersion(70016, 0, -1, false));
    }

    // ---- relay ----

    @Test
    void relayIsTrueOrFalse() {
        assertEquals(true, read(AnnouncedVersion.RELAY_KEY, "true").relay());
        assertEquals(true, read(AnnouncedVersion.RELAY_KEY, "TRUE").relay());
        assertEquals(false, read(AnnouncedVersion.RELAY_KEY, "false").relay());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "0", "on", "t"})
    void otherRelayValuesAreRefused(String value) {
        assertEquals("handshake.bitcoin.relay: expected true or false: " + value, refused(AnnouncedVersion.RELAY_KEY, value));
    }

    // ---- the version message built with them ----

    @Test
    void ourVersionCarriesTheAnnouncedValues() throws Exception {
        AnnouncedVersion announced = AnnouncedVersion.from(settings(Map.of(
                AnnouncedVersion.SERVICES_KEY, "NETWORK,WITNESS", AnnouncedVersion.START_HEIGHT_KEY, "850000",
                AnnouncedVersion.PROTOCOL_VERSION_KEY, "70015", AnnouncedVersion.RELAY_KEY, "true")));
        BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/probe:1.0/", CLOCK, announced, BitcoinTransport.V1, false);
        VersionMessage version = protocol.ourVersion(
                InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 18444, 0x0123456789abcdefL, Direction.OUTBOUND);
        ByteBuf out = Unpooled.buffer();
        version.writePayload(out);
        String expected = ""
                + "7f110100"                                     // version 70015, int32 LE
                + "0900000000000000"                             // services NETWORK|WITNESS
                + "00f1536500000000"                             // timestamp 1700000000, the clock's
                + "0000000000000000"                             // addr_recv services: not known
                + "00000000000000000000ffff7f000001"             // ::ffff:127.0.0.1
                + "480c"                                         // port 18444, big-endian
                + "0000000000000000"                             // addr_from: unspecified
                + "00000000000000000000000000000000" + "0000"
                + "efcdab8967452301"                             // nonce LE
                + "0b" + "2f70726f62653a312e302f"                // CompactSize 11 + "/probe:1.0/"
                + "50f80c00"                                     // start height 850000, LE
                + "01";                                          // relay true
        assertEquals(expected, hex(drain(out)));
    }

    @Test
    void byDefaultOurVersionAnnouncesNothing() throws Exception {
        BitcoinProtocol protocol = new BitcoinProtocol(BitcoinNetwork.REGTEST, "/probe:1.0/", CLOCK);
        VersionMessage version = protocol.ourVersion(InetAddress.getLoopbackAddress(), 18444, 7, Direction.OUTBOUND);
        assertEquals(70016, version.version());
        assertEquals(0, version.services());
        assertEquals(0, version.startHeight());
        assertEquals(false, version.relay());
    }

    @Test
    void theModuleBuildsItsHandshakeWithTheAnnouncedValues() {
        BitcoinProtocol protocol = (BitcoinProtocol) new BitcoinModule().handshake(BitcoinNetwork.REGTEST,
                settings(Map.of(AnnouncedVersion.SERVICES_KEY, "NETWORK,WITNESS")));
        assertEquals(new AnnouncedVersion(70016, 9, 0, false), protocol.announced());
    }
}
