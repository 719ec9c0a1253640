package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.NetAddress;
import org.nodehandshake.bitcoin.VersionMessage;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.RealBinaries;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.ScriptedPeer;

/**
 * The packaged jar's progress line under a real pseudo-terminal (util-linux {@code script}), against a seed
 * served by a real dnsmasq on loopback (127.0.0.230-239 only) whose ten addresses answer slowly, one by one
 * (a concurrency of 3 keeps some queued): the line is redrawn in place with done counts that grow, its last
 * frame holds the report's outcomes, and the terminal is left clean. The same run into a pipe, with
 * {@code --quiet} or with {@code TERM=dumb} holds no progress at all and the same log lines.
 */
class ProgressTerminalIT {

    static final String DNS_IP = "127.0.0.239"; // also the refusing address: nothing listens there on the peers' port
    static final List<String> SLOW_IPS = List.of("127.0.0.230", "127.0.0.231", "127.0.0.232", "127.0.0.233",
            "127.0.0.234", "127.0.0.235", "127.0.0.236");
    static final String PARTIAL_IP = "127.0.0.237"; // a version, never a verack
    static final String SILENT_IP = "127.0.0.238"; // accepts and says nothing
    static final String SEED = "slow.progress.test";
    static final int COLUMNS = 100;
    static final byte[] MAGIC = BitcoinNetwork.REGTEST.magic();

    /** One frame: {@code \r}, the text, erase to the end of the line (the erase alone is {@code \r\033[K}). */
    static final Pattern FRAME = Pattern.compile("\r([^\r\n\033]*)\033\\[K");
    static final Pattern COUNTS = Pattern.compile("seeds (\\d+)/(\\d+)  addresses (\\d+)/(\\d+)  in flight (\\d+)  "
            + "queued (\\d+)  SUCCESS (\\d+)  PARTIAL (\\d+)  FAILED (\\d+)  \\d+:\\d\\d");

