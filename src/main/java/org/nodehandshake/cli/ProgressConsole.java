package org.nodehandshake.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One progress line at the bottom of a terminal, redrawn in place ({@code \r}, the text, erase to the end
 * of the line) by a timer a few times a second, never by the events themselves. Everything else written to
 * the terminal goes through {@link #guard}: under one lock the progress line is erased, the bytes are
 * written as they came, and once they end a line the progress line is shown again below them. So a log
 * line is never garbled, and the bytes of the log lines are the same as without progress. Closing draws
 * the final counts, erases the line and leaves the terminal as it would be without it.
 */
final class ProgressConsole implements AutoCloseable {

    /** Four redraws a second: live enough to watch, few enough to cost nothing. */
    static final Duration PERIOD = Duration.ofMillis(250);
    /** ECMA-48 EL: erase from the cursor to the end of the line. */
    static final String ERASE_LINE = "\033[K";

    private final PrintStream terminal;
    private final Supplier<String> line;
    private final Runnable restore;
    private final Object lock = new Object();
    private final ScheduledExecutorService timer;
    private final Thread eraseOnExit;
    /** The progress text on the screen now; empty when none is. */
    private String shown = "";
    /** The progress text last rendered, shown again after another writer's line. */
    private String latest = "";
    /** A guarded writer is in the middle of a line: the progress line waits for its end. */
    private boolean midLine;
    private boolean closed;

    /**
     * @param terminal where the line is drawn (the terminal's stream, unguarded)
     * @param line renders the line's text from the run's counts; called by the timer only
     */
    ProgressConsole(PrintStream terminal, Supplier<String> line, Duration period) {
        this(terminal, line, period, () -> { });
    }

    private ProgressConsole(PrintStream terminal, Supplier<String> line, Duration period, Runnable restore) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.line = Objects.requireNonNull(line, "line");
        this.restore = restore;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "progress-line");
            thread.setDaemon(true);
            return thread;
        });
        // Stopped by a signal mid-run: the shell's prompt should not land behind a stale progress line.
        this.eraseOnExit = new Thread(this::close, "progress-line-erase");
        Runtime.getRuntime().addShutdownHook(eraseOnExit);
        timer.scheduleAtFixedRate(this::redraw, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The progress line on standard output (where the log lines go), with {@code System.out} and
     * {@code System.err} guarded until {@link #close}: the logging backend looks {@code System.out} up at
     * every line, and a stray line on standard error reaches the same terminal.
     */
    static ProgressConsole onStandardStreams(Supplier<String> line) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ProgressConsole console = new ProgressConsole(out, line, PERIOD, () -> {
            System.setOut(out);
            System.setErr(err);
        });
        Charset charset = consoleCharset();
        System.setOut(console.guard(out, charset));
        System.setErr(console.guard(err, charset));
        return console;
    }

    /**
     * Whether a one-shot run shows the line: not with {@code --quiet}, not unless standard input and output
     * are a terminal ({@code System.console()}: so not with {@code | tee} or {@code > file}), and not when
     * {@code TERM} is unset or {@code dumb} (a terminal that cannot erase a line, or a user who says so).
     */
    static boolean wanted(boolean quiet, boolean terminal, Map<String, String> environment) {
        String term = environment.getOrDefault("TERM", "").strip();
        return !quiet && terminal && !term.isEmpty() && !term.equals("dumb");
    }

    /**
     * {@code target}, with the progress line erased before its bytes and shown again after each line;
     * text is encoded in {@code charset}, which must be {@code target}'s own for the bytes to be the same.
     */
    PrintStream guard(PrintStream target, Charset charset) {
        return new PrintStream(new Guarded(target), true, charset);
    }

    /** One tick: the line rendered afresh, drawn when it changed and no other writer is mid-line. */
    void redraw() {
        String next = line.get(); // outside the lock: reading the counts takes the run's locks
        synchronized (lock) {
            latest = next;
            if (!closed && !midLine && !next.equals(shown)) {
                draw(next);
            }
        }
    }

    /** Draws the final counts, erases the line, puts the standard streams back. Once; later calls do nothing. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String last = line.get();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (!midLine) {
                draw(last); // the last frame holds the run's final counts, however short the run
            }
            erase();
        }
        restore.run();
        if (Thread.currentThread() != eraseOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(eraseOnExit);
            } catch (IllegalStateException e) {
                // the JVM is stopping already; the hook finds us closed
            }
        }
    }

    private void draw(String text) {
        terminal.print("\r" + text + ERASE_LINE);
        terminal.flush();
        shown = text;
    }

    private void erase() {
        if (!shown.isEmpty()) {
            terminal.print("\r" + ERASE_LINE);
            terminal.flush();
            shown = "";
        }
    }

    /** The encoding the JVM gave standard output, so guarded text becomes the same bytes it would have. */
    static Charset consoleCharset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding", ""));
        try {
            return name.isEmpty() ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** Another writer's bytes, passed through as they are, around the progress line. */
    private final class Guarded extends OutputStream {
        private final PrintStream target;

        Guarded(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (length == 0) {
                return;
            }
            synchronized (lock) {
                erase();
                target.write(bytes, offset, length);
                target.flush();
                midLine = bytes[offset + length - 1] != '\n';
                if (!midLine && !closed && !latest.isEmpty()) {
                    draw(latest);
                }
            }
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
