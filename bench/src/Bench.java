import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.component.netty.NettyWorkerPoolBuilder;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Handshaker;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.protocol.Outcome;

/**
 * The measuring drivers of bench/run.sh. Every in-process measurement uses the product's own engine
 * (Handshaker + BitcoinProtocol on camel-netty's worker pool, exactly as HandshakeBeans builds them);
 * the one-shot measurements run the shipped jar. Each subcommand writes one JSON fragment.
 *
 * <pre>
 *   latency  OUT IP PORT REFCLIENT WARMUP ROUNDS PER_ROUND
 *   responder OUT IP PORT SECONDS CONCURRENCY...
 *   inflight OUT TOTAL TIMEOUT_MS IP:PORT...
 *   silent   IP:PORT...                       (a silent peer: accepts and never speaks; runs until killed)
 *   sweep    OUT JAR DNS_SERVER NAME PORT TIMEOUT_MS RUNS ADDRESSES [JAVA_OPTION...]
 *   startup  OUT JAR IP PORT RUNS [JAVA_OPTION...]
 *   assemble RESULTS_JSON FRAGMENT_DIR SMOKE
 * </pre>
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final BitcoinNetwork NETWORK = BitcoinNetwork.LITECOIN_REGTEST;

    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "latency" -> latency(rest);
            case "responder" -> responder(rest);
            case "inflight" -> inflight(rest);
            case "silent" -> silent(rest);
            case "sweep" -> sweep(rest);
            case "startup" -> startup(rest);
            case "assemble" -> assemble(rest);
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- the engine, as HandshakeBeans builds it

    static Handshaker handshaker(EventLoopGroup group, long timeoutMillis, int concurrency) {
        BitcoinProtocol protocol = new BitcoinProtocol(NETWORK, BuildInfo.defaultUserAgent(), Clock.systemUTC());
        Handshaker handshaker = new Handshaker(group, NioSocketChannel.class, n -> protocol, timeoutMillis, 0, concurrency);
        handshaker.warmUp();
        return handshaker;
    }

    static EventLoopGroup workerGroup() {
        return new NettyWorkerPoolBuilder().withName("NettyHandshake").withWorkerCount(0).build();
    }

    static HandshakeTarget target(String ip, int port) throws IOException {
        return new HandshakeTarget("bench", InetAddress.getByName(ip), port, NETWORK, true);
    }

    // ---------------------------------------------------------------- 1. latency against litecoind

    /** Our initiator and the C reference client alternate in rounds against the same node; same clock points. */
    static void latency(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        String ip = a[1];
        int port = Integer.parseInt(a[2]);
        String refclient = a[3];
        int warmup = Integer.parseInt(a[4]);
        int rounds = Integer.parseInt(a[5]);
        int perRound = Integer.parseInt(a[6]);
        EventLoopGroup group = workerGroup();
        Handshaker handshaker = handshaker(group, 5000, 1);
        HandshakeTarget target = target(ip, port);
        for (int i = 0; i < warmup; i++) {
            timeOne(handshaker, target); // JIT warm-up
        }
        List<Long> ours = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            reference.addAll(runReference(refclient, ip, port, Math.min(50, perRound), perRound));
            for (int i = 0; i < perRound; i++) {
                ours.add(timeOne(handshaker, target));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("ours", stats(ours));
        o.set("reference", stats(reference));
        o.put("latencyRatio", round3((double) median(ours) / median(reference)));
        o.put("warmupHandshakes", warmup);
        o.put("rounds", rounds);
        o.put("handshakesPerRoundEach", perRound);
        write(out, o);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Microseconds from the call that starts the connection to the result (concluded, connection closed). */
    static long timeOne(Handshaker handshaker, HandshakeTarget target) {
        long[] end = new long[1];
        long start = System.nanoTime();
        HandshakeResult result = handshaker.handshake(target).whenComplete((r, e) -> end[0] = System.nanoTime()).join();
        if (!(result.outcome() instanceof Outcome.Success)) {
            throw new IllegalStateException("handshake did not succeed: " + result.outcome());
        }
        return (end[0] - start) / 1000;
    }

    static List<Long> runReference(String refclient, String ip, int port, int warmup, int count) throws Exception {
        Process p = new ProcessBuilder(refclient, ip, port + "", hex(NETWORK.magic()), warmup + "", count + "")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> samples = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                samples.add(Long.parseLong(line.trim()));
            }
        }
        if (p.waitFor() != 0 || samples.size() != count) {
            throw new IllegalStateException("reference client failed (exit " + p.exitValue() + ", " + samples.size() + " samples)");
        }
        return samples;
    }

    // ---------------------------------------------------------------- 3. responder throughput

    static void responder(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        HandshakeTarget target = target(a[1], Integer.parseInt(a[2]));
        double seconds = Double.parseDouble(a[3]);
        EventLoopGroup group = workerGroup();
        ObjectNode o = JSON.createObjectNode();
        ObjectNode rates = o.putObject("handshakesPerSecByConcurrency");
        ObjectNode failures = o.putObject("failuresByConcurrency");
        double best = 0;
        for (int i = 4; i < a.length; i++) {
            int concurrency = Integer.parseInt(a[i]);
            Handshaker handshaker = handshaker(group, 5000, concurrency);
            LongAdder ok = new LongAdder();
            LongAdder failed = new LongAdder();
            ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<?>[] chains = new CompletableFuture<?>[concurrency];
            for (int c = 0; c < concurrency; c++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                chains[c] = done;
                chain(handshaker, target, running, ok, failed, reasons, done);
            }
            Thread.sleep(Math.max(1000, (long) (seconds * 300))); // warm-up, not counted
            long okStart = ok.sum();
            long failedStart = failed.sum();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long okEnd = ok.sum();
            long failedEnd = failed.sum();
            long t1 = System.nanoTime();
            running.set(false);
            CompletableFuture.allOf(chains).get(30, TimeUnit.SECONDS);
            double rate = (okEnd - okStart) / ((t1 - t0) / 1e9);
            rates.put(Integer.toString(concurrency), Math.round(rate));
            failures.put(Integer.toString(concurrency), failedEnd - failedStart);
            if (!reasons.isEmpty()) {
                o.putObject("failureExamples").put(Integer.toString(concurrency), reasons.peek());
            }
            best = Math.max(best, rate);
            System.err.printf("responder: concurrency %d: %.0f handshakes/s, %d failed%n", concurrency, rate,
                    failedEnd - failedStart);
            Thread.sleep(1000); // let TIME_WAIT and the responder settle between levels
        }
        o.put("responderHandshakesPerSec", Math.round(best));
        o.put("secondsPerLevel", seconds);
        write(out, o);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static void chain(Handshaker handshaker, HandshakeTarget target, AtomicBoolean running, LongAdder ok,
                      LongAdder failed, ConcurrentLinkedQueue<String> reasons, CompletableFuture<Void> done) {
        if (!running.get()) {
            done.complete(null);
            return;
        }
        handshaker.handshake(target).whenComplete((r, e) -> {
            if (r != null && r.outcome() instanceof Outcome.Success) {
                ok.increment();
            } else {
                failed.increment();
                if (reasons.size() < 5) {
                    reasons.add(r == null ? String.valueOf(e) : r.outcome().toString());
                }
            }
            chain(handshaker, target, running, ok, failed, reasons, done);
        });
    }

    // ---------------------------------------------------------------- 4. 10,000 in flight

    static void inflight(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        int total = Integer.parseInt(a[1]);
        long timeout = Long.parseLong(a[2]);
        List<HandshakeTarget> peers = new ArrayList<>();
        for (int i = 3; i < a.length; i++) {
            String[] hp = a[i].split(":");
            peers.add(target(hp[0], Integer.parseInt(hp[1])));
        }
        EventLoopGroup group = workerGroup();
        Handshaker handshaker = handshaker(group, timeout, total); // all of them in flight at once
        System.gc();
        ObjectNode baseline = sample();
        long start = System.nanoTime();
        List<CompletableFuture<HandshakeResult>> results = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            results.add(handshaker.handshake(peers.get(i % peers.size())));
        }
        // Sample while every handshake is in flight: until the open sockets stop growing, or 2/3 of the deadline.
        ObjectNode peak = sample();
        long lastFds = -1;
        int stable = 0;
        long inFlightMin = Long.MAX_VALUE;
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(timeout * 2 / 3) && stable < 10) {
            Thread.sleep(100);
            ObjectNode s = sample();
            inFlightMin = Math.min(inFlightMin, handshaker.inFlight());
            for (String k : List.of("threads", "osThreads", "heapMb", "rssMb", "fds")) {
                if (s.get(k).asDouble() > peak.get(k).asDouble()) {
                    peak.set(k, s.get(k));
                }
            }
            long fds = s.get("fds").asLong();
            stable = fds == lastFds && fds >= total ? stable + 1 : 0;
            lastFds = fds;
        }
        long establishedAtPeak = countEstablished(peers);
        System.gc();
        double liveHeapMb = heapUsedMb();
        int stillInFlight = handshaker.inFlight();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<HandshakeResult> f : results) {
            HandshakeResult r = f.get(timeout + 10_000, TimeUnit.MILLISECONDS);
            String label = r.outcome().label() + r.outcome().reason().map(s -> ": " + s).orElse("");
            outcomes.merge(label, 1, Integer::sum);
        }
        long end = System.nanoTime();
        ObjectNode o = JSON.createObjectNode();
        ObjectNode k = o.putObject("inflight10k");
        for (String key : List.of("threads", "heapMb", "rssMb", "fds")) {
            k.set(key, peak.get(key));
        }
        ObjectNode d = o.putObject("inflight10kDetail");
        d.put("handshakes", total);
        d.put("timeoutMs", timeout);
        d.put("inFlightWhenSampled", stillInFlight);
        d.put("establishedSocketsAtPeak", establishedAtPeak);
        d.put("osThreadsAtPeak", peak.get("osThreads").asInt());
        d.put("liveHeapMbAfterGcAtPeak", liveHeapMb);
        d.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        d.set("baseline", baseline);
        d.putPOJO("outcomes", outcomes);
        d.put("allEndedAfterMs", (end - start) / 1_000_000);
        d.put("listeners", peers.size());
        write(out, o);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static ObjectNode sample() throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        s.put("osThreads", statusField("Threads"));
        s.put("heapMb", heapUsedMb());
        s.put("rssMb", Math.round(statusField("VmRSS") / 1024.0 * 10) / 10.0);
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            s.put("fds", files.count());
        }
        return s;
    }

    static double heapUsedMb() {
        return Math.round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024) * 10) / 10.0;
    }

    static long statusField(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** Our established TCP connections to the listeners, from /proc/net/tcp and tcp6 (Java's sockets are dual-stack). */
    static long countEstablished(List<HandshakeTarget> peers) throws IOException {
        java.util.Set<String> remotes = new java.util.HashSet<>();
        for (HandshakeTarget t : peers) {
            byte[] b = t.address().getAddress();
            remotes.add(String.format("%02X%02X%02X%02X:%04X", b[3], b[2], b[1], b[0], t.port()));
        }
        long n = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("01") && f[2].length() >= 13
                        && remotes.contains(f[2].substring(f[2].length() - 13))) {
                    n++;
                }
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- silent peers

    /** Accepts every connection and never reads or writes; keeps them open until killed. */
    static void silent(String[] a) throws Exception {
        List<SocketChannel> held = Collections.synchronizedList(new ArrayList<>());
        List<Thread> acceptors = new ArrayList<>();
        for (String hp : a) {
            String[] p = hp.split(":");
            ServerSocketChannel server = ServerSocketChannel.open();
            server.socket().setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(p[0]), Integer.parseInt(p[1])), 4096);
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-" + hp);
            t.start();
            acceptors.add(t);
        }
        System.out.println("ready");
        System.out.flush();
        for (Thread t : acceptors) {
            t.join();
        }
    }

    // ---------------------------------------------------------------- 2. sweep (the shipped jar, one shot)

    static void sweep(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        String jar = a[1];
        String dns = a[2];
        String name = a[3];
        String port = a[4];
        long timeout = Long.parseLong(a[5]);
        int runs = Integer.parseInt(a[6]);
        int addresses = Integer.parseInt(a[7]);
        List<String> javaOptions = Arrays.asList(a).subList(8, a.length);
        ArrayNode each = JSON.createArrayNode();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Path reports = Files.createTempDirectory("bench-sweep-");
            long t0 = System.nanoTime();
            List<String> command = new ArrayList<>(concat("java", javaOptions));
            command.addAll(List.of("-jar", jar, name, port, Long.toString(timeout), "--network", NETWORK.id(),
                    "--dns-server", dns, "--allow-private", "--report-dir", reports.toString()));
            int exit = runJar(command, reports.resolve("out.log"));
            long wall = (System.nanoTime() - t0) / 1_000_000;
            JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
            JsonNode results = report.at("/seeds/0/results");
            Map<String, Integer> outcomes = new TreeMap<>();
            long slowestSuccess = 0;
            for (JsonNode res : results) {
                outcomes.merge(res.get("outcome").asText(), 1, Integer::sum);
                if (res.get("outcome").asText().equals("SUCCESS")) {
                    slowestSuccess = Math.max(slowestSuccess,
                            res.get("connectMillis").asLong() + res.get("handshakeMillis").asLong());
                }
            }
            if (results.size() != addresses) {
                throw new IllegalStateException("sweep: " + results.size() + " results, expected " + addresses
                        + " (exit " + exit + ")");
            }
            long phase = report.get("durationMillis").asLong();
            double ratio = (double) phase / timeout;
            ratios.add(ratio);
            ObjectNode run = each.addObject();
            run.put("handshakePhaseMs", phase);
            run.put("ratio", round3(ratio));
            run.put("processWallMs", wall);
            run.put("exitStatus", exit);
            run.put("slowestSuccessMs", slowestSuccess);
            run.putPOJO("outcomes", outcomes);
            deleteTree(reports);
        }
        Collections.sort(ratios);
        ObjectNode o = JSON.createObjectNode();
        o.put("sweepRatio", round3(ratios.get(ratios.size() / 2)));
        ObjectNode d = o.putObject("sweepDetail");
        d.put("addresses", addresses);
        d.put("timeoutMs", timeout);
        d.put("runs", runs);
        d.put("command", String.join(" ", concat("java", javaOptions)) + " -jar node-handshake.jar " + name + " "
                + port + " " + timeout + " --network " + NETWORK.id() + " --dns-server " + dns
                + " --allow-private --report-dir DIR");
        d.put("fixedOverheadMsMedian", Math.round((ratios.get(ratios.size() / 2) - 1) * timeout));
        d.put("statistic", "median ratio over the runs; handshake phase = report durationMillis (DNS lookup + all handshakes + aggregation)");
        d.set("eachRun", each);
        write(out, o);
    }

    // ---------------------------------------------------------------- 5. start-up (the shipped jar, one shot)

    static void startup(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        String jar = a[1];
        String ip = a[2];
        String port = a[3];
        int runs = Integer.parseInt(a[4]);
        List<String> javaOptions = Arrays.asList(a).subList(5, a.length);
        List<Long> walls = new ArrayList<>();
        for (int r = 0; r <= runs; r++) { // the first run only warms the page cache
            Path reports = Files.createTempDirectory("bench-startup-");
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(javaOptions);
            command.addAll(List.of("-jar", jar, ip, port, "5000", "--network", NETWORK.id(),
                    "--report-dir", reports.toString()));
            long t0 = System.nanoTime();
            int exit = runJar(command, reports.resolve("out.log"));
            long wall = (System.nanoTime() - t0) / 1_000_000;
            if (exit != 0) {
                throw new IllegalStateException("startup run exited " + exit + ": " + Files.readString(reports.resolve("out.log")));
            }
            if (r > 0) {
                walls.add(wall);
            }
            deleteTree(reports);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("seconds", round3(median(walls) / 1000.0));
        o.putPOJO("eachRunMs", walls);
        o.put("command", String.join(" ", javaOptions.isEmpty() ? List.of("java") : concat("java", javaOptions))
                + " -jar node-handshake.jar " + ip + " " + port + " 5000 --network " + NETWORK.id() + " --report-dir DIR");
        write(out, o);
    }

    static List<String> concat(String first, List<String> rest) {
        List<String> l = new ArrayList<>(List.of(first));
        l.addAll(rest);
        return l;
    }

    static int runJar(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return p.exitValue();
    }

    // ---------------------------------------------------------------- results.json and the table

    static void assemble(String[] a) throws Exception {
        Path results = Path.of(a[0]);
        Path fragments = Path.of(a[1]);
        boolean smoke = Boolean.parseBoolean(a[2]);
        JsonNode latency = JSON.readTree(fragments.resolve("latency.json").toFile());
        JsonNode sweep = JSON.readTree(fragments.resolve("sweep.json").toFile());
        JsonNode responder = JSON.readTree(fragments.resolve("responder.json").toFile());
        JsonNode inflight = JSON.readTree(fragments.resolve("inflight.json").toFile());
        JsonNode startup = JSON.readTree(fragments.resolve("startup.json").toFile());
        JsonNode startupPlain = JSON.readTree(fragments.resolve("startup-plain.json").toFile());
        Path cdsPath = fragments.resolve("startup-cds.json");
        JsonNode startupCds = Files.exists(cdsPath) ? JSON.readTree(cdsPath.toFile()) : null;
        JsonNode machine = JSON.readTree(fragments.resolve("machine.json").toFile());

        ObjectNode o = JSON.createObjectNode();
        o.set("latencyRatio", latency.get("latencyRatio"));
        o.set("sweepRatio", sweep.get("sweepRatio"));
        o.set("responderHandshakesPerSec", responder.get("responderHandshakesPerSec"));
        o.set("inflight10k", inflight.get("inflight10k"));
        o.set("startupSeconds", startup.get("seconds"));
        ObjectNode lat = o.putObject("latencyDetail");
        lat.set("oursMicros", latency.get("ours"));
        lat.set("referenceMicros", latency.get("reference"));
        lat.put("warmupHandshakes", latency.get("warmupHandshakes").asInt());
        lat.put("rounds", latency.get("rounds").asInt());
        lat.put("handshakesPerRoundEach", latency.get("handshakesPerRoundEach").asInt());
        ObjectNode sw = o.putObject("sweepDetail");
        sw.setAll((ObjectNode) sweep.get("sweepDetail"));
        Path sweepPlainPath = fragments.resolve("sweep-plain.json");
        JsonNode sweepPlain = Files.exists(sweepPlainPath) ? JSON.readTree(sweepPlainPath.toFile()) : null;
        if (sweepPlain != null) {
            sw.set("plainJavaJar", sweepPlain);
        }
        ObjectNode resp = o.putObject("responderDetail");
        resp.set("handshakesPerSecByConcurrency", responder.get("handshakesPerSecByConcurrency"));
        resp.set("failuresByConcurrency", responder.get("failuresByConcurrency"));
        if (responder.has("failureExamples")) {
            resp.set("failureExamples", responder.get("failureExamples"));
        }
        resp.put("secondsPerLevel", responder.get("secondsPerLevel").asDouble());
        o.set("inflight10kDetail", inflight.get("inflight10kDetail"));
        ObjectNode st = o.putObject("startupDetail");
        st.set("documentedCommand", startup);
        st.set("plainJavaJar", startupPlain);
        if (startupCds != null) {
            st.set("archiveOnly", startupCds);
        }
        o.set("goals", JSON.readTree("{\"latencyRatio\":\"<= 1.1\",\"sweepRatio\":\"<= 1.1\","
                + "\"responderHandshakesPerSec\":\">= 5000\",\"inflight10k\":\"threads <= 16, heapMb <= 256\","
                + "\"startupSeconds\":\"<= 0.8\"}"));
        o.set("machine", machine);
        o.put("smoke", smoke);
        write(results, o);

        JsonNode in = o.get("inflight10k");
        System.out.println();
        System.out.println(smoke ? "node-handshake benchmark (SMOKE: small sizes, figures not comparable)" : "node-handshake benchmark");
        System.out.printf("%-28s %-34s %-22s %s%n", "measurement", "figure", "goal", "met");
        row("latencyRatio", String.format("%.3f (ours %d us, ref %d us)", o.get("latencyRatio").asDouble(),
                latency.at("/ours/medianMicros").asLong(), latency.at("/reference/medianMicros").asLong()),
                "<= 1.1", o.get("latencyRatio").asDouble() <= 1.1);
        row("sweepRatio", String.format("%.3f (+%d ms over T)", o.get("sweepRatio").asDouble(),
                sweep.at("/sweepDetail/fixedOverheadMsMedian").asLong()), "<= 1.1", o.get("sweepRatio").asDouble() <= 1.1);
        if (sweepPlain != null) {
            row("  (plain java -jar)", String.format("%.3f (+%d ms over T)", sweepPlain.get("sweepRatio").asDouble(),
                    sweepPlain.at("/sweepDetail/fixedOverheadMsMedian").asLong()), "", null);
        }
        row("responderHandshakesPerSec", o.get("responderHandshakesPerSec").asText() + " "
                + responder.get("handshakesPerSecByConcurrency"), ">= 5000",
                o.get("responderHandshakesPerSec").asDouble() >= 5000);
        row("inflight10k.threads", in.get("threads").asText(), "<= 16", in.get("threads").asInt() <= 16);
        row("inflight10k.heapMb", in.get("heapMb").asText(), "<= 256", in.get("heapMb").asDouble() <= 256);
        row("inflight10k.rssMb", in.get("rssMb").asText(), "-", null);
        row("inflight10k.fds", in.get("fds").asText(), "-", null);
        row("startupSeconds", o.get("startupSeconds").asText(), "<= 0.8", o.get("startupSeconds").asDouble() <= 0.8);
        row("  (plain java -jar)", startupPlain.get("seconds").asText(), "", null);
        if (startupCds != null) {
            row("  (archive, C1 and C2)", startupCds.get("seconds").asText(), "", null);
        }
        System.out.println("results: " + results);
    }

    static void row(String name, String figure, String goal, Boolean met) {
        System.out.printf("%-28s %-34s %-22s %s%n", name, figure, goal, met == null ? "" : met ? "yes" : "NO");
    }

    // ---------------------------------------------------------------- helpers

    static ObjectNode stats(List<Long> samples) {
        List<Long> s = new ArrayList<>(samples);
        Collections.sort(s);
        ObjectNode o = JSON.createObjectNode();
        o.put("count", s.size());
        o.put("medianMicros", median(s));
        o.put("p10Micros", s.get(s.size() / 10));
        o.put("p90Micros", s.get(s.size() * 9 / 10));
        o.put("minMicros", s.get(0));
        o.put("maxMicros", s.get(s.size() - 1));
        return o;
    }

    static long median(List<Long> samples) {
        List<Long> s = new ArrayList<>(samples);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double round3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    static void write(Path out, JsonNode node) throws IOException {
        Files.writeString(out, JSON.writeValueAsString(node) + "\n");
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Collections.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
