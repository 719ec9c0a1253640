package org.nodehandshake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A real {@code monerod --regtest} (Debian's monerod 0.18) bound to one loopback address, with its own
 * data directory and log file, and no outbound connections beyond loopback: it only ever dials its
 * {@code --add-exclusive-node} (by default 127.0.0.1:1, where nothing listens), which also keeps it from
 * looking up the DNS seeds; DNS checkpoints, update checks, UPnP and ZMQ are off. Closing stops it and
 * deletes its data.
 *
 * <p>Regtest runs on mainnet's P2P network id and genesis block, so a fresh node reports height 1 and
 * the mainnet genesis hash as {@code top_block_hash}. Its outbound P2P connections are not bound to
 * {@code ip}: they come from 127.0.0.1. It accepts one inbound connection per source address
 * ({@code --max-connections-per-ip 1}, loopback included); a second one is reset before any Levin bytes.
 */
public final class MonerodNode implements AutoCloseable {

    /**
     * A valid mainnet address (regtest uses mainnet's address prefixes), the one monero's own functional
     * tests mine to (tests/functional_tests/blockchain.py).
     */
    public static final String MINING_ADDRESS =
            "42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> PEER_OPTIONS = Set.of("--add-exclusive-node", "--add-priority-node",
            "--add-peer", "--seed-node", "--proxy");
    private static final Pattern ENDPOINT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");

    private final String ip;
    private final int p2pPort;
    private final int rpcPort;
    private final Path dataDir;
    private final List<String> command;
    private final HttpClient http = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private Process process;
    private Thread killHook;
    private Duration startupTime;

    private MonerodNode(String ip, int p2pPort, int rpcPort, Path dataDir, List<String> command) {
        this.ip = ip;
        this.p2pPort = p2pPort;
        this.rpcPort = rpcPort;
        this.dataDir = dataDir;
        this.command = command;
    }

    /**
     * Starts a node on {@code ip} (127.0.0.x) and waits until its JSON-RPC answers {@code get_info}. Extra
     * arguments ({@code "--opt", "value"} or {@code "--opt=value"} or a bare flag) replace every default
     * of the same option name, e.g. {@code "--add-exclusive-node", "127.0.0.92:28092"}; give an option
     * twice to pass it twice. Endpoints outside 127.0.0.0/8 are refused.
     */
    public static MonerodNode start(String ip, int p2pPort, int rpcPort, String... extraArgs) throws Exception {
        requireLoopback(ip);
        List<List<String>> extras = group(List.of(extraArgs));
        for (List<String> option : extras) {
            option.stream().skip(1).forEach(MonerodNode::refuseNonLoopbackEndpoint);
            if (PEER_OPTIONS.contains(option.get(0)) && option.size() == 2) {
                requireLoopback(option.get(1)); // a host name would also mean a DNS lookup
            }
            if (option.get(0).equals("--p2p-bind-ipv6-address") && !option.get(1).equals("::1")) {
                throw new IllegalArgumentException("monerod may only bind IPv6 loopback (::1), not " + option.get(1));
            }
        }
        Path daemon = RealBinaries.require("monerod", "monero");
        Path dataDir = Files.createTempDirectory("monerod-");
        List<List<String>> options = new ArrayList<>(List.of(
                List.of("--regtest"),
                List.of("--keep-fakechain"), // a restart (see mine) keeps the chain; the data dir is fresh anyway
                List.of("--fixed-difficulty", "1"),
                List.of("--p2p-bind-ip", ip),
                List.of("--p2p-bind-port", Integer.toString(p2pPort)),
                List.of("--rpc-bind-ip", ip),
                List.of("--rpc-bind-port", Integer.toString(rpcPort)),
                List.of("--rpc-ssl", "disabled"),
                List.of("--no-igd"),
                List.of("--no-zmq"),
                List.of("--disable-dns-checkpoints"),
                List.of("--check-updates", "disabled"),
                // exclusive nodes: no seed nodes and no DNS seed lookups; nothing listens on port 1
                List.of("--add-exclusive-node", "127.0.0.1:1"),
                List.of("--non-interactive"),
                // level 1 shows NEW CONNECTION / CLOSE CONNECTION / per-command traffic lines,
                // net.p2p:DEBUG adds the responder's "COMMAND_HANDSHAKE" line
                List.of("--log-level", "1,net.p2p:DEBUG"),
                List.of("--data-dir", dataDir.toString()),
                List.of("--log-file", dataDir.resolve("monerod.log").toString())));
        Set<String> replaced = new LinkedHashSet<>();
        extras.forEach(option -> replaced.add(option.get(0)));
        options.removeIf(option -> replaced.contains(option.get(0)));
        options.addAll(extras);
        List<String> command = new ArrayList<>(List.of(daemon.toString()));
        for (List<String> option : options) {
            if (option.size() == 2) {
                command.add(option.get(0) + "=" + option.get(1));
            } else {
                command.add(option.get(0));
            }
        }
        MonerodNode node = new MonerodNode(ip, p2pPort, rpcPort, dataDir, command);
        try {
            node.launch(List.of());
        } catch (Throwable e) {
            node.close();
            throw e;
        }
        return node;
    }

    public String ip() {
        return ip;
    }

    public int p2pPort() {
        return p2pPort;
    }

    public int rpcPort() {
        return rpcPort;
    }

    /** "ip:p2pPort", the form --add-exclusive-node takes. */
    public String p2pAddress() {
        return ip + ":" + p2pPort;
    }

    /** Wall time from spawning the process until get_info answered, for the last (re)start. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** monerod's own log (its --log-file). */
    public Path logFile() {
        return dataDir.resolve("monerod.log");
    }

    /** The log so far ("" before monerod created it). Lines may contain raw bytes; read as UTF-8 leniently. */
    public String log() throws IOException {
        Path log = logFile();
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    /** Waits until a log line matches {@code regex} (find, not full match) and returns that line. */
    public Optional<String> awaitLogLine(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<String> line = log().lines().filter(l -> pattern.matcher(l).find()).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Calls a JSON-RPC method on /json_rpc and returns its "result"; throws on an "error" answer. */
    public JsonNode rpc(String method, ObjectNode params) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", "0").put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        JsonNode response = post("/json_rpc", request);
        if (response.hasNonNull("error")) {
            throw new IOException("monerod " + method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    /** get_info's result: height, top_block_hash, nettype ("fakechain" in regtest), synchronized, ... */
    public JsonNode getInfo() throws IOException, InterruptedException {
        return rpc("get_info", null);
    }

    /** get_connections' "connections" array (an empty array when there are none). */
    public JsonNode getConnections() throws IOException, InterruptedException {
        JsonNode connections = rpc("get_connections", null).path("connections");
        return connections.isMissingNode() ? JSON.createArrayNode() : connections;
    }

    /**
     * Mines {@code blocks} blocks to {@link #MINING_ADDRESS} with generateblocks and returns the new
     * height. monerod refuses generateblocks ("BUSY") until it considers itself synchronized, which an
     * online regtest node only does after a handshake with a peer at or below its height; in that case
     * the node is restarted on the same chain with --offline, mines, and is restarted as configured.
     * The restart drops its P2P connections and gives it a new peer id.
     */
    public long mine(int blocks) throws Exception {
        JsonNode result = generateBlocks(blocks);
        if ("BUSY".equals(result.path("status").asText())) {
            restart(List.of("--offline"));
            try {
                result = generateBlocks(blocks);
            } finally {
                restart(List.of());
            }
        }
        if (!"OK".equals(result.path("status").asText())) {
            throw new IOException("generateblocks failed: " + result);
        }
        return getInfo().path("height").asLong();
    }

    private JsonNode generateBlocks(int blocks) throws IOException, InterruptedException {
        ObjectNode params = JSON.createObjectNode()
                .put("amount_of_blocks", blocks)
                .put("wallet_address", MINING_ADDRESS);
        return rpc("generateblocks", params);
    }

    /** Stops the process and starts it again on the same data dir and log, with {@code extra} flags added. */
    private void restart(List<String> extra) throws Exception {
        stopProcess();
        launch(extra);
    }

    private void launch(List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(extra);
        long started = System.nanoTime();
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("stdout.log").toFile()))
                .start();
        killHook = Processes.killOnExit(process);
        awaitRpc(START_TIMEOUT);
        startupTime = Duration.ofNanos(System.nanoTime() - started);
    }

    private void awaitRpc(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("monerod exited with " + process.exitValue() + ": " + tail(log(), 4000));
            }
            try {
                if ("OK".equals(getInfo().path("status").asText())) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IOException("monerod RPC did not come up within " + timeout, last);
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + ":" + rpcPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("monerod " + path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                try {
                    post("/stop_daemon", JSON.createObjectNode());
                } catch (Exception e) {
                    process.destroy(); // SIGTERM: monerod shuts down cleanly on it too
                }
            }
            Processes.stop(process, Duration.ofSeconds(20));
        } finally {
            Processes.forget(killHook);
            process = null;
        }
    }

    @Override
    public void close() {
        try {
            stopProcess();
        } finally {
            Processes.deleteTree(dataDir);
        }
    }

    /** Splits arguments into options: "--name", "--name value" or "--name=value" (then held as name, value). */
    private static List<List<String>> group(List<String> args) {
        List<List<String>> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected an option (--name), got " + arg + " in " + args);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.add(List.of(arg.substring(0, eq), arg.substring(eq + 1)));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                options.add(List.of(arg, args.get(++i)));
            } else {
                options.add(List.of(arg));
            }
        }
        return options;
    }

    private static void requireLoopback(String ip) {
        if (!ip.startsWith("127.") && !ip.startsWith("[::1]:")) {
            throw new IllegalArgumentException("monerod may only use loopback (127.0.0.0/8, [::1]), not " + ip);
        }
    }

    /** Any ip:port in the arguments (exclusive/priority/seed nodes, proxies) must be on loopback. */
    private static void refuseNonLoopbackEndpoint(String arg) {
        var matcher = ENDPOINT.matcher(arg);
        while (matcher.find()) {
            requireLoopback(matcher.group(1));
        }
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }
}
