package org.nodehandshake.report;

import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

class SeedReportOrderTest {

    private static final Seed SEED = new Seed("seed.test", 8333, BitcoinNetwork.BITCOIN);

    private static HandshakeTarget target(String ip) throws Exception {
        return new HandshakeTarget(SEED.name(), InetAddress.getByName(ip), 8333, BitcoinNetwork.BITCOIN, true);
    }

    private static HandshakeResult result(HandshakeTarget target, Outcome outcome) {
        return new HandshakeResult(target, outcome, Stage.CONNECTED, OptionalLong.of(5), OptionalLong.empty(), Optional.empty(), List.of());
    }

    private static List<String> reportedAddresses(SeedReport report) {
        return report.results().stream().map(ResultReport::address).toList();
    }

    @Test
    void resultsFollowResolutionOrderWhateverOrderTheyArrive() throws Exception {
        List<HandshakeTarget> targets = List.of(target("1.1.1.1"), target("8.8.8.8"), target("2606:4700::1111"),
                target("9.9.9.9"), target("1.0.0.1"));
        Resolution resolution = new Resolution(SEED, targets, Optional.empty(), 0);
        List<String> expected = List.of("1.1.1.1", "8.8.8.8", "2606:4700:0:0:0:0:0:1111", "9.9.9.9", "1.0.0.1");
        for (long seed = 0; seed < 20; seed++) {
            List<HandshakeResult> arrived = new ArrayList<>();
            for (HandshakeTarget t : targets) {
                arrived.add(result(t, new Outcome.Failed(ReasonCode.CONNECT_REFUSED, "connection refused")));
            }
            Collections.shuffle(arrived, new java.util.Random(seed));
            SeedReport report = SeedReport.of(resolution, arrived);
            assertEquals(expected, reportedAddresses(report), "arrival order " + arrived);
            assertEquals(expected, report.addresses());
        }
    }

    @Test
    void reversedArrivalIsReordered() throws Exception {
        HandshakeTarget a = target("1.1.1.1");
        HandshakeTarget b = target("8.8.8.8");
        HandshakeTarget c = target("9.9.9.9");
        Resolution resolution = new Resolution(SEED, List.of(a, b, c), Optional.empty(), 0);
        SeedReport report = SeedReport.of(resolution, List.of(
                result(c, new Outcome.Success()), result(b, new Outcome.Partial(ReasonCode.TIMEOUT, "no verack")),
                result(a, new Outcome.Failed(ReasonCode.CONNECT_TIMEOUT, "connect timed out"))));
        assertEquals(List.of("1.1.1.1", "8.8.8.8", "9.9.9.9"), reportedAddresses(report));
        assertEquals(List.of("FAILED", "PARTIAL", "SUCCESS"), report.results().stream().map(ResultReport::outcome).toList());
    }

    @Test
    void seedFieldsComeFromTheResolution() throws Exception {
        Seed seed = new Seed("ltc.test", 19444, BitcoinNetwork.LITECOIN_REGTEST);
        HandshakeTarget t = new HandshakeTarget(seed.name(), InetAddress.getByName("1.1.1.1"), 19444,
                BitcoinNetwork.LITECOIN_REGTEST, true);
        SeedReport report = SeedReport.of(new Resolution(seed, List.of(t), Optional.empty(), 7),
                List.of(result(t, new Outcome.Success())));
        assertEquals("ltc.test", report.seed());
        assertEquals("litecoin-regtest", report.network());
        assertEquals(19444, report.port());
        assertEquals(7, report.addressesDropped());
        assertNull(report.error());
        assertEquals(new Summary(1, 0, 0), report.summary());
    }

    @Test
    void unresolvedSeedHasItsErrorAndNoResults() {
        SeedReport report = SeedReport.unresolved(Resolution.failed(SEED, "DNS lookup of seed.test returned no addresses"));
        assertEquals("DNS lookup of seed.test returned no addresses", report.error());
        assertEquals(List.of(), report.addresses());
        assertEquals(List.of(), report.results());
        assertEquals(new Summary(0, 0, 0), report.summary());
    }

    @Test
    void summaryCountsTheSeedsOutcomes() throws Exception {
        HandshakeTarget a = target("1.1.1.1");
        HandshakeTarget b = target("8.8.8.8");
        HandshakeTarget c = target("9.9.9.9");
        HandshakeTarget d = target("1.0.0.1");
        HandshakeTarget e = target("10.0.0.1");
        Resolution resolution = new Resolution(SEED, List.of(a, b, c, d, e), Optional.empty(), 0);
        SeedReport report = SeedReport.of(resolution, List.of(
                result(a, new Outcome.Success()), result(b, new Outcome.Success()),
                result(c, new Outcome.Partial(ReasonCode.TIMEOUT, "no verack")), result(d, new Outcome.Failed(ReasonCode.CONNECT_REFUSED, "refused")),
                HandshakeResult.notContacted(e, ReasonCode.NON_ROUTABLE, "non-routable")));
        assertEquals(new Summary(2, 1, 2), report.summary());
    }
}
