package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The progress line and the other writers on one terminal: the line is erased before their bytes and shown
 * again after each of their lines, their bytes pass as they are, and when to show the line at all. The timer
 * is set to an hour, so each tick is the test's own {@code redraw()}.
 */
class ProgressConsoleTest {

    static final String ERASE = "\r\033[K";

    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
    final Deque<String> frames = new ArrayDeque<>(List.of("P1", "P2", "P3", "P4"));
    final ProgressConsole console = new ProgressConsole(terminal, () -> frames.size() > 1 ? frames.poll() : frames.peek(),
            Duration.ofHours(1));

    @AfterEach
    void closeConsole() {
        console.close();
    }

    String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTickDrawsTheLineInPlace() {
        console.redraw();
        console.redraw();
        assertEquals("\rP1\033[K\rP2\033[K", screen());
    }

    @Test
    void anUnchangedLineIsNotDrawnAgain() {
        frames.clear();
        frames.add("same");
        console.redraw();
        console.redraw();
        assertEquals("\rsame\033[K", screen());
    }

    @Test
    void aLogLineErasesTheProgressLineAndIsFollowedByIt() {
        PrintStream log = console.guard(terminal, StandardCharsets.UTF_8);
        console.redraw();
        log.println("2026-12-02T04:00:43.230Z INFO summary - Success = 1");
        assertEquals("\rP1\033[K" + ERASE + "2026-12-02T04:00:43.230Z INFO summary - Success = 1\n" + "\rP1\033[K",
                screen());
    }

    @Test
    void aLineWrittenInPiecesIsNotInterruptedByATick() {
        PrintStream log = console.guard(terminal, StandardCharsets.UTF_8);
        console.redraw();
        log.print("half a line");
        console.redraw(); // P2 is due, but the line is not finished
        log.println(", the rest");
        assertEquals("\rP1\033[K" + ERASE + "half a line" + ", the rest\n" + "\rP2\033[K", screen());
    }

    @Test
    void nothingIsErasedWhenNoProgressLineIsShowing() {
        console.guard(terminal, StandardCharsets.UTF_8).println("before the first tick");
        assertEquals("before the first tick\n", screen());
    }

    @Test
    void aLineOnTheOtherStreamErasesTheProgressLineToo() {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = console.guard(new PrintStream(errBytes, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        console.redraw();
        err.println("warning: something");
        assertEquals("\rP1\033[K" + ERASE + "\rP1\033[K", screen());
        assertEquals("warning: something\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLogBytesAreTheSameAsWithoutProgress() {
        String lines = "2026-12-02T04:00:43.230Z INFO Handshaker - Handshake with 127.0.0.1 -> STARTED\n"
                + "user agent \u00e9\u4e2d\n" + "Failed = 0\n";
        PrintStream log = console.guard(terminal, StandardCharsets.UTF_8);
        for (String line : lines.split("(?<=\n)")) {
            console.redraw();
            log.print(line);
        }
        console.close();
        String withoutProgress = screen().replaceAll("\r[^\r\n]*\033\\[K", "");
        assertEquals(lines, withoutProgress);
    }

    @Test
    void closingDrawsTheFinalCountsThenLeavesAnEmptyLine() {
        console.redraw();
        console.close();
        assertEquals("\rP1\033[K" + "\rP2\033[K" + ERASE, screen());
        assertTrue(screen().endsWith(ERASE));
    }

    @Test
    void afterCloseOtherWritersPassStraightThrough() {
        PrintStream log = console.guard(terminal, StandardCharsets.UTF_8);
        console.close();
        screen.reset();
        console.redraw();
        log.println("Report: reports/latest.json");
        console.close();
        assertEquals("Report: reports/latest.json\n", screen());
    }

    @Test
    void quietTurnsTheLineOff() {
        assertFalse(ProgressConsole.wanted(true, true, Map.of("TERM", "xterm-256color")));
    }

    @Test
    void noTerminalNoLine() {
        assertFalse(ProgressConsole.wanted(false, false, Map.of("TERM", "xterm-256color")));
    }

    @Test
    void aDumbOrUnnamedTerminalGetsNoLine() {
        assertFalse(ProgressConsole.wanted(false, true, Map.of("TERM", "dumb")));
        assertFalse(ProgressConsole.wanted(false, true, Map.of("TERM", "")));
        assertFalse(ProgressConsole.wanted(false, true, Map.of()));
    }

    @Test
    void aTerminalThatCanEraseALineGetsIt() {
        assertTrue(ProgressConsole.wanted(false, true, Map.of("TERM", "xterm-256color")));
        assertTrue(ProgressConsole.wanted(false, true, Map.of("TERM", "screen")));
    }
}
