package org.nodehandshake.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nodehandshake.BuildInfo;

/**
 * The command line: a one-shot check of one seed ({@code <dns_seed_name> ...}) or of the configured
 * seeds ({@code --once}), the scheduled service (no name), or the responder ({@code --listen}). Parses
 * the arguments into properties and a mode, and hands the mode to its runner ({@link CheckRunner},
 * {@link ServiceRunner}, {@link ListenerRunner}); {@link CamelRuntime} owns Camel and shutdown.
 */
public final class NodeHandshake {

    public static final int EXIT_SUCCESS = 0;
    public static final int EXIT_NO_SUCCESS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNRESOLVED = 3;
    /** The handshakes ran (the summary was printed), but the report could not be written. */
    public static final int EXIT_REPORT_NOT_WRITTEN = 4;
    /** {@code --history}: the history database could not be opened or read. */
    public static final int EXIT_HISTORY_UNREADABLE = 5;

    private NodeHandshake() {
    }

    public static void main(String[] args) {
        Logging.configure(System.getenv("LOG_LEVEL"));
        int status = run(args, System.out, System.err);
        if (CamelRuntime.shuttingDown()) {
            return; // stopped by a signal: System.exit would block behind the running shutdown hooks
        }
        System.exit(status);
    }

    /** Parses, then hands the mode to its runner; the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CliArguments arguments;
        try {
            arguments = CliArguments.parse(args);
        } catch (UsageException e) {
            return usageError(e.getMessage(), err);
        }
        if (arguments.help()) {
            out.print(CliArguments.USAGE);
            return EXIT_SUCCESS;
        }
        if (arguments.version()) {
            out.println("node-handshake " + BuildInfo.version());
            return EXIT_SUCCESS;
        }
        if (arguments.config().isPresent() && !Files.isReadable(Path.of(arguments.config().get()))) {
            return usageError("--config: cannot read " + arguments.config().get(), err);
        }
        if (endsByItself(arguments.mode())) {
            // Netty's allocator events for Java Flight Recorder: their set-up is about 60 ms of a one-shot check
            // (BENCHMARKS.md), for recordings only a long-running process is profiled with; =true brings them back.
            setDefault("io.netty.jfr.enabled", "false");
        }
        CamelRuntime camel = CamelRuntime.of(arguments, err);
        try {
            return switch (arguments.mode()) {
                case LISTEN -> ListenerRunner.run(camel, arguments.properties().get("handshake.listen"), err);
                case SERVICE -> ServiceRunner.run(camel, err);
                case CHECK -> CheckRunner.run(camel, false, showProgress(arguments), out, err);
                case ONCE -> CheckRunner.run(camel, true, showProgress(arguments), out, err);
                case WORKER -> WorkerRunner.run(camel, err);
                case HISTORY -> HistoryRunner.run(camel, arguments.properties().get(HistoryRunner.SEED), out, err);
            };
        } catch (StartFailure e) {
            if (e.usage()) {
                return usageError(e.getMessage(), err);
            }
            err.println("error: " + e.getMessage());
            return e.status();
        }
    }

    /** The modes that end by themselves (a check, {@code --once}, {@code --history}), not when stopped. */
    static boolean endsByItself(CliArguments.Mode mode) {
        return mode == CliArguments.Mode.CHECK || mode == CliArguments.Mode.ONCE || mode == CliArguments.Mode.HISTORY;
    }

    /** A check's progress line: on a terminal that can erase a line, unless {@code --quiet}. */
    private static boolean showProgress(CliArguments arguments) {
        return ProgressConsole.wanted(arguments.quiet(), System.console() != null, System.getenv());
    }

    /** A usage error: the message and the help on stderr, exit status 2. */
    static int usageError(String message, PrintStream err) {
        err.println("error: " + message);
        err.println();
        err.print(CliArguments.USAGE);
        return EXIT_USAGE;
    }

    /** Sets a system property unless the user set it (-D, JAVA_OPTS). */
    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** slf4j-simple reads its settings once, at the first logger: set them before anything logs. */
    static final class Logging {
        private Logging() {
        }

        static void configure(String level) {
            String wanted = level == null || level.isBlank() ? "info" : level.trim().toLowerCase(Locale.ROOT);
            boolean verbose = wanted.equals("debug") || wanted.equals("trace");
            setDefault("org.slf4j.simpleLogger.defaultLogLevel", wanted);
            setDefault("org.slf4j.simpleLogger.logFile", "System.out");
            setDefault("org.slf4j.simpleLogger.showDateTime", "true");
            setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
            setDefault("org.slf4j.simpleLogger.showThreadName", "false");
            setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
            // Frameworks speak only when something is wrong, unless the user asks for detail.
            for (String framework : new String[] {"org.apache.camel", "io.netty", "org.xbill", "org.quartz",
                    "org.flywaydb", "org.apache.kafka"}) {
                setDefault("org.slf4j.simpleLogger.log." + framework, verbose ? wanted : "warn");
            }
            // Flyway logs a failed rollback with its stack trace (a report directory lost mid-migration), then
            // rethrows: HistoryStore reports it in one line ("history database not usable").
            setDefault("org.slf4j.simpleLogger.log.org.flywaydb.core.internal.jdbc.TransactionalExecutionTemplate",
                    verbose ? wanted : "off");
        }
    }
}
