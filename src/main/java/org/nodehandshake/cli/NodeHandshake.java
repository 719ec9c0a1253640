package org.nodehandshake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.Exchange;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.camel.HandshakeBeans;
import org.nodehandshake.camel.ScheduledRuns;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.report.RunReport;
import org.slf4j.LoggerFactory;

/**
 * The command line: a one-shot check of one seed ({@code <dns_seed_name> ...}) or of the configured
 * seeds ({@code --once}), the scheduled service (no name), or the responder ({@code --listen}).
 */
public final class NodeHandshake {

    public static final int EXIT_SUCCESS = 0;
    public static final int EXIT_NO_SUCCESS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNRESOLVED = 3;

    private static final String DEFAULT_CONFIG = "config/application.properties";

    private NodeHandshake() {
    }

    public static void main(String[] args) {
        Logging.configure(System.getenv("LOG_LEVEL"));
        int status = run(args, System.out, System.err);
        if (shuttingDown()) {
            return; // stopped by a signal: System.exit would block behind the running shutdown hooks
        }
        System.exit(status);
    }

    private static boolean shuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

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
        Main main = camel(arguments);
        return switch (arguments.mode()) {
            case LISTEN -> listen(main, arguments, err);
            case SERVICE -> service(main, err);
            case CHECK -> check(main, arguments.seed().map(List::of), out, err);
            case ONCE -> check(main, Optional.empty(), out, err);
        };
    }

    private static int usageError(String message, PrintStream err) {
        err.println("error: " + message);
        err.println();
        err.print(CliArguments.USAGE);
        return EXIT_USAGE;
    }

    /** Camel main with our beans, the mode's routes, the configuration file and the command line's properties. */
    static Main camel(CliArguments arguments) {
        Main main = new Main(NodeHandshake.class);
        // Every bean is bound by HandshakeBeans: scanning the package for annotated classes means reading
        // the whole 16 MB jar entry by entry (about 0.5 s of every start, see BENCHMARKS.md).
        main.configure().setBasePackageScanEnabled(false);
        // Defaults travel in the jar; the configuration file (by default config/application.properties in
        // the working directory, if there is one) overrides them; command-line options override both.
        String config = arguments.config().map(f -> "file:" + f)
                .orElse("file:" + DEFAULT_CONFIG + ";optional=true");
        main.setPropertyPlaceholderLocations(config + ",classpath:application.properties;optional=true");
        main.configure().addConfiguration(new HandshakeBeans());
        main.addOverrideProperty("camel.main.routes-include-pattern", switch (arguments.mode()) {
            case LISTEN -> "classpath:routes/listen.yaml";
            case SERVICE -> "classpath:routes/check-seeds.yaml,classpath:routes/service.yaml";
            case CHECK, ONCE -> "classpath:routes/check-seeds.yaml";
        });
        arguments.properties().forEach(main::addOverrideProperty);
        return main;
    }

    /** One run over the given seeds (or the configured ones), then the exit status of the contract. */
    static int check(Main main, Optional<List<Seed>> given, PrintStream out, PrintStream err) {
        try {
            if (!start(main, err)) {
                return EXIT_NO_SUCCESS;
            }
            List<Seed> seeds = given.orElseGet(() -> scheduledRuns(main).seeds());
            if (seeds.isEmpty()) {
                return usageError("no seeds: handshake.seeds is empty", err);
            }
            Exchange done = main.getCamelTemplate().send("direct:check-seeds", e -> e.getMessage().setBody(seeds));
            if (done.getException() != null) {
                err.println("error: the run failed: " + done.getException());
                return EXIT_NO_SUCCESS;
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
            return EXIT_NO_SUCCESS;
        } finally {
            stopQuietly(main, err);
        }
    }

    /**
     * The scheduled service: runs until SIGTERM or Ctrl-C. On the signal no new run starts, a run in
     * progress ends at its deadline and writes its report, then Camel stops and the exit status is 0.
     */
    static int service(Main main, PrintStream err) {
        if (!start(main, err)) {
            return EXIT_NO_SUCCESS;
        }
        ScheduledRuns runs = scheduledRuns(main);
        var properties = main.getCamelContext().getPropertiesComponent();
        if (runs.seeds().isEmpty()) {
            stopQuietly(main, err);
            return usageError("no seeds: handshake.seeds is empty", err);
        }
        long timeout = Long.parseLong(properties.resolveProperty("handshake.timeout-ms").orElse("5000").trim());
        LoggerFactory.getLogger(NodeHandshake.class).info("Checking {} seed(s) on schedule '{}'; reports in {}",
                runs.seeds().size(), properties.resolveProperty("handshake.schedule").orElse("?"),
                properties.resolveProperty("handshake.report-dir").orElse("?"));
        return untilSignalled(main, err, () -> {
            main.getCamelContext().getRouteController().stopRoute("scheduled-check");
            // DNS and handshakes each end at their deadline: a run ends within two timeouts and a margin.
            if (!runs.awaitIdle(2 * timeout + 10_000)) {
                err.println("warning: the run in progress did not end in time");
            }
        });
    }

    /**
     * The responder: runs until SIGTERM or Ctrl-C; on the signal the running report is written once more,
     * Camel stops and the exit status is 0.
     */
    static int listen(Main main, CliArguments arguments, PrintStream err) {
        String listen = arguments.properties().get("handshake.listen");
        Optional<String> unavailable = bindProblem(listen);
        if (unavailable.isPresent()) {
            err.println("error: cannot listen on " + listen + ": " + unavailable.get());
            return EXIT_NO_SUCCESS;
        }
        if (!start(main, err)) {
            return EXIT_NO_SUCCESS;
        }
        var properties = main.getCamelContext().getPropertiesComponent();
        LoggerFactory.getLogger(NodeHandshake.class).info("Listening for inbound {} handshakes on {}",
                properties.resolveProperty("handshake.network").orElse("?"), listen);
        return untilSignalled(main, err,
                () -> main.getCamelTemplate().sendBody("direct:write-listener-report", null));
    }

    interface StopStep {
        void run() throws Exception;
    }

    /**
     * Blocks until the JVM is asked to stop. Our own shutdown hook (instead of Camel's, which lets the JVM
     * halt mid-stop) runs the mode's last step, stops Camel gracefully, and ends the process with 0: a
     * stop on request is a clean end, not a failure.
     */
    private static int untilSignalled(Main main, PrintStream err, StopStep beforeStop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = EXIT_SUCCESS;
            try {
                beforeStop.run();
            } catch (Exception e) {
                err.println("warning: while stopping: " + e.getMessage());
                status = EXIT_NO_SUCCESS;
            }
            if (!stopQuietly(main, err)) {
                status = EXIT_NO_SUCCESS;
            }
            stopped.countDown();
            Runtime.getRuntime().halt(status);
        }, "node-handshake-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_SUCCESS;
    }

    private static boolean start(Main main, PrintStream err) {
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy strategy) {
            strategy.disableHangupSupport();
        }
        try {
            main.start();
            return true;
        } catch (Exception e) {
            err.println("error: " + rootMessage(e));
            stopQuietly(main, err);
            return false;
        }
    }

    private static boolean stopQuietly(Main main, PrintStream err) {
        try {
            main.stop();
            return true;
        } catch (Exception e) {
            err.println("warning: shutdown: " + e.getMessage());
            return false;
        }
    }

    private static ScheduledRuns scheduledRuns(Main main) {
        return main.getCamelContext().getRegistry().lookupByNameAndType("scheduledRuns", ScheduledRuns.class);
    }

    /** The innermost cause's message: configuration errors arrive wrapped in Camel's exceptions. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** Says why the address cannot be listened on (in use, not local), before Camel would fail with a stack trace. */
    static Optional<String> bindProblem(String hostAndPort) {
        Optional<HostAndPort> address = HostAndPort.parse(hostAndPort, 0);
        if (address.isEmpty()) {
            return Optional.of("not HOST:PORT");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address.get().host(), address.get().port()));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    static int exitCode(RunReport report) {
        if (report.noneResolved()) {
            return EXIT_UNRESOLVED;
        }
        return report.anySuccess() ? EXIT_SUCCESS : EXIT_NO_SUCCESS;
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
            for (String framework : new String[] {"org.apache.camel", "io.netty", "org.xbill", "org.quartz"}) {
                setDefault("org.slf4j.simpleLogger.log." + framework, verbose ? wanted : "warn");
            }
        }

        private static void setDefault(String key, String value) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        }
    }
}
