package org.nodehandshake.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A second real Bitcoin node: bcoin 1.0.2 (an independent JavaScript implementation, from npm) as a regtest
 * FullNode with an in-memory chain, run by {@code src/test/resources/bcoin/peer.js} on Debian's Node with
 * {@code NODE_BACKEND=js} (its native addons do not build on Node 20). It listens on one loopback address;
 * with {@code only} it dials that one peer as an automatic outbound connection (and redials it when
 * dropped). Its log (bcoin's, level debug, and peer.js's {@code PEER-JS} lines) is kept in a temporary
 * file; closing stops it (stdin closed, then SIGTERM, then a kill) and deletes the file.
 *
 * <p>The package is installed by {@code .ci/run} ({@code npm ci} from the lock file into
 * {@code src/test/resources/bcoin/node_modules}, which git ignores). Without Node or the package the test is
 * skipped, or fails on CI ({@code CI=true}), like {@link RealBinaries}.
 *
 * <p>Its connections come from 127.0.0.1 (bcoin does not bind its outbound sockets).
 */
public final class BcoinNode implements AutoCloseable {

    /** Where package.json, the lock file, peer.js and (once installed) node_modules are. */
    public static final Path DIR = Path.of(System.getProperty("bcoin.dir", "src/test/resources/bcoin")).toAbsolutePath();
    /** bcoin's user agent, as its version carries it. */
    public static final String USER_AGENT = "/bcoin:v1.0.2/";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String ip;
    private final int port;
    private final Path logDir;
    private final Process process;
    private final Thread killHook;

    private BcoinNode(String ip, int port, Path logDir, Process process) {
        this.ip = ip;
        this.port = port;
        this.logDir = logDir;
        this.process = process;
        this.killHook = Processes.killOnExit(process);
    }

    /**
     * Starts a node listening on {@code ip:port} (127.0.0.x; its HTTP API on {@code port + 1} of the same
     * address) and waits until its pool accepts connections. With {@code only} (HOST:PORT on 127.0.0.0/8)
     * that peer is its one outbound connection.
     */
    public static BcoinNode start(String ip, int port, Optional<String> only) throws Exception {
        requireLoopback(ip);
        only.ifPresent(BcoinNode::requireLoopback);
        Path node = requireInstalled();
        Path logDir = Files.createTempDirectory("bcoin-");
        List<String> command = new ArrayList<>(List.of(node.toString(), DIR.resolve("peer.js").toString(),
                "--host", ip, "--port", Integer.toString(port), "--http-port", Integer.toString(port + 1),
                "--prefix", logDir.resolve("prefix").toString()));
        only.ifPresent(o -> command.addAll(List.of("--only", o)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("bcoin.log").toFile());
        builder.environment().put("NODE_BACKEND", "js"); // bcoin's pure-JS backends, no native addons
        Process process = builder.start();
        BcoinNode bcoin = new BcoinNode(ip, port, logDir, process);
        try {
            if (!bcoin.awaitLine("PEER-JS listening " + ip + ":" + port, START_TIMEOUT)) {
                throw new IOException("bcoin did not listen on " + ip + ":" + port + " within " + START_TIMEOUT
                        + ": " + bcoin.diagnostics());
            }
        } catch (Throwable t) {
            bcoin.close();
            throw t;
        }
        return bcoin;
    }

    /** Node and the installed package, or a skip (a failure on CI) saying how to install them. */
    private static Path requireInstalled() {
        Path node = RealBinaries.require("node", "nodejs npm");
        if (!Files.isDirectory(DIR.resolve("node_modules/bcoin"))) {
            String message = "bcoin is not installed: run `npm ci --prefix " + DIR
                    + " --ignore-scripts` (.ci/run does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: real-peer tests may not be skipped)");
            }
            assumeTrue(false, message + "; skipping the tests that need it");
        }
        return node;
    }

    public String ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    /** Everything it logged so far. */
    public String log() {
        try {
            return Files.readString(logDir.resolve("bcoin.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The log's lines that contain {@code fragment}. */
    public List<String> lines(String fragment) {
        return log().lines().filter(l -> l.contains(fragment)).toList();
    }

    /** Waits until a line contains {@code fragment}; false at the deadline or when the node exited. */
    public boolean awaitLine(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!lines(fragment).isEmpty()) {
                return true;
            }
            if (!process.isAlive()) {
                return !lines(fragment).isEmpty();
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The end of its log and its exit status, for assertion messages. */
    public String diagnostics() {
        String text = log();
        String tail = text.length() > 8000 ? text.substring(text.length() - 8000) : text;
        return "--- bcoin.log ---\n" + tail + (process.isAlive() ? "" : "--- exited with " + process.exitValue() + "\n");
    }

    @Override
    public void close() {
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.flush(); // closing stdin asks peer.js to stop
            } catch (IOException e) {
                // already gone
            }
            Processes.stop(process, Duration.ofSeconds(3));
        } finally {
            Processes.forget(killHook);
            Processes.deleteTree(logDir);
        }
    }

    private static void requireLoopback(String endpoint) {
        if (!endpoint.startsWith("127.")) {
            throw new IllegalArgumentException("the bcoin node may only use 127.0.0.0/8, not " + endpoint);
        }
    }
}
