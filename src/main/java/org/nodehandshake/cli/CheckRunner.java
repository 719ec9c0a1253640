package org.nodehandshake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.nodehandshake.camel.ScheduledRuns;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.report.RunReport;

/** One run over the given seed (or the configured ones, {@code --once}), then the exit status of the contract. */
final class CheckRunner {

    private CheckRunner() {
    }

    static int run(CamelRuntime camel, Optional<List<Seed>> given, PrintStream out, PrintStream err) {
        try {
            if (!camel.start()) {
                return NodeHandshake.EXIT_NO_SUCCESS;
            }
            List<Seed> seeds = given.orElseGet(() -> camel.bean("scheduledRuns", ScheduledRuns.class).seeds());
            if (seeds.isEmpty()) {
                return NodeHandshake.usageError("no seeds: handshake.seeds is empty", err);
            }
            Exchange done = camel.main().getCamelTemplate().send("direct:check-seeds",
                    e -> e.getMessage().setBody(seeds));
            if (done.getException() != null) {
                err.println("error: the run failed: " + done.getException());
                return NodeHandshake.EXIT_NO_SUCCESS;
            }
            RunReport report = done.getProperty("runReport", RunReport.class);
            String latest = done.getMessage().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
            String name = done.getMessage().getHeader(Exchange.FILE_NAME, String.class);
            if (latest != null && name != null) {
                out.println("Report: " + Path.of(latest).resolveSibling(name) + " (also latest.json)");
            }
            return exitCode(report);
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return NodeHandshake.EXIT_NO_SUCCESS;
        } finally {
            camel.stop();
        }
    }

    /** 3 when no seed resolved, 0 when any address concluded, 1 otherwise. */
    static int exitCode(RunReport report) {
        if (report.noneResolved()) {
            return NodeHandshake.EXIT_UNRESOLVED;
        }
        return report.anySuccess() ? NodeHandshake.EXIT_SUCCESS : NodeHandshake.EXIT_NO_SUCCESS;
    }
}