    static final List<ScriptedPeer> peers = new ArrayList<>();
    static DnsmasqServer dns;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        RealBinaries.require("script", "bsdutils");
        try {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName(SLOW_IPS.get(0)), 0));
                port = probe.getLocalPort();
            }
            for (int i = 0; i < SLOW_IPS.size(); i++) {
                long delay = 200L * (i + 1);
                ScriptedPeer.Script honest = ScriptedPeer.honestBitcoinResponder(MAGIC, "/slow:" + delay + "/", 100);
                peers.add(new ScriptedPeer(SLOW_IPS.get(i), port, socket -> {
                    sleep(delay);
                    honest.play(socket);
                }));
            }
            peers.add(new ScriptedPeer(PARTIAL_IP, port, ProgressTerminalIT::versionWithoutVerack));
            peers.add(new ScriptedPeer(SILENT_IP, port, ScriptedPeer::drain));
            List<String> addresses = new ArrayList<>(SLOW_IPS);
            addresses.addAll(List.of(PARTIAL_IP, SILENT_IP, DNS_IP));
            dns = DnsmasqServer.start(DNS_IP, Map.of(SEED, addresses), Map.of());
            assertFalse(dns.address().endsWith(":" + port), "the refusing address must refuse");
        } catch (Throwable t) {
            stop();
            throw t;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
        for (ScriptedPeer peer : peers) {
            peer.close();
        }
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEndsWithTheReportsCounts(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        Run run = underTerminal(dir, "xterm", args(reports));
        assertEquals(0, run.exitCode(), run::toString);

        List<String> frames = frames(run.stdout());
        List<Matcher> counts = frames.stream().map(COUNTS::matcher).filter(Matcher::matches).toList();
        assertEquals(frames.size(), counts.size(), "every frame is the long form at 100 columns: " + frames);
        assertTrue(counts.size() >= 3, "several redraws: " + frames);
        for (String frame : frames) {
            assertTrue(frame.length() <= COLUMNS - 1, "within COLUMNS less one: " + frame);
        }
        List<Integer> done = counts.stream().map(m -> Integer.parseInt(m.group(3))).toList();
        for (int i = 1; i < done.size(); i++) {
            assertTrue(done.get(i) >= done.get(i - 1), "done never goes back: " + done);
        }
        assertTrue(done.stream().distinct().count() >= 3, "done grows while the run goes on: " + done);
        assertTrue(counts.stream().allMatch(m -> Integer.parseInt(m.group(5)) <= 3), "at most --concurrency in flight");
        assertTrue(counts.stream().anyMatch(m -> Integer.parseInt(m.group(6)) > 0), "some were queued: " + frames);

        JsonNode seed = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0");
        Matcher last = counts.get(counts.size() - 1);
        assertEquals(List.of("1", "1", "10", "10", "0", "0"),
                List.of(last.group(1), last.group(2), last.group(3), last.group(4), last.group(5), last.group(6)),
                "the last frame: every seed and address done, none in flight or queued: " + last.group());
        assertEquals(seed.at("/summary/success").asText(), last.group(7), seed.get("summary")::toString);
        assertEquals(seed.at("/summary/partial").asText(), last.group(8), seed.get("summary")::toString);
        assertEquals(seed.at("/summary/failed").asText(), last.group(9), seed.get("summary")::toString);
        assertEquals("{\"success\":7,\"partial\":1,\"failed\":2}", seed.get("summary").toString());

        // The terminal is left clean: the line erased, then the Report line the run always prints.
        assertTrue(Pattern.compile("\r\033\\[KReport: [^\r\n\033]*\\(also latest\\.json\\)\r\n$").matcher(run.stdout()).find(),
                () -> tail(run.stdout()));
        assertEquals("", run.stderr());
    }

    @Test
    void intoAPipeWithQuietOrOnADumbTerminalThereIsNoProgressAndTheSameLog(@TempDir Path dir) throws Exception {
        Run onTerminal = underTerminal(dir, "xterm", args(dir.resolve("a")));
        Run piped = intoPipe(args(dir.resolve("b")));
        Run quiet = underTerminal(dir, "xterm", with(args(dir.resolve("c")), "--quiet"));
        Run dumb = underTerminal(dir, "dumb", args(dir.resolve("d")));
        for (Run run : List.of(onTerminal, piped, quiet, dumb)) {
            assertEquals(0, run.exitCode(), run::toString);
        }

        assertFalse(piped.stdout().contains("\r") || piped.stdout().contains("\033"), piped::stdout);
        for (Run run : List.of(quiet, dumb)) {
            String text = run.stdout().replace("\r\n", "\n"); // the terminal's own line ends
            assertFalse(text.contains("\r") || text.contains("\033"), run::stdout);
        }
        // Without the frames, the terminal run's bytes are log lines like the pipe's: the same lines, in the
        // order each run's handshakes happened to end, with their own times.
        String withoutFrames = FRAME.matcher(onTerminal.stdout()).replaceAll("").replace("\r\n", "\n");
        assertFalse(withoutFrames.contains("\r") || withoutFrames.contains("\033"), withoutFrames);
        List<String> expected = comparable(piped.stdout());
        assertTrue(expected.size() > 20, piped::stdout);
        assertEquals(expected, comparable(withoutFrames));
        assertEquals(expected, comparable(quiet.stdout().replace("\r\n", "\n")));
        assertEquals(expected, comparable(dumb.stdout().replace("\r\n", "\n")));
    }

    static List<String> args(Path reports) {
        return List.of(SEED, Integer.toString(port), "4000", "--network", "regtest", "--dns-server", dns.address(),
                "--allow-private", "--concurrency", "3", "--report-dir", reports.toString(),
                // the scripted peers speak v1 only; one silent to a v2 key would make auto's outcome depend on it
                "--transport", "v1");
    }

    static List<String> with(List<String> args, String more) {
        List<String> all = new ArrayList<>(args);
        all.add(more);
        return all;
    }

    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout.replace("\033", "<ESC>").replace("\r", "<CR>")
                    + "\n--- stderr\n" + stderr;
        }
    }

    /** The jar under a pseudo-terminal: {@code script -qfec "<command>" /dev/null}, input from /dev/null. */
    static Run underTerminal(Path dir, String term, List<String> args) throws Exception {
        String command = Jar.command(args.toArray(String[]::new)).stream().map(ProgressTerminalIT::quoted)
                .collect(Collectors.joining(" "));
        return run(dir, term, List.of(RealBinaries.require("script", "bsdutils").toString(), "-qfec", command,
                "/dev/null"));
    }

    /** The jar with its output into files (not a terminal), TERM naming a terminal all the same. */
    static Run intoPipe(List<String> args) throws Exception {
        return run(Files.createTempDirectory("progress-pipe"), "xterm", Jar.command(args.toArray(String[]::new)));
    }

    static Run run(Path dir, String term, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("TERM", term);
        builder.environment().put("COLUMNS", Integer.toString(COLUMNS));
        builder.environment().remove("LOG_LEVEL");
        Process process = builder.start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new IOException("timed out: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static List<String> frames(String terminal) {
        List<String> frames = new ArrayList<>();
        Matcher m = FRAME.matcher(terminal);
        while (m.find()) {
            if (!m.group(1).isEmpty()) {
                frames.add(m.group(1));
            }
        }
        return frames;
    }

    /** The log lines without what differs from run to run: the time stamp, the milliseconds, the report's name. */
    static List<String> comparable(String log) {
        return log.lines()
                .map(l -> l.replaceFirst("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ", "<time> "))
                .map(l -> l.replaceAll("\\d+ ms", "<n> ms"))
                .map(l -> l.replaceAll("Report: .*handshake-\\d{8}T\\d{6}Z\\.json", "Report: <report>"))
                .sorted().toList();
    }

    static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 400)).replace("\033", "<ESC>").replace("\r", "<CR>");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers the version with its own and then nothing: the hello is accepted, the handshake never concludes. */
    static void versionWithoutVerack(java.net.Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        ScriptedPeer.readFrame(in);
        out.write(ScriptedPeer.frame(MAGIC, new VersionMessage(70016, 0x409, System.currentTimeMillis() / 1000,
                NetAddress.unspecified(), NetAddress.unspecified(), OptionalLong.of(43), "/no-verack:1/", 100, true)));
        out.flush();
        while (in.read() >= 0) {
            // until the initiator gives up
        }
    }
}
