package org.nodehandshake.cli;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.nodehandshake.camel.HandshakeBeans;

/**
 * The one owner of Camel's lifecycle and of shutdown, for every mode: builds camel-main with our beans,
 * the mode's routes and the layered properties (jar defaults &lt; configuration file &lt; command line),
 * starts it with errors in one line, stops it, and for the long-running modes waits for SIGTERM/Ctrl-C.
 */
final class CamelRuntime {

    static final String DEFAULT_CONFIG = "config/application.properties";

    private final Main main;
    private final PrintStream err;

    private CamelRuntime(Main main, PrintStream err) {
        this.main = main;
        this.err = err;
    }

    /** Camel main with our beans, the mode's routes, the configuration file and the command line's properties. */
    static CamelRuntime of(CliArguments arguments, PrintStream err) {
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
        main.addOverrideProperty("camel.main.routes-include-pattern", routesOf(arguments.mode()));
        arguments.properties().forEach(main::addOverrideProperty);
        return new CamelRuntime(main, err);
    }

    /** The route files each mode runs. */
    static String routesOf(CliArguments.Mode mode) {
        return switch (mode) {
            case LISTEN -> "classpath:routes/listen.yaml";
            case SERVICE -> "classpath:routes/check-seeds.yaml,classpath:routes/service.yaml";
            case CHECK, ONCE -> "classpath:routes/check-seeds.yaml";
        };
    }

    Main main() {
        return main;
    }

    /** Starts Camel; on failure says why in one line (the innermost cause), stops, and returns false. */
    boolean start() {
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy strategy) {
            strategy.disableHangupSupport(); // our own hook stops Camel: see untilSignalled
        }
        try {
            main.start();
            return true;
        } catch (Exception e) {
            err.println("error: " + rootMessage(e));
            stop();
            return false;
        }
    }

    /** Stops Camel; a failure is a warning line. False when stopping failed. */
    boolean stop() {
        try {
            main.stop();
            return true;
        } catch (Exception e) {
            err.println("warning: shutdown: " + e.getMessage());
            return false;
        }
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
