import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoop;
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
import java.util.Optional;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;
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
 *   sweep    OUT DNS_SERVER NAME PORT TIMEOUT_MS RUNS ADDRESSES COMMAND...
 *   startup  OUT IP PORT RUNS COMMAND...       (COMMAND: the launcher, or java [OPTION...] -jar JAR)
 *   delayproxy LISTEN_IP:PORT UPSTREAM_IP:PORT ONE_WAY_MS   (runs until killed)
 *   rtt      OUT PROXY_IP PORT REFCLIENT ONE_WAY_MS WARMUP_IP WARMUP ROUNDS PER_ROUND [PROXY_LOG]
 *   scaleanswer FILE                          (the scale curve's live peers' answer, for bench/ref/scalepeer.c)
 *   scale    OUT SIZE CONFIG_FILE REPORT_DIR CONCURRENCY COMMAND...
 *   assemble RESULTS_JSON FRAGMENT_DIR SMOKE
 * </pre>
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final BitcoinNetwork NETWORK = BitcoinNetwork.LITECOIN_REGTEST;

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            // the event loops' threads are not daemons: without the exit a failed step would hang run.sh
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "latency" -> latency(rest);
            case "responder" -> responder(rest);
            case "inflight" -> inflight(rest);
            case "silent" -> silent(rest);
            case "sweep" -> sweep(rest);
            case "startup" -> startup(rest);
            case "delayproxy" -> delayProxy(rest);
            case "rtt" -> rtt(rest);
            case "scaleanswer" -> scaleAnswer(rest);
            case "scale" -> scale(rest);
            case "assemble" -> assemble(rest);
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }

    // ---------------------------------------------------------------- the engine, as HandshakeBeans builds it

    /** The network the in-process drivers speak: litecoin-regtest unless -Dbench.network names another preset. */
    static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn();
    static final Network TARGET_NETWORK = REGISTRY.requireNetwork(System.getProperty("bench.network", NETWORK.id()));

    /**
     * Bitcoin's transport for the in-process drivers (-Dbench.transport, handshake.transport): v1 unless told, as
     * the C reference client and litecoind speak v1 only; auto (the product's default) first offers v2 and, to
     * a v1-only node, costs one more connection: measured apart (rtt's autoTransport, perProtocol.bitcoin-v2).
     */
    static final String TRANSPORT = System.getProperty("bench.transport", "v1");

    static Handshaker handshaker(EventLoopGroup group, long timeoutMillis, int concurrency) {
        return handshaker(group, timeoutMillis, concurrency, TRANSPORT);
    }

    static Handshaker handshaker(EventLoopGroup group, long timeoutMillis, int concurrency, String transport) {
        Map<String, String> properties = Map.of("handshake.transport", transport);
        HandshakeProtocol protocol = REGISTRY.moduleOf(TARGET_NETWORK)
                .handshake(TARGET_NETWORK, new ModuleSettings(key -> Optional.ofNullable(properties.get(key)), Clock.systemUTC()));
        Handshaker handshaker = new Handshaker(group, NioSocketChannel.class, n -> protocol, timeoutMillis, 0, concurrency);
        handshaker.warmUp();
        return handshaker;
    }

    static EventLoopGroup workerGroup() {
        return new NettyWorkerPoolBuilder().withName("NettyHandshake").withWorkerCount(0).build();
    }

    /** How latency and rtt time ours, as their details say. */
    static final String OUR_CLOCK = "ours and the C client's from the start of the connection in the thread that"
            + " does its I/O (socket() for the C client) to the result with the connection closed";
    static final String FROM_CALLER = "ours from the caller's call on another thread: adds handing the connection"
            + " to an event loop";

    /** The loop a handshaker with nothing open starts its next handshake on (the first: the handshaker's LeastBusyLoops). */
    static EventLoop firstLoop(EventLoopGroup group) {
        return (EventLoop) group.iterator().next();
    }

    static HandshakeTarget target(String ip, int port) throws IOException {
        // -Dbench.identity: the peer's key where the protocol needs it to connect (Ethereum's node id)
        return new HandshakeTarget("bench", InetAddress.getByName(ip), port, TARGET_NETWORK, true,
                Optional.ofNullable(System.getProperty("bench.identity")));
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
        EventLoop loop = firstLoop(group);
        Handshaker handshaker = handshaker(group, 5000, 1);
        HandshakeTarget target = target(ip, port);
        for (int i = 0; i < warmup; i++) {
            timeOnLoop(handshaker, target, loop); // JIT warm-up, both ways in
            timeOne(handshaker, target);
        }
        List<Long> ours = new ArrayList<>();
        List<Long> fromCaller = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            reference.addAll(runReference(refclient, ip, port, Math.min(50, perRound), perRound));
            for (int i = 0; i < perRound; i++) {
                ours.add(timeOnLoop(handshaker, target, loop));
            }
            for (int i = 0; i < perRound; i++) {
                fromCaller.add(timeOne(handshaker, target));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("ours", stats(ours));
        o.set("reference", stats(reference));
        o.put("latencyRatio", round3((double) median(ours) / median(reference)));
        o.set("oursFromCaller", stats(fromCaller));
        o.put("fromCallerRatio", round3((double) median(fromCaller) / median(reference)));
        o.put("warmupHandshakes", warmup);
        o.put("rounds", rounds);
        o.put("handshakesPerRoundEach", perRound);
        write(out, o);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Microseconds from the caller's call that starts the connection to the result (concluded, connection
     * closed): includes handing the connection over to an event loop, which wakes it.
     */
    static long timeOne(Handshaker handshaker, HandshakeTarget target) {
        long[] end = new long[1];
        long start = System.nanoTime();
        HandshakeResult result = handshaker.handshake(target).whenComplete((r, e) -> end[0] = System.nanoTime()).join();
        return succeeded(result, (end[0] - start) / 1000);
    }

    /**
     * Microseconds from the start of the connection in the I/O thread to the result (concluded, connection
     * closed): the C client's clock, which starts at socket() in the thread that then does the I/O. The
     * call is made on LOOP, the one an idle handshaker starts its next handshake on, so nothing is handed
     * over between threads.
     */
    static long timeOnLoop(Handshaker handshaker, HandshakeTarget target, EventLoop loop) {
        long[] clock = new long[2];
        CompletableFuture<HandshakeResult> done = new CompletableFuture<>();
        loop.execute(() -> {
            clock[0] = System.nanoTime();
            handshaker.handshake(target).whenComplete((r, e) -> {
                clock[1] = System.nanoTime();
                done.complete(r);
            });
        });
        return succeeded(done.join(), (clock[1] - clock[0]) / 1000);
    }

    private static long succeeded(HandshakeResult result, long micros) {
        if (!(result.outcome() instanceof Outcome.Success)) {
            throw new IllegalStateException("handshake did not succeed: " + result.outcome());
        }
        return micros;
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
        ObjectNode cpu = o.putObject("initiatorCpuMicrosPerHandshakeByConcurrency");
        double best = 0;
        // Before the first level, one unmeasured pass at 64 as long as a level: a responder that has just started
        // (ours is a fresh JVM, its C2 compiler busy for seconds on these two cores) is warmed as a node that has
        // run for days would be; the driver's own JIT too. The same for every target, litecoind included.
        warmResponder(group, target, seconds);
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
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long okEnd = ok.sum();
            long failedEnd = failed.sum();
            long t1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            running.set(false);
            CompletableFuture.allOf(chains).get(30, TimeUnit.SECONDS);
            double rate = (okEnd - okStart) / ((t1 - t0) / 1e9);
            rates.put(Integer.toString(concurrency), Math.round(rate));
            failures.put(Integer.toString(concurrency), failedEnd - failedStart);
            // the initiating JVM's CPU per concluded handshake (its event loops, GC, JIT: all of it)
            if (okEnd > okStart) {
                cpu.put(Integer.toString(concurrency), Math.round((cpu1 - cpu0) / 1000.0 / (okEnd - okStart) * 10) / 10.0);
            }
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
        o.put("network", TARGET_NETWORK.id());
        write(out, o);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static void warmResponder(EventLoopGroup group, HandshakeTarget target, double seconds) throws Exception {
        Handshaker handshaker = handshaker(group, 5000, 64);
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<?>[] chains = new CompletableFuture<?>[64];
        for (int c = 0; c < chains.length; c++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            chains[c] = done;
            chain(handshaker, target, running, new LongAdder(), new LongAdder(), new ConcurrentLinkedQueue<>(), done);
        }
        Thread.sleep((long) (seconds * 1000));
        running.set(false);
        CompletableFuture.allOf(chains).get(30, TimeUnit.SECONDS);
        Thread.sleep(1000); // TIME_WAIT and the responder settle, as between levels
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
        if (establishedAtPeak < total || !outcomes.keySet().stream().allMatch(o -> o.startsWith("FAILED: timed out"))) {
            // a silent peer that refused or closed (its process gone, out of descriptors) measures nothing
            throw new IllegalStateException("not every handshake was in flight at once: " + establishedAtPeak
                    + " of " + total + " sockets established at the peak, outcomes " + outcomes);
        }
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

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
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
                        // out of descriptors, say: the inflight step then fails on the sockets it could not open
                        System.err.println("silent " + hp + ": no longer accepting: " + e);
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
        String dns = a[1];
        String name = a[2];
        String port = a[3];
        long timeout = Long.parseLong(a[4]);
        int runs = Integer.parseInt(a[5]);
        int addresses = Integer.parseInt(a[6]);
        List<String> prefix = Arrays.asList(a).subList(7, a.length);
        ArrayNode each = JSON.createArrayNode();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Path reports = Files.createTempDirectory("bench-sweep-");
            long t0 = System.nanoTime();
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(name, port, Long.toString(timeout), "--network", NETWORK.id(),
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
        d.put("command", String.join(" ", prefix) + " " + name + " "
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
        String ip = a[1];
        String port = a[2];
        int runs = Integer.parseInt(a[3]);
        List<String> prefix = Arrays.asList(a).subList(4, a.length);
        List<Long> walls = new ArrayList<>();
        for (int r = 0; r <= runs; r++) { // the first run only warms the page cache
            Path reports = Files.createTempDirectory("bench-startup-");
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(ip, port, "5000", "--network", NETWORK.id(), "--report-dir", reports.toString()));
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
        o.put("command", String.join(" ", prefix) + " " + ip + " " + port + " 5000 --network " + NETWORK.id()
                + " --report-dir DIR");
        write(out, o);
    }

    static int runJar(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return p.exitValue();
    }

    // ---------------------------------------------------------------- rttFloorRatio: a userspace delay proxy

    /** The delay proxy spins (rather than parks) for the last this many nanoseconds before a due write. */
    static final long SPIN_NANOS = 150_000;

    /**
     * A TCP proxy that delays every byte by a fixed one-way delay D in each direction (netem is not in this
     * kernel). The kernel completes the client's connect at once, so the proxy models the TCP handshake's
     * round trip: nothing the client sends reaches the node before 3 D after the accept (when a real
     * client's first bytes would arrive: SYN, SYN-ACK, then the data). An ideal client thus concludes a
     * version/verack exchange 4 D (two round trips) after its connect; what a client spends between its
     * connect and its first write (up to 2 D) is hidden, for both clients alike.
     */
    static void delayProxy(String[] a) throws Exception {
        String[] listen = a[0].split(":");
        String[] upstream = a[1].split(":");
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a[2]));
        InetSocketAddress upstreamAddress = new InetSocketAddress(InetAddress.getByName(upstream[0]), Integer.parseInt(upstream[1]));
        java.nio.channels.Selector selector = java.nio.channels.Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.socket().setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(listen[0]), Integer.parseInt(listen[1])), 1024);
        server.configureBlocking(false);
        server.register(selector, java.nio.channels.SelectionKey.OP_ACCEPT);
        List<ProxyLeg> legs = new ArrayList<>();
        System.out.println("ready");
        System.out.flush();
        java.nio.ByteBuffer readBuffer = java.nio.ByteBuffer.allocate(64 * 1024);
        while (true) {
            long now = System.nanoTime();
            long nextDue = Long.MAX_VALUE;
            for (ProxyLeg leg : legs) {
                nextDue = Math.min(nextDue, leg.nextDue());
            }
            long wait = nextDue - now;
            // select() waits in whole milliseconds: sleep in it only well before the next due write; then park in
            // short steps, and spin for the last SPIN_NANOS, since a park overshoots by the kernel's timer slack
            // (50 us) and every microsecond late is added to both clients' floor alike
            if (wait > 2_000_000) {
                selector.select(wait / 1_000_000 - 1);
            } else if (wait > SPIN_NANOS) {
                selector.selectNow();
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait - SPIN_NANOS, 50_000));
            } else if (wait > 0) {
                selector.selectNow();
                Thread.onSpinWait();
            } else {
                selector.selectNow();
            }
            long at = System.nanoTime();
            for (var key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    SocketChannel client = server.accept();
                    if (client == null) {
                        continue;
                    }
                    SocketChannel node = SocketChannel.open();
                    client.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    node.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    node.connect(upstreamAddress); // loopback: immediate
                    client.configureBlocking(false);
                    node.configureBlocking(false);
                    ProxyLeg toNode = new ProxyLeg(client, node, at + 3 * delayNanos);
                    ProxyLeg toClient = new ProxyLeg(node, client, at);
                    toClient.fromNode = true;
                    toNode.other = toClient;
                    toClient.other = toNode;
                    legs.add(toNode);
                    legs.add(toClient);
                    client.register(selector, java.nio.channels.SelectionKey.OP_READ, toNode);
                    node.register(selector, java.nio.channels.SelectionKey.OP_READ, toClient);
                } else if (key.isReadable()) {
                    ProxyLeg leg = (ProxyLeg) key.attachment();
                    readBuffer.clear();
                    int n;
                    try {
                        n = leg.from.read(readBuffer);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        leg.queue.add(new Delayed(Math.max(at + delayNanos, leg.notBefore), null));
                    } else if (n > 0) {
                        if (leg.fromNode && leg.nodeAnswerMicros < 0 && leg.other.firstWriteNanos != 0) {
                            leg.nodeAnswerMicros = (at - leg.other.firstWriteNanos) / 1000;
                        }
                        readBuffer.flip();
                        java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocate(n).put(readBuffer).flip();
                        leg.queue.add(new Delayed(Math.max(at + delayNanos, leg.notBefore), copy));
                    }
                }
            }
            selector.selectedKeys().clear();
            long due = System.nanoTime();
            for (var it = legs.iterator(); it.hasNext(); ) {
                ProxyLeg leg = it.next();
                leg.flush(due);
                if (leg.done && leg.other.done) {
                    // one line per connection: how late each forward went out (rtt reads them)
                    StringBuilder line = new StringBuilder("late");
                    leg.lateMicros.forEach(l -> line.append(' ').append(l));
                    leg.other.lateMicros.forEach(l -> line.append(' ').append(l));
                    System.out.println(line);
                    // and how long the node took to answer the client's first bytes
                    long answer = leg.fromNode ? leg.nodeAnswerMicros : leg.other.nodeAnswerMicros;
                    if (answer >= 0) {
                        System.out.println("node " + answer);
                    }
                    System.out.flush();
                    it.remove();
                    leg.from.close();
                    leg.to.close();
                }
            }
            legs.removeIf(l -> l.done && l.other.done);
        }
    }

    record Delayed(long dueNanos, java.nio.ByteBuffer bytes) {
    }

    /** One direction of a proxied connection: bytes read from {@code from}, written to {@code to} when due. */
    static final class ProxyLeg {
        final SocketChannel from;
        final SocketChannel to;
        final long notBefore;
        final java.util.ArrayDeque<Delayed> queue = new java.util.ArrayDeque<>();
        final List<Long> lateMicros = new ArrayList<>();
        /** set on the leg from the node to the client */
        boolean fromNode;
        /** on the leg to the node: when its first bytes were written to the node */
        long firstWriteNanos;
        /** on the leg from the node: from the first bytes written to the node to the first read of its answer */
        long nodeAnswerMicros = -1;
        ProxyLeg other;
        boolean done;

        ProxyLeg(SocketChannel from, SocketChannel to, long notBefore) {
            this.from = from;
            this.to = to;
            this.notBefore = notBefore;
        }

        long nextDue() {
            return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().dueNanos();
        }

        void flush(long now) {
            while (!queue.isEmpty() && queue.peek().dueNanos() <= now) {
                Delayed d = queue.peek();
                try {
                    if (d.bytes() == null) {
                        to.shutdownOutput();
                        done = true;
                        queue.clear();
                        return;
                    }
                    if (d.bytes().position() == 0) {
                        lateMicros.add((System.nanoTime() - d.dueNanos()) / 1000);
                    }
                    to.write(d.bytes());
                    if (!fromNode && firstWriteNanos == 0) {
                        firstWriteNanos = System.nanoTime();
                    }
                    if (d.bytes().hasRemaining()) {
                        return; // the socket is full: the rest goes out on the next turn
                    }
                } catch (IOException e) {
                    done = true;
                    other.done = true;
                    queue.clear();
                    return;
                }
                queue.poll();
            }
        }
    }

    /**
     * Ours and the C reference client through the delay proxy, alternating in rounds as in latency; the JVM
     * is warmed first with direct handshakes (WARMUP_IP, no delay). The floor is two round trips, 4 D.
     */
    static void rtt(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        String proxyIp = a[1];
        int port = Integer.parseInt(a[2]);
        String refclient = a[3];
        long oneWayMs = Long.parseLong(a[4]);
        String warmupIp = a[5];
        int warmup = Integer.parseInt(a[6]);
        int rounds = Integer.parseInt(a[7]);
        int perRound = Integer.parseInt(a[8]);
        EventLoopGroup group = workerGroup();
        EventLoop loop = firstLoop(group);
        Handshaker handshaker = handshaker(group, 5000, 1);
        HandshakeTarget direct = target(warmupIp, port);
        for (int i = 0; i < warmup; i++) {
            timeOnLoop(handshaker, direct, loop);
            timeOne(handshaker, direct);
        }
        HandshakeTarget proxied = target(proxyIp, port);
        // The product's default transport (auto) as well: to this v1-only node it offers v2 first, is refused,
        // and connects again over v1 (a quarter as many, after the same warm-up).
        Handshaker auto = handshaker(group, 5000, 1, "auto");
        for (int i = 0; i < Math.max(1, warmup / 5); i++) {
            timeOnLoop(auto, direct, loop);
        }
        List<Long> ours = new ArrayList<>();
        List<Long> fromCaller = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        List<Long> ourAuto = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            reference.addAll(runReference(refclient, proxyIp, port, 2, perRound));
            for (int i = 0; i < perRound; i++) {
                ours.add(timeOnLoop(handshaker, proxied, loop));
            }
            for (int i = 0; i < perRound; i++) {
                fromCaller.add(timeOne(handshaker, proxied));
            }
            for (int i = 0; i < Math.max(1, perRound / 4); i++) {
                ourAuto.add(timeOnLoop(auto, proxied, loop));
            }
        }
        long floorMicros = 4 * oneWayMs * 1000;
        ObjectNode o = JSON.createObjectNode();
        o.put("rttFloorRatio", round3((double) median(ours) / floorMicros));
        o.put("rttVsReferenceRatio", round3((double) median(ours) / median(reference)));
        ObjectNode d = o.putObject("rttDetail");
        d.put("oneWayDelayMs", oneWayMs);
        d.put("roundTripMs", 2 * oneWayMs);
        d.put("floorMicros", floorMicros);
        d.put("floor", "two round trips: TCP's handshake (modelled by the proxy), then version -> version + verack");
        d.set("oursMicros", stats(ours));
        d.set("referenceMicros", stats(reference));
        d.put("referenceFloorRatio", round3((double) median(reference) / floorMicros));
        d.put("clock", OUR_CLOCK);
        ObjectNode caller = d.putObject("fromCaller");
        caller.put("what", FROM_CALLER);
        caller.set("oursMicros", stats(fromCaller));
        caller.put("floorRatio", round3((double) median(fromCaller) / floorMicros));
        caller.put("vsReferenceRatio", round3((double) median(fromCaller) / median(reference)));
        d.put("transport", TRANSPORT);
        ObjectNode a2 = d.putObject("autoTransport");
        a2.put("what", "--transport auto (the default) to this v1-only node: v2 offered and refused, then v1 on a new connection");
        a2.set("oursMicros", stats(ourAuto));
        a2.put("floorRatio", round3((double) median(ourAuto) / floorMicros));
        d.put("warmupHandshakes", warmup);
        d.put("rounds", rounds);
        d.put("handshakesPerRoundEach", perRound);
        if (a.length > 9) {
            // the proxy's own error: every forward that left after its due time adds to both clients' times alike
            List<Long> late = new ArrayList<>();
            List<Long> nodeAnswers = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(a[9]))) {
                if (line.startsWith("late ")) {
                    Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).forEach(late::add);
                } else if (line.startsWith("node ")) {
                    nodeAnswers.add(Long.parseLong(line.substring(5).trim()));
                }
            }
            if (!nodeAnswers.isEmpty()) {
                // what no client can save: litecoind's own time to answer a version, measured at the proxy
                ObjectNode n = d.putObject("nodeAnswer");
                n.put("what", "litecoind's time from a client's first bytes (its version) reaching it to its answer "
                        + "leaving it, measured at the proxy; the floor plus this median is what an instant client would take");
                n.set("micros", stats(nodeAnswers));
                long withNode = floorMicros + median(nodeAnswers);
                n.put("floorWithNodeMicros", withNode);
                n.put("oursRatio", round3((double) median(ours) / withNode));
                n.put("referenceRatio", round3((double) median(reference) / withNode));
            }
            ObjectNode p = d.putObject("proxyLate");
            p.put("what", "how late the delay proxy's forwards left after their due time, in microseconds; each handshake's "
                    + "time includes two such forwards (our version to the node, its answer back), the floor does not");
            p.set("forwardsMicros", stats(late));
        }
        write(out, o);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- scaleCurve: scripted live and silent peers

    /**
     * The bytes a scripted live peer of the scale curve (bench/ref/scalepeer.c) answers with, written to FILE:
     * a version and a verack of its own. Its listeners sit on the I-th address of each /16 prefix
     * (PREFIX.(I / 250).(1 + I % 250), never .0 or .255; run.sh's seeds list the same addresses).
     */
    static void scaleAnswer(String[] a) throws Exception {
        Files.write(Path.of(a[0]), concatBytes(frame("version", versionPayload()), frame("verack", new byte[0])));
    }

    /** A version message (protocol 70016, NODE_NETWORK, empty user agent, height 0) for the scripted live peers. */
    static byte[] versionPayload() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(86).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(70016).putLong(1).putLong(System.currentTimeMillis() / 1000);
        for (int i = 0; i < 2; i++) { // addr_recv, addr_from: services, ::ffff:127.0.0.1, port (big-endian)
            b.putLong(1).put(new byte[10]).put((byte) 0xff).put((byte) 0xff).put(new byte[] {127, 0, 0, 1});
            b.order(java.nio.ByteOrder.BIG_ENDIAN).putShort((short) 8333).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        b.putLong(new java.util.Random().nextLong()).put((byte) 0).putInt(0).put((byte) 1);
        return b.array();
    }

    static byte[] frame(String command, byte[] payload) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        byte[] checksum = sha.digest(sha.digest(payload));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + payload.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(NETWORK.magic());
        byte[] name = new byte[12];
        System.arraycopy(command.getBytes(StandardCharsets.US_ASCII), 0, name, 0, command.length());
        b.put(name).putInt(payload.length).put(checksum, 0, 4).put(payload);
        return b.array();
    }

    static byte[] concatBytes(byte[] x, byte[] y) {
        byte[] z = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, z, x.length, y.length);
        return z;
    }

    /**
     * One one-shot run (COMMAND --once --config CONFIG_FILE: the configured seeds, SIZE addresses in all),
     * sampled from outside every 100 ms: threads and fds from /proc/PID; the heap from the JVM's own GC log
     * (JAVA_OPTS=-Xlog:gc, the launcher passes it on): the largest heap in use before a collection and
     * the largest left live after one.
     */
    static void scale(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        int size = Integer.parseInt(a[1]);
        String config = a[2];
        Path reports = Path.of(a[3]);
        int concurrency = Integer.parseInt(a[4]);
        List<String> command = new ArrayList<>(Arrays.asList(a).subList(5, a.length));
        command.addAll(List.of("--once", "--config", config));
        Files.createDirectories(reports);
        Path gcLog = reports.resolve("gc.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(reports.resolve("out.log").toFile());
        pb.environment().put("JAVA_OPTS", ("-Xlog:gc:file=" + gcLog + " " + System.getenv().getOrDefault("JAVA_OPTS", "")).trim());
        pb.environment().put("LOG_LEVEL", "warn");
        long t0 = System.nanoTime();
        Process p = pb.start();
        long peakThreads = 0;
        long peakFds = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            Path proc = Path.of("/proc", Long.toString(p.pid()));
            try {
                for (String line : Files.readAllLines(proc.resolve("status"))) {
                    if (line.startsWith("Threads:")) {
                        peakThreads = Math.max(peakThreads, Long.parseLong(line.substring(8).trim()));
                    }
                }
                try (var fds = Files.list(proc.resolve("fd"))) {
                    peakFds = Math.max(peakFds, fds.count());
                }
            } catch (IOException e) {
                // the process ended between two samples
            }
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) {
                p.destroyForcibly();
                throw new IllegalStateException("scale " + size + ": still running after 5 minutes");
            }
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        double peakUsedMb = 0;
        double peakLiveMb = 0;
        java.util.regex.Pattern gc = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\(");
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                var m = gc.matcher(line);
                if (m.find()) {
                    peakUsedMb = Math.max(peakUsedMb, Double.parseDouble(m.group(1)));
                    peakLiveMb = Math.max(peakLiveMb, Double.parseDouble(m.group(2)));
                }
            }
        }
        JsonNode report = JSON.readTree(reports.resolve("latest.json").toFile());
        Map<String, Integer> outcomes = new TreeMap<>();
        int results = 0;
        for (JsonNode seed : report.get("seeds")) {
            for (JsonNode r : seed.get("results")) {
                outcomes.merge(r.get("outcome").asText(), 1, Integer::sum);
                results++;
            }
        }
        if (results != size || outcomes.getOrDefault("SUCCESS", 0) == 0) {
            throw new IllegalStateException("scale " + size + ": " + results + " results, " + outcomes
                    + " (expected " + size + ", half SUCCESS; exit " + p.exitValue() + ")");
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("addresses", size);
        o.put("wallSeconds", round3(wallMs / 1000.0));
        o.put("runPhaseSeconds", round3(report.get("durationMillis").asLong() / 1000.0));
        o.put("concurrency", concurrency);
        o.put("exitStatus", p.exitValue());
        o.put("peakHeapUsedMb", peakUsedMb);
        o.put("peakLiveHeapMbAfterGc", peakLiveMb);
        o.put("peakThreads", peakThreads);
        o.put("peakFds", peakFds);
        o.putPOJO("outcomes", outcomes);
        // live peers that did not conclude within the timeout: the machine (peers included) fell behind
        o.put("liveNotConcluded", size / 2 - outcomes.getOrDefault("SUCCESS", 0));
        o.put("command", String.join(" ", command));
        write(out, o);
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
        Path cdsPath = fragments.resolve("startup-by-hand.json");
        JsonNode startupCds = Files.exists(cdsPath) ? JSON.readTree(cdsPath.toFile()) : null;
        JsonNode machine = JSON.readTree(fragments.resolve("machine.json").toFile());

        ObjectNode o = JSON.createObjectNode();
        o.set("latencyRatio", latency.get("latencyRatio"));
        o.set("sweepRatio", sweep.get("sweepRatio"));
        o.set("responderHandshakesPerSec", responder.get("responderHandshakesPerSec"));
        o.set("inflight10k", inflight.get("inflight10k"));
        o.set("startupSeconds", startup.get("seconds"));
        o.set("startupPlainJavaJar", startupPlain.get("seconds"));
        ObjectNode lat = o.putObject("latencyDetail");
        lat.set("oursMicros", latency.get("ours"));
        lat.set("referenceMicros", latency.get("reference"));
        lat.put("clock", OUR_CLOCK);
        if (latency.has("oursFromCaller")) {
            ObjectNode caller = lat.putObject("fromCaller");
            caller.put("what", FROM_CALLER);
            caller.set("oursMicros", latency.get("oursFromCaller"));
            caller.put("latencyRatio", latency.get("fromCallerRatio").asDouble());
        }
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
        st.set("launcher", startup);
        JsonNode launcherJdk = optional(fragments.resolve("startup-launcher-jdk.json"));
        if (launcherJdk != null) {
            st.set("launcherJdk", launcherJdk.get("launcherJdk"));
        }
        JsonNode java17Launcher = optional(fragments.resolve("startup-java17-launcher.json"));
        if (java17Launcher != null) {
            st.set("java17Launcher", java17Launcher);
        }
        st.set("plainJavaJar", startupPlain);
        if (startupCds != null) {
            st.set("archiveAndC1ByHand", startupCds);
        }
        ObjectNode jdk25 = JSON.createObjectNode();
        for (String variant : List.of("plain", "aotCache", "launcher")) {
            Path f = fragments.resolve("startup-jdk25-" + variant + ".json");
            if (Files.exists(f)) {
                jdk25.set(variant, JSON.readTree(f.toFile()));
            }
        }
        if (!jdk25.isEmpty()) {
            st.set("jdk25AotCache", jdk25);
        }

        JsonNode rtt = optional(fragments.resolve("rtt.json"));
        if (rtt != null) {
            o.set("rttFloorRatio", rtt.get("rttFloorRatio"));
            o.set("rttVsReferenceRatio", rtt.get("rttVsReferenceRatio"));
            o.set("rttDetail", rtt.get("rttDetail"));
        }

        // Our responder against the real nodes: the same driver, the same levels, one run.
        ObjectNode vsNodes = JSON.createObjectNode();
        ObjectNode vsDetail = JSON.createObjectNode();
        for (String node : List.of("litecoind", "monerod")) {
            JsonNode theirs = optional(fragments.resolve("responder-" + node + ".json"));
            JsonNode ours = node.equals("litecoind") ? responder : optional(fragments.resolve("responder-ours-" + node + ".json"));
            if (theirs != null && ours != null) {
                vsNodes.put(node, round3(ours.get("responderHandshakesPerSec").asDouble()
                        / Math.max(1, theirs.get("responderHandshakesPerSec").asDouble())));
                ObjectNode d = vsDetail.putObject(node);
                d.set("oursByConcurrency", ours.get("handshakesPerSecByConcurrency"));
                d.set("oursFailuresByConcurrency", ours.get("failuresByConcurrency"));
                d.set("theirsByConcurrency", theirs.get("handshakesPerSecByConcurrency"));
                d.set("theirsFailuresByConcurrency", theirs.get("failuresByConcurrency"));
                if (theirs.has("failureExamples")) {
                    d.set("theirsFailureExamples", theirs.get("failureExamples"));
                }
            }
        }
        if (!vsNodes.isEmpty()) {
            o.set("responderVsNodes", vsNodes);
            vsDetail.put("statistic", "best level of ours / best level of theirs; each level counted for secondsPerLevel after a warm-up");
            o.set("responderVsNodesDetail", vsDetail);
        }

        ObjectNode curve = JSON.createObjectNode();
        for (String size : List.of("1000", "10000", "100000")) {
            JsonNode f = optional(fragments.resolve("scale-" + size + ".json"));
            if (f != null) {
                ObjectNode point = curve.putObject(size);
                point.setAll((ObjectNode) f);
                // linear in N / concurrency: the wall time per "wave" of concurrency handshakes
                double waves = f.get("addresses").asDouble() / f.get("concurrency").asDouble();
                point.put("runPhaseSecondsPerWave", round3(f.get("runPhaseSeconds").asDouble() / Math.max(1, waves)));
            }
        }
        if (!curve.isEmpty()) {
            // a waiting handshake's heap, from the 10,000-in-flight measurement (live heap after GC less the baseline)
            double perInFlightKb = (inflight.at("/inflight10kDetail/liveHeapMbAfterGcAtPeak").asDouble()
                    - inflight.at("/inflight10kDetail/baseline/heapMb").asDouble()) * 1024
                    / inflight.at("/inflight10kDetail/handshakes").asDouble();
            curve.put("heapPerInFlightKb", Math.round(perInFlightKb * 10) / 10.0);
            o.set("scaleCurve", curve);
        }
        o.set("perProtocol", perProtocol(fragments));

        o.set("goals", JSON.readTree("{\"latencyRatio\":\"<= 1.1\",\"sweepRatio\":\"<= 1.1\","
                + "\"responderHandshakesPerSec\":\">= 5000\",\"inflight10k\":\"threads <= 16, heapMb <= 256\","
                + "\"startupSeconds\":\"<= 0.5\",\"responderVsNodes\":\">= 2\",\"rttFloorRatio\":\"<= 1.02\","
                + "\"rttVsReferenceRatio\":\"<= 1.01\",\"scaleCurve\":\"heapPerInFlightKb <= 8, 100000 in < 60 s with the"
                + " launcher's defaults, runPhaseSecondsPerWave flat\"}"));
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
        row("startupSeconds", o.get("startupSeconds").asText() + " (bin/node-handshake)", "<= 0.5",
                o.get("startupSeconds").asDouble() <= 0.5);
        if (java17Launcher != null) {
            row("  (launcher on Java 17)", java17Launcher.get("seconds").asText(), "", null);
        }
        row("startupPlainJavaJar", o.get("startupPlainJavaJar").asText(), "", null);
        for (var e : jdk25.properties()) {
            row("  (JDK 25 " + e.getKey() + ")", e.getValue().get("seconds").asText(), "", null);
        }
        if (rtt != null) {
            row("rttFloorRatio", String.format("%.3f (ours %d us, floor %d us)", rtt.get("rttFloorRatio").asDouble(),
                    rtt.at("/rttDetail/oursMicros/medianMicros").asLong(), rtt.at("/rttDetail/floorMicros").asLong()),
                    "<= 1.02", rtt.get("rttFloorRatio").asDouble() <= 1.02);
            row("rttVsReferenceRatio", String.format("%.3f (C client %d us)", rtt.get("rttVsReferenceRatio").asDouble(),
                    rtt.at("/rttDetail/referenceMicros/medianMicros").asLong()), "<= 1.01",
                    rtt.get("rttVsReferenceRatio").asDouble() <= 1.01);
            row("  (--transport auto)", String.format("%.3f of the floor (ours %d us)",
                    rtt.at("/rttDetail/autoTransport/floorRatio").asDouble(),
                    rtt.at("/rttDetail/autoTransport/oursMicros/medianMicros").asLong()), "", null);
        }
        for (var e : vsNodes.properties()) {
            row("responderVsNodes." + e.getKey(), e.getValue().asText() + " " + vsDetail.at("/" + e.getKey() + "/theirsByConcurrency"),
                    ">= 2", e.getValue().asDouble() >= 2);
        }
        for (var e : curve.properties()) {
            if (e.getValue().isObject()) {
                JsonNode c = e.getValue();
                row("scaleCurve." + e.getKey(), String.format("%.1f s, %d fds, %d thr, %.0f MB live, %d late", c.get("wallSeconds").asDouble(),
                        c.get("peakFds").asLong(), c.get("peakThreads").asLong(), c.get("peakLiveHeapMbAfterGc").asDouble(),
                        c.get("liveNotConcluded").asLong()),
                        e.getKey().equals("100000") ? "< 60 s" : "", e.getKey().equals("100000") ? c.get("wallSeconds").asDouble() < 60 : null);
            }
        }
        if (curve.has("heapPerInFlightKb")) {
            row("scaleCurve.heapPerInFlightKb", curve.get("heapPerInFlightKb").asText(), "<= 8",
                    curve.get("heapPerInFlightKb").asDouble() <= 8);
        }
        System.out.println("results: " + results);
    }

    static JsonNode optional(Path fragment) throws IOException {
        return Files.exists(fragment) ? JSON.readTree(fragment.toFile()) : null;
    }

    /**
     * Per protocol: handshakes per second per core (handshakes per CPU-second of the initiating JVM) and the
     * CPU time of one handshake, from the perprotocol-*.json fragments. Bitcoin v2 (BIP324) is measured
     * against our own responder only: no v2-capable node installs here.
     */
    static ObjectNode perProtocol(Path fragments) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        for (String protocol : List.of("bitcoin-v1", "bitcoin-v2", "monero", "ethereum", "libp2p")) {
            JsonNode f = optional(fragments.resolve("perprotocol-" + protocol + ".json"));
            o.set(protocol, f != null ? f : JSON.getNodeFactory().textNode("not measured"));
        }
        return o;
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
