package org.nodehandshake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.slf4j.LoggerFactory;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.camel.HandshakeBeans;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.report.RunReport;

/**
 * {@code java -jar node-handshake.jar <dns_seed_name> [port] [timeout_ms] [options]}: starts Camel,
 * sends the seed through the check-seeds route once, and exits with a status that says how it went.
 */
public final class NodeHandshake {

    public static final int EXIT_SUCCESS = 0;
    public static final int EXIT_NO_SUCCESS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNRESOLVED = 3;

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
            err.println("error: " + e.getMessage());
            err.println();
            err.print(CliArguments.USAGE);
            return EXIT_USAGE;
        }
        if (arguments.help()) {
            out.print(CliArguments.USAGE);
            return EXIT_SUCCESS;
        }
        if (arguments.version()) {
            out.println("node-handshake " + BuildInfo.version());
            return EXIT_SUCCESS;
        }
        Main main = camel(arguments);
        if (arguments.listen()) {
            return listen(main, arguments, err);
        }
        try {
            main.start();
            ProducerTemplate template = main.getCamelTemplate();
            Exchange done = template.send("direct:check-seeds",
                    e -> e.getMessage().setBody(List.of(arguments.seed().orElseThrow())));
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
            try {
                main.stop();
            } catch (Exception e) {
                err.println("warning: shutdown: " + e.getMessage());
            }
        }
    }

    /** Camel main with our beans, the mode's routes and the command line's properties. */
    static Main camel(CliArguments arguments) {
        Main main = new Main(NodeHandshake.class);
        // Defaults travel in the jar; config/application.properties beside the working directory overrides them.
        main.setPropertyPlaceholderLocations(
                "file:config/application.properties;optional=true,classpath:application.properties;optional=true");
        main.configure().addConfiguration(new HandshakeBeans());
        main.addOverrideProperty("camel.main.routes-include-pattern",
                arguments.listen() ? "classpath:routes/listen.yaml" : "classpath:routes/check-seeds.yaml");
        arguments.properties().forEach(main::addOverrideProperty);
        return main;
    }

    /**
     * Runs the responder until SIGTERM or Ctrl-C. Our own shutdown hook (instead of Camel's) writes the
     * running report once more, stops Camel gracefully and exits with status 0: a stop on request is a
     * clean end, not a failure.
     */
    static int listen(Main main, CliArguments arguments, PrintStream err) {
        String listen = arguments.properties().get("handshake.listen");
        Optional<String> unavailable = bindProblem(listen);
        if (unavailable.isPresent()) {
            err.println("error: cannot listen on " + listen + ": " + unavailable.get());
            return EXIT_NO_SUCCESS;
        }
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy strategy) {
            strategy.disableHangupSupport();
        }
        try {
            main.start();
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return EXIT_NO_SUCCESS;
        }
        var properties = main.getCamelContext().getPropertiesComponent();
        LoggerFactory.getLogger(NodeHandshake.class).info("Listening for inbound {} handshakes on {}",
                properties.resolveProperty("handshake.network").orElse("?"),
                properties.resolveProperty("handshake.listen").orElse("?"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = EXIT_SUCCESS;
            try {
                main.getCamelTemplate().sendBody("direct:write-listener-report", null);
            } catch (Exception e) {
                err.println("warning: could not write the final listener report: " + e.getMessage());
                status = EXIT_NO_SUCCESS;
            }
            try {
                main.stop();
            } catch (Exception e) {
                err.println("warning: shutdown: " + e.getMessage());
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
