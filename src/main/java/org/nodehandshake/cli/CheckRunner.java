package org.nodehandshake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.report.RunReport;

/**
 * One run over the command line's seed ({@code handshake.check.*}) or the configured ones
 * ({@code --once}, {@code handshake.seeds}), then the exit status of the contract.
 */
final class CheckRunner {

    private CheckRunner() {
    }

    static int run(CamelRuntime camel, boolean configuredSeeds, PrintStream out, PrintStream err) throws StartFailure {
        try {
            HandshakeSettings settings = camel.configure();
            List<Seed> seeds = configuredSeeds ? settings.seeds() : settings.checkSeeds();
            if (seeds.isEmpty()) {
                return NodeHandshake.usageError("no seeds: handshake.seeds is empty", err);
            }
            camel.start();
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
        } catch (StartFailure e) {
            throw e;
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
