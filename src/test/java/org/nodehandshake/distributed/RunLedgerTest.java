package org.nodehandshake.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodehandshake.distributed.RunLedger.Arrival;
import org.nodehandshake.distributed.RunLedger.CollectedRun;

/** The coordinator's ledger: each job counted once, each run handed out once. */
class RunLedgerTest {

    static final String RUN = "run-1";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final CheckJob EAST = new CheckJob(1, RUN, "job-east", "east", "seed.example", 8333, "regtest", null, Map.of());
    static final CheckJob WEST = new CheckJob(1, RUN, "job-west", "west", "seed.example", 8333, "regtest", null, Map.of());

    final RunLedger ledger = new RunLedger();

    static CheckResult resultOf(CheckJob job) {
        return new CheckResult(1, job.runId(), job.jobId(), job.vantage(), job.seedKey(),
                new SeedObservation(job.seed(), job.network(), job.port(), List.of(), "no addresses", 0, null, null,
                        null, null, List.of()));
    }

    @Test
    void aRunIsOverWhenEveryJobsResultIsIn() {
        ledger.open(RUN, T0, T0.plusSeconds(60), List.of(EAST, WEST));
        assertInstanceOf(Arrival.Counted.class, ledger.arrive(resultOf(EAST)));
        CollectedRun run = assertInstanceOf(Arrival.Completed.class, ledger.arrive(resultOf(WEST))).run();
        assertTrue(run.complete());
        assertEquals(2, run.results().size());
        assertEquals(0, ledger.openRuns());
    }

    @Test
    void aRedeliveredResultCountsOnce() {
        ledger.open(RUN, T0, T0.plusSeconds(60), List.of(EAST, WEST));
        ledger.arrive(resultOf(EAST));
        assertInstanceOf(Arrival.Duplicate.class, ledger.arrive(resultOf(EAST)));
        CollectedRun run = assertInstanceOf(Arrival.Completed.class, ledger.arrive(resultOf(WEST))).run();
        assertEquals(2, run.results().size());
        assertEquals(1, run.duplicates());
    }

    @Test
    void atItsDeadlineARunIsHandedOutOnceWithTheMissingJobs() {
        ledger.open(RUN, T0, T0.plusSeconds(60), List.of(EAST, WEST));
        ledger.arrive(resultOf(EAST));
        assertEquals(List.of(), ledger.due(T0.plusSeconds(59)));
        List<CollectedRun> due = ledger.due(T0.plusSeconds(60));
        assertEquals(1, due.size());
        assertEquals(List.of(WEST), due.get(0).missing());
        assertEquals(List.of(), ledger.due(T0.plusSeconds(61)), "handed out once");
    }

    @Test
    void aResultAfterItsRunWasReportedIsRefusedAsLate() {
        ledger.open(RUN, T0, T0.plusSeconds(60), List.of(EAST, WEST));
        ledger.due(T0.plusSeconds(60));
        assertTrue(assertInstanceOf(Arrival.Refused.class, ledger.arrive(resultOf(WEST))).reason().contains("late"));
    }

    @Test
    void aResultOfNoOpenRunIsRefused() {
        assertTrue(assertInstanceOf(Arrival.Refused.class, ledger.arrive(resultOf(EAST))).reason()
                .startsWith("no open run"));
    }

    @Test
    void aResultOfAJobTheRunDoesNotHaveIsRefused() {
        ledger.open(RUN, T0, T0.plusSeconds(60), List.of(EAST));
        assertTrue(assertInstanceOf(Arrival.Refused.class, ledger.arrive(resultOf(WEST))).reason()
                .contains("has no job job-west"));
    }

    @Test
    void aResultFromAnotherVantageThanItsJobsIsRefused() {
        ledger.open(RUN, T0, T0.plusSeconds(60), List.of(EAST, WEST));
        CheckResult east = resultOf(EAST);
        CheckResult claimed = new CheckResult(1, RUN, EAST.jobId(), "west", east.seed(), east.observation());
        assertInstanceOf(Arrival.Refused.class, ledger.arrive(claimed));
        assertInstanceOf(Arrival.Counted.class, ledger.arrive(east), "the job is still open for its own vantage");
    }

    @Test
    void aResultOfAnotherSeedThanItsJobsIsRefused() {
        ledger.open(RUN, T0, T0.plusSeconds(60), List.of(EAST));
        CheckResult other = new CheckResult(1, RUN, EAST.jobId(), "east", "other.example:8333@regtest",
                resultOf(EAST).observation());
        assertInstanceOf(Arrival.Refused.class, ledger.arrive(other));
    }
}
