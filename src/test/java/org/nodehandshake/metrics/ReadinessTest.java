package org.nodehandshake.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The /ready rule, each case at a chosen instant. */
class ReadinessTest {

    static final Instant T0 = Instant.parse("2026-12-02T04:00:00Z");
    /** Fires every ten minutes on the minute, as the shipped cron. */
    static final Readiness.Schedule EVERY_TEN_MINUTES = instant -> {
        long period = Duration.ofMinutes(10).toSeconds();
        return Optional.of(Instant.ofEpochSecond((instant.getEpochSecond() / period + 1) * period));
    };

    final AtomicReference<Optional<RunMetrics.FinishedRun>> lastRun = new AtomicReference<>(Optional.empty());
    final Readiness service = Readiness.service(EVERY_TEN_MINUTES, lastRun::get);

    @Test
    void notReadyBeforeTheFirstRunEnds() {
        assertEquals(new Readiness.NotReady("no scheduled run has finished yet"), service.status(T0));
    }

    @Test
    void readyWithinTwoPeriodsOfTheLastWrittenReport() {
        lastRun.set(Optional.of(new RunMetrics.FinishedRun(T0.plusSeconds(30), Optional.empty())));
        assertInstanceOf(Readiness.Ready.class, service.status(T0.plusSeconds(31)));
        assertInstanceOf(Readiness.Ready.class, service.status(T0.plusSeconds(30).plus(Duration.ofMinutes(20))));
    }

    @Test
    void notReadyOnceTwoPeriodsPassedWithoutAReport() {
        lastRun.set(Optional.of(new RunMetrics.FinishedRun(T0.plusSeconds(30), Optional.empty())));
        assertEquals(new Readiness.NotReady("the last report was written at 2026-12-02T04:00:30Z, more than two"
                        + " schedule periods (1200 s) ago"),
                service.status(T0.plusSeconds(31).plus(Duration.ofMinutes(20))));
    }

    @Test
    void notReadyWhileTheLastReportCouldNotBeWritten() {
        lastRun.set(Optional.of(new RunMetrics.FinishedRun(T0, Optional.of("report not written to r: not a directory"))));
        assertEquals(new Readiness.NotReady("the last run's report was not written: report not written to r: not a directory"),
                service.status(T0.plusSeconds(1)));
    }

    @Test
    void aScheduleThatNeverFiresAgainKeepsTheLastReportGood() {
        Readiness once = Readiness.service(instant -> Optional.empty(), lastRun::get);
        lastRun.set(Optional.of(new RunMetrics.FinishedRun(T0, Optional.empty())));
        assertInstanceOf(Readiness.Ready.class, once.status(T0.plus(Duration.ofDays(365))));
    }

    @Test
    void theListenerIsReadyWhileBound() {
        AtomicBoolean bound = new AtomicBoolean();
        Readiness listener = Readiness.listener(bound::get, "127.0.0.1:9333");
        assertEquals(new Readiness.NotReady("not listening on 127.0.0.1:9333"), listener.status(T0));
        bound.set(true);
        assertEquals(new Readiness.Ready("listening on 127.0.0.1:9333"), listener.status(T0));
    }
}
