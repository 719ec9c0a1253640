package org.nodehandshake.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.nodehandshake.camel.RunProgress;

/**
 * The text of a one-shot run's progress line: seeds done of the run's, addresses done of those resolved
 * so far, in flight, queued, the outcomes so far and the time since the run began. Never wider than the
 * terminal less one column (a full last column makes some terminals wrap, and a wrapped line can no
 * longer be redrawn in place): the long form, else a shorter one, else the shortest cut.
 */
final class ProgressLine {

    /** The width assumed when {@code COLUMNS} does not say. */
    static final int DEFAULT_WIDTH = 80;
    /** Narrower than this is not a terminal width we believe; wider is cut to it. */
    static final int MIN_WIDTH = 10;
    static final int MAX_WIDTH = 1000;

    private ProgressLine() {
    }

    /** The terminal's width from {@code COLUMNS} when it is a sensible number, else {@link #DEFAULT_WIDTH}. */
    static int width(Map<String, String> environment) {
        String columns = environment.get("COLUMNS");
        if (columns == null || !columns.strip().matches("[0-9]{1,4}")) {
            return DEFAULT_WIDTH;
        }
        int width = Integer.parseInt(columns.strip());
        return width < MIN_WIDTH ? DEFAULT_WIDTH : Math.min(width, MAX_WIDTH);
    }

    /** The forms tried in order, widest first: each takes the same nine values in the same order. */
    private static final List<String> FORMS = List.of(
            "seeds %d/%d  addresses %d/%d  in flight %d  queued %d  SUCCESS %d  PARTIAL %d  FAILED %d  %s",
            "seeds %d/%d  addresses %d/%d  in flight %d  queued %d  S/P/F %d/%d/%d  %s",
            "seeds %d/%d addr %d/%d fly %d queue %d S/P/F %d/%d/%d %s");

    static String render(RunProgress.Counts counts, int seedsTotal, Duration elapsed, int width) {
        int room = width - 1;
        String line = "";
        for (String form : FORMS) {
            line = form.formatted(counts.seedsDone(), seedsTotal, counts.addressesDone(), counts.addressesKnown(),
                    counts.inFlight(), counts.queued(), counts.success(), counts.partial(), counts.failed(),
                    elapsed(elapsed));
            if (line.length() <= room) {
                return line;
            }
        }
        return line.substring(0, Math.max(0, room));
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String elapsed(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        return hours > 0 ? "%d:%02d:%02d".formatted(hours, minutes, seconds % 60)
                : "%d:%02d".formatted(minutes, seconds % 60);
    }
}
