package org.nodehandshake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real {@code litecoind -regtest} (Debian's litecoind) bound to one loopback address, with its own
 * data directory, {@code -debug=net}, and no outbound connections of its own. Closing stops it and
 * deletes its data.
 */
public final class LitecoindNode implements AutoCloseable {

    public static final int P2P_PORT = 19444;
    public static final int RPC_PORT = 19443;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ip;
    private final Path dataDir;
    private final Path cli;
    private final Process process;
    private final Thread killHook;

    private LitecoindNode(String ip, Path dataDir, Path cli, Process process) {
        this.ip = ip;
        this.dataDir = dataDir;
        this.cli = cli;
        this.process = process;
        this.killHook = Processes.killOnExit(process);
    }

    /**
     * Starts a node on {@code ip} (127.0.0.x) and waits until its RPC answers. Extra arguments replace
     * defaults of the same name.
     */
    public static LitecoindNode start(String ip, String... extraArgs) throws Exception {
        Path daemon = RealBinaries.require("litecoind", "litecoind");
        Path cli = RealBinaries.require("litecoin-cli", "litecoind");
        Path dataDir = Files.createTempDirectory("litecoind-");
        List<String> command = new ArrayList<>(List.of(daemon.toString(), "-regtest", "-datadir=" + dataDir,
                "-bind=" + ip + ":" + P2P_PORT, "-rpcbind=" + ip, "-rpcallowip=127.0.0.0/8",
                "-rpcport=" + RPC_PORT, "-listen=1", "-server=1", "-debug=net", "-connect=0",
                "-dnsseed=0", "-discover=0", "-listenonion=0", "-upnp=0",
                "-printtoconsole=0", "-disablewallet=1"));
        // An extra argument replaces the default with the same name (e.g. -connect=HOST:PORT for -connect=0).
        for (String extra : extraArgs) {
            String name = extra.contains("=") ? extra.substring(0, extra.indexOf('=') + 1) : extra;
            command.removeIf(arg -> arg.startsWith(name));
            command.add(extra);
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("stdout.log").toFile())
                .start();
        LitecoindNode node = new LitecoindNode(ip, dataDir, cli, process);
        try {
            node.awaitRpc(Duration.ofSeconds(60));
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    public String ip() {
        return ip;
    }

    /** Runs litecoin-cli against this node; returns its trimmed stdout or throws with its stderr. */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "-regtest", "-datadir=" + dataDir,
                "-rpcconnect=" + ip, "-rpcport=" + RPC_PORT));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(Duration.ofSeconds(30), command);
        if (result.exitCode() != 0) {
            throw new IOException("litecoin-cli " + String.join(" ", args) + " exited " + result.exitCode()
                    + ": " + result.stderr().trim());
        }
        return result.stdout().trim();
    }

    public JsonNode cliJson(String... args) throws IOException, InterruptedException {
        return JSON.readTree(cli(args));
    }

    /** Mines blocks to an anyone-can-spend script, so that the node reports a non-zero height. */
    public void mine(int blocks) throws IOException, InterruptedException {
        cli("generatetodescriptor", Integer.toString(blocks), "raw(51)");
    }

    /**
     * The node's own log (with -debug=net: every message sent and received), read byte for byte: it
     * quotes what peers sent (a command name from random bytes), which need not be UTF-8.
     */
    public String debugLog() throws IOException {
        Path log = dataDir.resolve("regtest").resolve("debug.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /**
     * Waits until the node's log matches {@code regex} (dotall), at most {@code timeout}: the node
     * processes what we sent after our side concluded, so its log may lag the report. True when it does.
     */
    public boolean awaitLog(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.DOTALL);
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (pattern.matcher(debugLog()).find()) {
                return true;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private void awaitRpc(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("litecoind exited with " + process.exitValue() + ": "
                        + Files.readString(dataDir.resolve("stdout.log")));
            }
            try {
                cli("getblockcount");
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IOException("litecoind RPC did not come up within " + timeout, last);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    cli("stop");
                } catch (Exception e) {
                    process.destroy();
                }
            }
            Processes.stop(process, Duration.ofSeconds(30));
        } finally {
            Processes.forget(killHook);
            Processes.deleteTree(dataDir);
        }
    }
}
