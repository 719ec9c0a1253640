package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/** The counts behind the progress line: each from the one event that knows it. */
class RunProgressTest {

    final AtomicInteger inFlight = new AtomicInteger();
    final RunProgress progress = new RunProgress(inFlight::get);

    @Test
    void aResolutionMakesItsAddressesKnownAndQueued() throws Exception {
        progress.resolved(resolution(3));
        progress.resolved(Resolution.failed(new Seed("nx.test", 8333, BitcoinNetwork.BITCOIN), "NXDOMAIN"));
        RunProgress.Counts counts = progress.counts();
        assertEquals(3, counts.addressesKnown());
        assertEquals(3, counts.queued());
        assertEquals(0, counts.seedsDone(), "a seed is done when its report is made, not when it resolves");
    }

    @Test
    void eachResultCountsOnceUnderItsOutcome() throws Exception {
        progress.resolved(resolution(4));
        progress.handshakeDone(result(new Outcome.Success()));
        progress.handshakeDone(result(new Outcome.Partial(ReasonCode.TIMEOUT, "no verack")));
        progress.handshakeDone(result(new Outcome.Failed(ReasonCode.CONNECT_REFUSED, "refused")));
        inFlight.set(1);
        assertEquals(new RunProgress.Counts(0, 4, 3, 1, 1, 1, 1), progress.counts());
        assertEquals(0, progress.counts().queued());
    }

    @Test
    void queuedIsNeverNegative() throws Exception {
        progress.resolved(resolution(1));
        inFlight.set(1);
        progress.handshakeDone(result(new Outcome.Success())); // the permit not yet counted back
        assertEquals(0, progress.counts().queued());
    }

    @Test
    void seedsDoneCountsEachSeedsEnd() {
        progress.seedDone();
        progress.seedDone();
        assertEquals(2, progress.counts().seedsDone());
    }

    static Resolution resolution(int addresses) throws Exception {
        Seed seed = new Seed("seed.test", 8333, BitcoinNetwork.BITCOIN);
        List<HandshakeTarget> targets = new java.util.ArrayList<>();
        for (int i = 0; i < addresses; i++) {
            targets.add(new HandshakeTarget("seed.test", InetAddress.getByName("192.0.2." + (i + 1)), 8333,
                    BitcoinNetwork.BITCOIN, true));
        }
        return new Resolution(seed, targets, Optional.empty(), 0);
    }

    static HandshakeResult result(Outcome outcome) throws Exception {
        return new HandshakeResult(new HandshakeTarget("seed.test", InetAddress.getByName("192.0.2.1"), 8333,
                BitcoinNetwork.BITCOIN, true), outcome, Stage.NONE, OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), List.of());
    }
}
