package org.nodehandshake.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;
import org.nodehandshake.report.ResultReport;

/** What a Bitcoin-family peer looks like in the report: its services, named and as a number. */
class BitcoinPeerReportTest {

    @Test
    void bitcoinCoreDefaultServicesAreNamedLowestBitFirst() {
        assertEquals(List.of("NODE_NETWORK", "NODE_WITNESS", "NODE_NETWORK_LIMITED"), BitcoinPeer.serviceNames(0x409));
    }

    @Test
    void noServicesNoNames() {
        assertEquals(List.of(), BitcoinPeer.serviceNames(0));
    }

    @Test
    void everyKnownBitHasItsName() {
        assertEquals(List.of("NODE_NETWORK"), BitcoinPeer.serviceNames(1L));
        assertEquals(List.of("NODE_GETUTXO"), BitcoinPeer.serviceNames(1L << 1));
        assertEquals(List.of("NODE_BLOOM"), BitcoinPeer.serviceNames(1L << 2));
        assertEquals(List.of("NODE_WITNESS"), BitcoinPeer.serviceNames(1L << 3));
        assertEquals(List.of("NODE_COMPACT_FILTERS"), BitcoinPeer.serviceNames(1L << 6));
        assertEquals(List.of("NODE_NETWORK_LIMITED"), BitcoinPeer.serviceNames(1L << 10));
        assertEquals(List.of("NODE_P2P_V2"), BitcoinPeer.serviceNames(1L << 11));
        assertEquals(List.of("NODE_MWEB_LIGHT_CLIENT"), BitcoinPeer.serviceNames(1L << 23));
        assertEquals(List.of("NODE_MWEB"), BitcoinPeer.serviceNames(1L << 24));
    }

    @Test
    void unknownBitsAreNamedByNumber() {
        assertEquals(List.of("BIT_4", "BIT_5", "BIT_62", "BIT_63"),
                BitcoinPeer.serviceNames((1L << 4) | (1L << 5) | (1L << 62) | Long.MIN_VALUE));
    }

    @Test
    void allBitsGiveSixtyFourNames() {
        List<String> names = BitcoinPeer.serviceNames(-1L);
        assertEquals(64, names.size());
        assertEquals("NODE_NETWORK", names.get(0));
        assertEquals("BIT_63", names.get(63));
    }

    private static BitcoinPeer.Report peer(long services) {
        return new BitcoinPeer(70016, "/Satoshi:27.0.0/", services, 850_000, true).report(List.of("version", "verack"));
    }

    @Test
    void servicesAreKeptAsANumber() {
        BitcoinPeer.Report p = peer(0x409);
        assertEquals(BigInteger.valueOf(0x409), p.services());
        assertEquals(List.of("NODE_NETWORK", "NODE_WITNESS", "NODE_NETWORK_LIMITED"), p.serviceNames());
    }

    @Test
    void topBitSetIsAnUnsignedNumber() {
        BitcoinPeer.Report p = peer(Long.MIN_VALUE | 1);
        BigInteger expected = BigInteger.TWO.pow(63).add(BigInteger.ONE);
        assertEquals(expected, p.services());
        assertEquals("9223372036854775809", p.services().toString());
        assertEquals(1, p.services().signum());
        assertEquals(List.of("NODE_NETWORK", "BIT_63"), p.serviceNames());
    }

    @Test
    void allBitsSetIsTwoToTheSixtyFourMinusOne() {
        assertEquals(BigInteger.TWO.pow(64).subtract(BigInteger.ONE), peer(-1L).services());
        assertEquals("18446744073709551615", peer(-1L).services().toString());
    }

    @Test
    void peerFieldsAreCarriedOver() {
        BitcoinPeer.Report p = peer(1);
        assertEquals(70016, p.protocolVersion());
        assertEquals("/Satoshi:27.0.0/", p.userAgent());
        assertEquals(850_000, p.startHeight());
        assertTrue(p.relay());
        assertEquals(List.of("version", "verack"), p.messages());
    }

    @Test
    void resultReportOfASuccessCarriesThePeer() throws Exception {
        HandshakeTarget t = new HandshakeTarget("seed.test", InetAddress.getByName("2606:4700::1111"), 8333,
                BitcoinNetwork.BITCOIN, true);
        BitcoinPeer v = new BitcoinPeer(70016, "/Satoshi:27.0.0/", Long.MIN_VALUE, 1, false);
        ResultReport r = ResultReport.of(new HandshakeResult(t, new Outcome.Success(), Stage.CONCLUDED, OptionalLong.of(12),
                OptionalLong.of(34), Optional.of(v), List.of("version", "verack")));
        assertEquals("2606:4700:0:0:0:0:0:1111", r.address());
        assertEquals("SUCCESS", r.outcome());
        assertNull(r.reason());
        assertNull(r.reasonCode());
        assertEquals("concluded", r.stage());
        assertEquals(12L, r.connectMillis());
        assertEquals(34L, r.handshakeMillis());
        assertEquals(new BigInteger("9223372036854775808"), ((BitcoinPeer.Report) r.peer()).services());
    }

    @Test
    void resultReportOfANotContactedTargetHasNulls() throws Exception {
        HandshakeTarget t = new HandshakeTarget("seed.test", InetAddress.getByName("10.0.0.1"), 8333, BitcoinNetwork.BITCOIN, false);
        ResultReport r = ResultReport.of(HandshakeResult.notContacted(t, ReasonCode.NON_ROUTABLE, "non-routable"));
        assertEquals("FAILED", r.outcome());
        assertEquals("non-routable", r.reasonCode());
        assertEquals("none", r.stage());
        assertEquals("non-routable", r.reason());
        assertNull(r.connectMillis());
        assertNull(r.handshakeMillis());
        assertNull(r.peer());
    }
}
