package org.nodehandshake.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.apache.camel.spi.RoutesLoader;
import org.nodehandshake.camel.HandshakeBeans;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.camel.InvalidSettingException;
import org.nodehandshake.distributed.KafkaSettings;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The one owner of Camel's lifecycle and of shutdown, for every mode: builds camel-main with our beans,
 * the mode's routes and the layered properties (jar defaults &lt; configuration file &lt; -D and
 * environment &lt; command line), configures it (every setting checked once, by {@link HandshakeBeans}),
 * starts it with errors in one line, stops it, and for the long-running modes waits for SIGTERM/Ctrl-C.
 */
final class CamelRuntime {

    static final String DEFAULT_CONFIG = "config/application.properties";
    /** The coordinator's routes, added to the service's with {@code handshake.kafka.bootstrap-servers} set. */
    static final String COORDINATOR_ROUTES = "classpath:routes/coordinator.yaml";

    private final Main main;
    private final CliArguments arguments;
    private final PrintStream err;
    /** Per {@code handshake.*} key looked up, where its value came from (Camel's name for the source). */
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private HandshakeSettings settings;

    private CamelRuntime(Main main, CliArguments arguments, PrintStream err) {
        this.main = main;
        this.arguments = arguments;
        this.err = err;
    }

    /** Camel main with our beans, the mode's routes, the configuration file and the command line's properties. */
    static CamelRuntime of(CliArguments arguments, PrintStream err) {
        Main main = new Main(NodeHandshake.class);
        // Every bean is bound by HandshakeBeans: scanning the package for annotated classes means reading
        // the whole 16 MB jar entry by entry (about 0.5 s of every start, see BENCHMARKS.md).
        main.configure().setBasePackageScanEnabled(false);
        // No bean of ours carries Camel's injection annotations (@BindToRegistry, @EndpointInject, ...), and
        // looking for them reflects over every bound bean's methods: about 70 ms of a one-shot check.
        main.configure().setBeanPostProcessorEnabled(false);
        // Camel's own health checks are served nowhere (/health and /ready are ours, cli/MetricsEndpoint).
        main.configure().health().setEnabled(false);
        // Defaults travel in the jar; the configuration file (by default config/application.properties in
        // the working directory, if there is one) overrides them; command-line options override both.
        String config = arguments.config().map(f -> "file:" + f)
                .orElse("file:" + DEFAULT_CONFIG + ";optional=true");
        main.setPropertyPlaceholderLocations(config + ",classpath:application.properties;optional=true");
        CamelRuntime runtime = new CamelRuntime(main, arguments, err);
        // Where each value came from, for the message about one that is not valid: registered before
        // HandshakeBeans reads them.
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                context.getPropertiesComponent().addPropertiesLookupListener((key, value, defaultValue, source) -> {
                    if (source != null) {
                        runtime.sources.put(key, source);
                    }
                });
            }
        });
        main.configure().addConfiguration(new HandshakeBeans());
        // The mode's route files, all loaded here (the coordinator's only with Kafka) rather than by camel-main's
        // routes collector, which would parse every YAML file twice (a first pass for modeline comments, which
        // ours have none of).
        main.configure().setRoutesCollectorEnabled(false);
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                RoutesLoader loader = PluginHelper.getRoutesLoader(context);
                for (String location : routesOf(arguments.mode())) {
                    loader.loadRoutes(ResourceHelper.resolveResource(context, location));
                }
                // The service is the coordinator when handshake.kafka.* is configured (known once the settings
                // are read, by HandshakeBeans above): its routes join the service's then only.
                if (arguments.mode() == CliArguments.Mode.SERVICE
                        && context.getRegistry().lookupByNameAndType("kafkaSettings", KafkaSettings.class).enabled()) {
                    loader.loadRoutes(ResourceHelper.resolveResource(context, COORDINATOR_ROUTES));
                }
            }
        });
        arguments.properties().forEach(main::addOverrideProperty);
        if (!servesMetrics(arguments.mode())) {
            // A run that ends serves no metrics (the command line refuses --metrics-listen there): whatever the
            // configuration says, nothing is kept for an endpoint that never opens.
            main.addOverrideProperty(HandshakeSettings.METRICS_LISTEN, "");
        }
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy strategy) {
            strategy.disableHangupSupport(); // our own hook stops Camel: see untilSignalled
        }
        return runtime;
    }

    /** The modes that serve {@code /metrics} (on {@code handshake.metrics.listen}): those that run until stopped. */
    static boolean servesMetrics(CliArguments.Mode mode) {
        return mode == CliArguments.Mode.SERVICE || mode == CliArguments.Mode.LISTEN;
    }

    /** The route files each mode runs. */
    static List<String> routesOf(CliArguments.Mode mode) {
        return switch (mode) {
            case LISTEN -> List.of("classpath:routes/listen.yaml");
            // and COORDINATOR_ROUTES with Kafka
            case SERVICE -> List.of("classpath:routes/check-seeds.yaml", "classpath:routes/service.yaml");
            case WORKER -> List.of("classpath:routes/check-seeds.yaml", "classpath:routes/worker.yaml");
            case CHECK, ONCE, HISTORY -> List.of("classpath:routes/check-seeds.yaml");
        };
    }

    Main main() {
        return main;
    }

    /**
     * Camel's configuration (camel-main's init: the properties, our beans, the mode's routes), nothing
     * started yet: the settings, every value checked. On failure Camel is stopped and the failure says
     * why: a value that is not valid is exit 2, in the command line's words when the command line set
     * it (with the usage), else naming where it was set (the configuration file, {@code -D}, the environment).
     */
    HandshakeSettings configure() throws StartFailure {
        if (settings == null) {
            try {
                main.init();
            } catch (Exception e) {
                stop();
                throw failure(e);
            }
            settings = bean("handshakeSettings", HandshakeSettings.class);
        }
        return settings;
    }

    /** Starts Camel (configured first if it was not); on failure stops it and says why in one line. */
    void start() throws StartFailure {
        configure();
        try {
            main.start();
        } catch (Exception e) {
            stop();
            throw failure(e);
        }
    }

    /** Stops Camel (started, only configured, or failed while configuring); a failure is a warning line. */
    boolean stop() {
        try {
            main.stop();
            CamelContext context = main.getCamelContext();
            if (context != null && !context.isStopped()) {
                context.stop();
            }
            return true;
        } catch (Exception e) {
            err.println("warning: shutdown: " + e.getMessage());
            return false;
        }
    }

    /** What a failure to configure or start means for the exit status, and its one line. */
    private StartFailure failure(Exception e) {
        Optional<InvalidSettingException> invalid = invalidSetting(e);
        if (invalid.isEmpty()) {
            return new StartFailure(NodeHandshake.EXIT_NO_SUCCESS, rootMessage(e), false);
        }
        String message = invalid.get().getMessage();
        Optional<String> key = invalid.get().key();
        Optional<String> inArguments = key.flatMap(k -> arguments.inArgumentTerms(k, message));
        if (inArguments.isPresent()) {
            return new StartFailure(NodeHandshake.EXIT_USAGE, inArguments.get(), true);
        }
        return new StartFailure(NodeHandshake.EXIT_USAGE,
                key.map(sources::get).map(CamelRuntime::origin).map(o -> o + ": " + message).orElse(message), false);
    }

    /** Camel's name for a property source, as a user would say it: the file's path, -D, the environment. */
    static String origin(String source) {
        if (source.equals("SYS")) {
            return "system property";
        }
        if (source.equals("ENV")) {
            return "environment";
        }
        String location = source.startsWith("file:") ? source.substring("file:".length()) : source;
        int options = location.indexOf(';');
        return options >= 0 ? location.substring(0, options) : location;
    }

    private static Optional<InvalidSettingException> invalidSetting(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return Optional.of(invalid);
            }
        }
        return Optional.empty();
    }

    <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    Optional<String> property(String key) {
        return main.getCamelContext().getPropertiesComponent().resolveProperty(key);
    }

    /** What a long-running mode does last, before Camel stops (the run in progress, the last report). */
    interface StopStep {
        void run() throws Exception;
    }

    /**
     * Blocks until the JVM is asked to stop. Our own shutdown hook (instead of Camel's, which lets the JVM
     * halt mid-stop) runs the mode's last step, stops Camel gracefully, and ends the process with 0: a
     * stop on request is a clean end, not a failure.
     */
    int untilSignalled(StopStep beforeStop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = NodeHandshake.EXIT_SUCCESS;
            try {
                beforeStop.run();
            } catch (Exception e) {
                err.println("warning: while stopping: " + e.getMessage());
                status = NodeHandshake.EXIT_NO_SUCCESS;
            }
            if (!stop()) {
                status = NodeHandshake.EXIT_NO_SUCCESS;
            }
            stopped.countDown();
            Runtime.getRuntime().halt(status);
        }, "node-handshake-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return NodeHandshake.EXIT_SUCCESS;
    }

    /** True when the JVM is already shutting down (a signal arrived): System.exit would then block. */
    static boolean shuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** The innermost cause's message: configuration errors arrive wrapped in Camel's exceptions. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
