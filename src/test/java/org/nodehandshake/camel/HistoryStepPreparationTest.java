package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.history.HistorySettings;
import org.nodehandshake.history.HistoryStore;
import org.nodehandshake.report.RunReport;

/** The history's database opened ahead of a one-shot run: the run records as usual, and a failure is the run's error. */
class HistoryStepPreparationTest {

    private static final HistorySettings DEFAULTS = HistorySettings.from(key -> Optional.empty());
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RunReport run(int second) {
        return RunReport.of(T0.plusSeconds(second), T0.plusSeconds(second + 1),
                List.of(HistoryStepVantageTest.seen("east", "SUCCESS")));
    }

    @Test
    void aRunAfterThePreparationIsRecorded(@TempDir Path dir) {
        HistoryStep step = new HistoryStep(Optional.of(new HistoryStore(DEFAULTS, dir)));

        step.prepareInBackground();
        RunReport recorded = step.record(run(0));

        assertNull(recorded.history().error(), recorded.history()::toString);
        assertEquals(1, recorded.seeds().get(0).trend().day().runs());
        assertTrue(Files.exists(dir.resolve("history.db")));
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsTheFirstRunsErrorAndTheNextRunTriesAgain(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("reports"), "a file where the report directory should be");
        HistoryStep step = new HistoryStep(Optional.of(new HistoryStore(DEFAULTS, notADirectory)));

        step.prepareInBackground();
        RunReport first = step.record(run(0));

        assertTrue(first.history().error().startsWith("history database not usable"), first.history()::toString);
        assertEquals(1, step.failures());
        Files.delete(notADirectory);
        Files.createDirectory(notADirectory);
        RunReport second = step.record(run(10));
        assertNull(second.history().error(), second.history()::toString);
        assertEquals(1, step.failures());
    }
}
