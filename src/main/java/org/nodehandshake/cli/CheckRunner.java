package org.nodehandshake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.camel.HistoryStep;
import org.nodehandshake.camel.ReportWarmUp;
import org.nodehandshake.camel.ReportWrites;
import org.nodehandshake.camel.RunProgress;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.report.RunReport;

/**
 * One run over the command line's seed ({@code handshake.check.*}) or the configured ones
 * ({@code --once}, {@code handshake.seeds}), then the exit status of the contract.
 */
final class CheckRunner {

    private CheckRunner() {
    }

    /** @param showProgress draw the progress line ({@link ProgressConsole}) while the run goes on */
    static int run(CamelRuntime camel, boolean configuredSeeds, boolean showProgress, PrintStream out, PrintStream err)
            throws StartFailure {
        try {
            HandshakeSettings settings = camel.configure();
            List<Seed> seeds = configuredSeeds ? settings.seeds() : settings.checkSeeds();
            if (seeds.isEmpty()) {
                return NodeHandshake.usageError("no seeds: handshake.seeds is empty", err);
            }
            Optional<String> unwritable = ReportDirectory.problem(settings.reportDir());
            if (unwritable.isPresent()) { // before any traffic
                err.println("error: " + unwritable.get());
                return NodeHandshake.EXIT_USAGE;
            }
            // both overlap Camel's start and the handshakes
            camel.bean("historyStep", HistoryStep.class).prepareInBackground();
            camel.bean("reportWarmUp", ReportWarmUp.class).startInBackground(seeds);
            camel.start();
            Optional<ProgressConsole> progress = showProgress
                    ? Optional.of(progressLine(camel.bean("runProgress", RunProgress.class), seeds.size()))
                    : Optional.empty();
            Exchange done;
            try {
                done = camel.main().getCamelTemplate().send("direct:check-seeds", e -> {
                    e.getMessage().setBody(seeds);
                    e.setProperty(ReportWrites.CALLER_REPORTS, true);
                });
            } finally {
                progress.ifPresent(ProgressConsole::close); // erased before anything below is printed
            }
            if (done.getException() != null) {
                err.println("error: the run failed: " + done.getException());
                return NodeHandshake.EXIT_NO_SUCCESS;
            }
            RunReport report = done.getProperty("runReport", RunReport.class);
            String notWritten = done.getProperty(ReportWrites.ERROR, String.class);
            if (notWritten != null) { // the summary is printed already, by the route
                err.println("error: " + notWritten);
                return NodeHandshake.EXIT_REPORT_NOT_WRITTEN;
            }
            String latest = done.getMessage().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
            String name = done.getMessage().getHeader(Exchange.FILE_NAME, String.class);
            if (latest != null && name != null) {
                out.println("Report: " + Path.of(latest).resolveSibling(name) + " (also latest.json)");
            }
            return exitCode(report);
        } catch (StartFailure e) {
            throw e;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return NodeHandshake.EXIT_NO_SUCCESS;
        } finally {
            camel.stop();
        }
    }

    /** The line on the terminal, from the run's counts, as wide as {@code COLUMNS} says (else 80). */
    private static ProgressConsole progressLine(RunProgress run, int seeds) {
        int width = ProgressLine.width(System.getenv());
        long start = System.nanoTime();
        return ProgressConsole.onStandardStreams(() ->
                ProgressLine.render(run.counts(), seeds, Duration.ofNanos(System.nanoTime() - start), width));
    }

    /** 3 when no seed resolved (4, a report not written, is decided before), 0 when any address concluded, 1 otherwise. */
    static int exitCode(RunReport report) {
        if (report.noneResolved()) {
            return NodeHandshake.EXIT_UNRESOLVED;
        }
        return report.anySuccess() ? NodeHandshake.EXIT_SUCCESS : NodeHandshake.EXIT_NO_SUCCESS;
    }
}
