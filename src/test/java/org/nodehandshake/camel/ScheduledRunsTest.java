package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlap rule and the retention rule of the scheduled service. */
class ScheduledRunsTest {

    @Test
    void aSecondRunCannotStartWhileOneIsGoing() {
        ScheduledRuns runs = new ScheduledRuns(List.of(), Path.of("unused"), 3);
        assertTrue(runs.tryStart());
        assertFalse(runs.tryStart(), "overlapping trigger skipped");
        runs.finish();
        assertTrue(runs.tryStart(), "the next trigger after the run ends starts");
    }

    @Test
    void retentionDeletesTheOldestReportsOnlyAndNeverLatest(@TempDir Path dir) throws Exception {
        for (String stamp : List.of("20260101T000000Z", "20260101T000010Z", "20260101T000020Z", "20260101T000030Z",
                "20260101T000040Z")) {
            Files.writeString(dir.resolve("handshake-" + stamp + ".json"), "{}");
        }
        Files.writeString(dir.resolve("latest.json"), "{}");
        Files.writeString(dir.resolve("listener-latest.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "keep");

        assertEquals(2, new ScheduledRuns(List.of(), dir, 3).pruneReports());

        try (var files = Files.list(dir)) {
            assertEquals(List.of("handshake-20260101T000020Z.json", "handshake-20260101T000030Z.json",
                    "handshake-20260101T000040Z.json", "latest.json", "listener-latest.json", "notes.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void retentionDeletesEachPageWithItsReport(@TempDir Path dir) throws Exception {
        for (String stamp : List.of("20260101T000000Z", "20260101T000010Z", "20260101T000020Z", "20260101T000030Z")) {
            Files.writeString(dir.resolve("handshake-" + stamp + ".json"), "{}");
            Files.writeString(dir.resolve("handshake-" + stamp + ".html"), "<!DOCTYPE html>");
        }
        Files.delete(dir.resolve("handshake-20260101T000030Z.html")); // a page that was not written: its report counts
        Files.writeString(dir.resolve("latest.json"), "{}");
        Files.writeString(dir.resolve("latest.html"), "<!DOCTYPE html>");

        assertEquals(2, new ScheduledRuns(List.of(), dir, 2).pruneReports());

        try (var files = Files.list(dir)) {
            assertEquals(List.of("handshake-20260101T000020Z.html", "handshake-20260101T000020Z.json",
                    "handshake-20260101T000030Z.json", "latest.html", "latest.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void retentionOfAMissingDirectoryIsNothingToDo(@TempDir Path dir) throws Exception {
        assertEquals(0, new ScheduledRuns(List.of(), dir.resolve("absent"), 1).pruneReports());
    }
}
