package org.nodehandshake.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.nodehandshake.ethereum.EthCrypto;

/**
 * A real devp2p peer: {@code @ethereumjs/devp2p} 10.0.0 (RLPx, eth/68, a valid mainnet Status from
 * {@code @ethereumjs/common} 10.1.3's fork schedule) run by {@code src/test/resources/ethereumjs/peer.js}
 * on Node, listening on one loopback address with a private key the test chooses (so that the test can
 * sign node records for it). What the peer receives comes back as JSON lines ({@link #events()}); see
 * peer.js for the events. Closing stops it (stdin closed, then SIGTERM, then a kill) and deletes its logs.
 *
 * <p>The packages are installed by {@code .ci/run} ({@code npm ci} from the lock file into
 * {@code src/test/resources/ethereumjs/node_modules}, which git ignores). Without Node or the packages the
 * test is skipped, or fails on CI ({@code CI=true}), like {@link RealBinaries}.
 *
 * <p>Its outbound connections ({@code --dial}) are not bound to its address: they come from 127.0.0.1.
 */
public final class EthereumjsNode implements AutoCloseable {

    /** Where package.json, the lock file, peer.js and (once installed) node_modules are. */
    public static final Path DIR = Path.of(System.getProperty("ethereumjs.dir", "src/test/resources/ethereumjs"))
            .toAbsolutePath();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ip;
    private final int port;
    private final String privateKeyHex;
    private final Path logDir;
    private final Process process;
    private final Thread killHook;
    private JsonNode listening;

    private EthereumjsNode(String ip, int port, String privateKeyHex, Path logDir, Process process) {
        this.ip = ip;
        this.port = port;
        this.privateKeyHex = privateKeyHex;
        this.logDir = logDir;
        this.process = process;
        this.killHook = Processes.killOnExit(process);
    }

    /** A fresh private key, 64 hex characters, for {@link #start}. */
    public static String newPrivateKeyHex() {
        return HexFormat.of().formatHex(EthCrypto.unsigned32(EthCrypto.newPrivateKey()));
    }

    /** The node id (128 hex characters: the uncompressed public key without 04) of a private key. */
    public static String nodeIdOf(String privateKeyHex) {
        return HexFormat.of().formatHex(EthCrypto.encode64(EthCrypto.publicKey(new BigInteger(privateKeyHex, 16))));
    }

    /**
     * Starts a peer on {@code ip:port} (127.0.0.x) with {@code privateKeyHex} and waits until it listens.
     * Extra arguments are peer.js options: {@code "--dial", "enode://...@127.0.0.y:port"},
     * {@code "--client-id", text}, {@code "--hardfork", name}, {@code "--max-peers", n}.
     */
    public static EthereumjsNode start(String ip, int port, String privateKeyHex, String... extraArgs)
            throws Exception {
        requireLoopback(ip);
        for (int i = 0; i + 1 < extraArgs.length; i++) {
            if (extraArgs[i].equals("--dial")) {
                String target = extraArgs[i + 1];
                requireLoopback(target.substring(target.indexOf('@') + 1));
            }
        }
        Path node = requireInstalled();
        Path logDir = Files.createTempDirectory("ethereumjs-");
        List<String> command = new ArrayList<>(List.of(node.toString(), DIR.resolve("peer.js").toString(),
                "--host", ip, "--port", Integer.toString(port), "--key", privateKeyHex));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectOutput(logDir.resolve("events.jsonl").toFile())
                .redirectError(logDir.resolve("stderr.log").toFile());
        // DEBUG=devp2p:* (the package's debug logs, on stderr) when asked, for a failing test's diagnosis
        builder.environment().put("DEBUG", System.getProperty("ethereumjs.debug", ""));
        Process process = builder.start();
        EthereumjsNode peer = new EthereumjsNode(ip, port, privateKeyHex, logDir, process);
        try {
            peer.listening = peer.awaitEvent("listening", START_TIMEOUT)
                    .orElseThrow(() -> new IOException("peer.js did not listen on " + ip + ":" + port + " within "
                            + START_TIMEOUT + ": " + peer.diagnostics()));
        } catch (Throwable t) {
            peer.close();
            throw t;
        }
        return peer;
    }

    /** Node and the installed packages, or a skip (a failure on CI) saying how to install them. */
    private static Path requireInstalled() {
        Path node = RealBinaries.require("node", "nodejs npm");
        if (!Files.isDirectory(DIR.resolve("node_modules/@ethereumjs/devp2p"))) {
            String message = "@ethereumjs/devp2p is not installed: run `npm ci --prefix " + DIR + "` (.ci/run does)";
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

    public String privateKeyHex() {
        return privateKeyHex;
    }

    /** Its node id as it announced it: 128 hex characters. */
    public String nodeId() {
        return listening.path("id").asText();
    }

    /** {@code enode://<id>@ip:port}. */
    public String enode() {
        return listening.path("enode").asText();
    }

    /** The client id its Hello carries ({@code ethereumjs-devp2p/linux-x64/nodejs}). */
    public String clientId() {
        return listening.path("clientId").asText();
    }

    /** The fork id its Status carries: {hash (8 hex), next (0 when none is scheduled)}. */
    public JsonNode forkId() {
        return listening.path("forkId");
    }

    /** Every event printed so far, in order (a partly written last line is left for the next call). */
    public List<JsonNode> events() throws IOException {
        return log().events();
    }

    /** The events named {@code event}. */
    public List<JsonNode> events(String event) throws IOException {
        return log().events(event);
    }

    /** Waits for an event that matches; empty at the deadline or when the peer exited. */
    public Optional<JsonNode> awaitEvent(Predicate<JsonNode> matches, Duration timeout)
            throws IOException, InterruptedException {
        return log().awaitEvent(matches, timeout);
    }

    private JsonEventLog log() {
        return new JsonEventLog(logDir.resolve("events.jsonl"), process);
    }

    public Optional<JsonNode> awaitEvent(String event, Duration timeout) throws IOException, InterruptedException {
        return awaitEvent(JsonEventLog.named(event), timeout);
    }

    /** The first event named {@code event} about the peer with node id {@code peerId}. */
    public Optional<JsonNode> awaitEvent(String event, String peerId, Duration timeout)
            throws IOException, InterruptedException {
        return awaitEvent(e -> event.equals(e.path("event").asText()) && peerId.equals(e.path("id").asText()), timeout);
    }

    /** The event log and stderr, for assertion messages. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (String file : List.of("events.jsonl", "stderr.log")) {
            try {
                String text = Files.readString(logDir.resolve(file), StandardCharsets.UTF_8);
                out.append("--- ").append(file).append(" ---\n")
                        .append(text.length() > 8000 ? text.substring(text.length() - 8000) : text);
            } catch (IOException e) {
                out.append("--- ").append(file).append(": ").append(e.getMessage()).append('\n');
            }
        }
        if (!process.isAlive()) {
            out.append("--- exited with ").append(process.exitValue()).append('\n');
        }
        return out.toString();
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
            throw new IllegalArgumentException("the ethereumjs peer may only use 127.0.0.0/8, not " + endpoint);
        }
    }
}
