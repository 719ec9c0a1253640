package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodehandshake.camel.RunProgress;

/** The progress line's text: what it says, in which words, and never wider than the terminal allows. */
class ProgressLineTest {

    static final RunProgress.Counts MIDWAY = new RunProgress.Counts(1, 40, 12, 8, 9, 1, 2);

    @Test
    void aWideTerminalGetsTheOutcomesInTheReportsWords() {
        assertEquals("seeds 1/3  addresses 12/40  in flight 8  queued 20  SUCCESS 9  PARTIAL 1  FAILED 2  0:07",
                ProgressLine.render(MIDWAY, 3, Duration.ofMillis(7900), 100));
    }

    @Test
    void eightyColumnsGetTheOutcomesAsOneTriple() {
        assertEquals("seeds 1/3  addresses 12/40  in flight 8  queued 20  S/P/F 9/1/2  0:07",
                ProgressLine.render(MIDWAY, 3, Duration.ofSeconds(7), 80));
    }

    @Test
    void aNarrowTerminalGetsTheShortForm() {
        assertEquals("seeds 1/3 addr 12/40 fly 8 queue 20 S/P/F 9/1/2 0:07",
                ProgressLine.render(MIDWAY, 3, Duration.ofSeconds(7), 60));
    }

    @Test
    void narrowerStillTheShortFormIsCut() {
        assertEquals("seeds 1/3 addr 12/40 fly", ProgressLine.render(MIDWAY, 3, Duration.ofSeconds(7), 25));
    }

    @Test
    void aLargeRunStillFitsEightyColumns() {
        RunProgress.Counts large = new RunProgress.Counts(10, 4000, 1234, 256, 900, 12, 322);
        String line = ProgressLine.render(large, 14, Duration.ofSeconds(754), 80);
        assertEquals("seeds 10/14 addr 1234/4000 fly 256 queue 2510 S/P/F 900/12/322 12:34", line);
    }

    @Test
    void noLineReachesTheLastColumnAtAnyWidth() {
        RunProgress.Counts large = new RunProgress.Counts(1234, 9_999_999, 9_999_998, 65_536, 7_777_777, 888_888,
                1_333_333);
        for (int width = ProgressLine.MIN_WIDTH; width <= 200; width++) {
            String line = ProgressLine.render(large, 99_999, Duration.ofHours(101), width);
            assertTrue(line.length() <= width - 1, width + ": " + line);
            assertTrue(line.startsWith("seeds 1234/99999 ") || "seeds 1234/99999 ".startsWith(line), width + ": " + line);
        }
    }

    @Test
    void elapsedIsMinutesAndSecondsThenHours() {
        assertEquals("0:00", ProgressLine.elapsed(Duration.ZERO));
        assertEquals("0:59", ProgressLine.elapsed(Duration.ofMillis(59_999)));
        assertEquals("12:05", ProgressLine.elapsed(Duration.ofSeconds(725)));
        assertEquals("1:00:00", ProgressLine.elapsed(Duration.ofHours(1)));
        assertEquals("0:00", ProgressLine.elapsed(Duration.ofSeconds(-3)), "a clock step back is not negative time");
    }

    @Test
    void theWidthIsColumnsWhenThatIsANumber() {
        assertEquals(132, ProgressLine.width(Map.of("COLUMNS", "132")));
        assertEquals(40, ProgressLine.width(Map.of("COLUMNS", " 40 ")));
    }

    @Test
    void withoutAUsableColumnsTheWidthIsEighty() {
        assertEquals(80, ProgressLine.width(Map.of()));
        assertEquals(80, ProgressLine.width(Map.of("COLUMNS", "")));
        assertEquals(80, ProgressLine.width(Map.of("COLUMNS", "wide")));
        assertEquals(80, ProgressLine.width(Map.of("COLUMNS", "-5")));
        assertEquals(80, ProgressLine.width(Map.of("COLUMNS", "0")));
        assertEquals(80, ProgressLine.width(Map.of("COLUMNS", "9")), "narrower than any line we could draw");
        assertEquals(80, ProgressLine.width(Map.of("COLUMNS", "99999")));
    }

    @Test
    void aVeryWideColumnsIsCapped() {
        assertEquals(ProgressLine.MAX_WIDTH, ProgressLine.width(Map.of("COLUMNS", "5000")));
    }
}
