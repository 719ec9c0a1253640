package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.distributed.ObservedResult;
import org.nodehandshake.distributed.SeedObservation;
import org.nodehandshake.history.HistorySettings;
import org.nodehandshake.history.HistoryStore;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;

/** A distributed run in the history: one seed seen from two vantages is two seeds there, and the node counts once. */
class HistoryStepVantageTest {

    static SeedReport seen(String vantage, String outcome) {
        ObservedResult result = new ObservedResult("1.1.1.1", 18444, outcome, null, null, "concluded", 1L, 2L, null,
                List.of(), Map.of(), null, Map.of());
        return new SeedObservation("a.example", "regtest", 18444, List.of("1.1.1.1"), null, 0, null, Map.of(), Map.of(),
                null, List.of(result)).toSeedReport(vantage);
    }

    @Test
    void eachVantagesViewIsASeedOfItsOwn(@TempDir Path dir) {
        HistorySettings settings = HistorySettings.from(key -> Optional.empty());
        HistoryStep step = new HistoryStep(Optional.of(new HistoryStore(settings, dir)));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        RunReport run = RunReport.of(t0, t0.plusSeconds(1), List.of(seen("east", "SUCCESS"), seen("west", "FAILED")));

        RunReport recorded = step.record(run);

        assertNull(recorded.history().error(), recorded.history()::toString);
        assertEquals("a.example:18444@regtest from east", HistoryStep.key(recorded.seeds().get(0)));
        assertEquals(1, recorded.seeds().get(0).trend().day().runs());
        assertEquals(1, recorded.seeds().get(1).trend().day().runs());
        assertEquals(1.0, recorded.seeds().get(0).trend().day().successRate());
        assertEquals(0.0, recorded.seeds().get(1).trend().day().successRate());
    }
}
