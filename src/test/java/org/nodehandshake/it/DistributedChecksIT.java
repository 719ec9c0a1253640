package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.KafkaBroker;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.SilentListener;

/**
 * Checks distributed over a real Kafka broker (KRaft, in this JVM): the packaged jar as the coordinator and as
 * worker processes of two vantage points, against a real litecoind and two real dnsmasq servers on loopback that
 * answer the same seed differently. Then a worker killed (SIGKILL) in the middle of a run: its jobs are done by
 * the other worker of its vantage, each counted once, and the report is complete.
 */
class DistributedChecksIT {

    static final String NODE_IP = "127.0.0.160";
    static final String EAST_ONLY_IP = "127.0.0.161"; // nothing listens: connect-refused
    static final String WEST_ONLY_IP = "127.0.0.162"; // nothing listens either
    static final String SILENT_IP = "127.0.0.163"; // accepts and never speaks: each handshake runs to its deadline
    static final String EAST_DNS_IP = "127.0.0.165";
    static final String WEST_DNS_IP = "127.0.0.166";
    static final int PORT = LitecoindNode.P2P_PORT;
    static final int SLOW_SEEDS = 6;

    static KafkaBroker kafka;
    static LitecoindNode node;
    static SilentListener silent;
    static DnsmasqServer eastDns;
    static DnsmasqServer westDns;

    @BeforeAll
    static void startRealParts() throws Exception {
        try {
            kafka = KafkaBroker.start();
            node = LitecoindNode.start(NODE_IP);
            node.mine(5);
            silent = new SilentListener(SILENT_IP, PORT);
            Map<String, List<String>> east = new HashMap<>(Map.of("seed.test", List.of(NODE_IP, EAST_ONLY_IP)));
            for (int i = 1; i <= SLOW_SEEDS; i++) {
                east.put("slow" + i + ".test", List.of(NODE_IP, SILENT_IP));
            }
            eastDns = DnsmasqServer.start(EAST_DNS_IP, east, Map.of());
            westDns = DnsmasqServer.start(WEST_DNS_IP, Map.of("seed.test", List.of(NODE_IP, WEST_ONLY_IP)), Map.of());
        } catch (Throwable t) {
            stopRealParts();
            throw t;
        }
    }

    @AfterAll
    static void stopRealParts() throws Exception {
        try {
            for (AutoCloseable part : new AutoCloseable[] {eastDns, westDns, silent, node}) {
                if (part != null) {
                    part.close();
                }
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    /** The properties every process of one test shares: the broker, this test's own topics and groups. */
    private static List<String> kafkaLines(String test) {
        return List.of("handshake.kafka.bootstrap-servers = " + kafka.bootstrapServers(),
                "handshake.kafka.jobs-topic = " + test + "-jobs",
                "handshake.kafka.results-topic = " + test + "-results",
                "handshake.kafka.group-id = " + test,
                "handshake.kafka.session-timeout-ms = 6000",
                "handshake.timeout-ms = 2000",
                "handshake.allow-private = true",
                "handshake.history.enabled = false");
    }

    private static Path config(Path dir, String name, List<String> shared, String... lines) throws IOException {
        List<String> all = new ArrayList<>(shared);
        all.addAll(List.of(lines));
        return Files.write(dir.resolve(name + ".properties"), all);
    }

    /** A process of the jar, its output in {@code dir/name.out}, killed with the JVM if the test aborts. */
    private record Running(String name, Process process, Thread hook, Path out) implements AutoCloseable {
        static Running start(Path dir, String name, String... args) throws IOException {
            Path out = dir.resolve(name + ".out");
            Process process = Jar.start(out, args);
            return new Running(name, process, Processes.killOnExit(process), out);
        }

        String log() throws IOException {
            return Files.exists(out) ? Files.readString(out) : "";
        }

        @Override
        public void close() {
            Processes.stop(process, Duration.ofMillis(100));
            Processes.forget(hook);
        }
    }

    /** Waits for the first report with a distribution (a run of the coordinator that is over). */
    private static JsonNode firstDistributedReport(Path reports, Duration timeout, Running... processes) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ObjectMapper json = new ObjectMapper();
        while (System.nanoTime() < deadline) {
            Path latest = reports.resolve("latest.json");
            if (Files.exists(latest)) {
                JsonNode report = json.readTree(latest.toFile());
                if (report.has("distribution")) {
                    return ReportSchema.assertValid(latest);
                }
            }
            for (Running p : processes) {
                if (p.name().equals("coordinator") && !p.process().isAlive()) {
                    throw new AssertionError("coordinator exited: " + p.log());
                }
            }
            Thread.sleep(100);
        }
        StringBuilder logs = new StringBuilder();
        for (Running p : processes) {
            logs.append("\n--- ").append(p.name()).append('\n').append(p.log());
        }
        throw new AssertionError("no distributed report within " + timeout + logs);
    }

    /**
     * The outcome per address a worker logged for a seed in its job of one run (its own view, from its own
     * log lines): from the job's "Job ... of run R" line to its next job's. The schedule runs every 2 s, so a
     * worker has usually done later runs by now, whose outcomes can differ (one FAILED the real node in CI).
     */
    private static Map<String, String> outcomesLogged(String log, String seed, String runId) {
        int from = log.indexOf(" of run " + runId + ": " + seed);
        if (from < 0) {
            throw new AssertionError("no job of run " + runId + " for " + seed + " in the log: " + log);
        }
        Matcher nextJob = JOB.matcher(log);
        int to = nextJob.find(from) ? nextJob.start() : log.length();
        Map<String, String> outcomes = new HashMap<>();
        Matcher m = Pattern.compile("Handshake with " + Pattern.quote(seed)
                        + " \\(([0-9.]+):\\d+\\) -> (SUCCESS|PARTIAL|FAILED)\\b")
                .matcher(log.substring(from, to));
        while (m.find()) {
            outcomes.put(m.group(1), m.group(2));
        }
        return outcomes;
    }

    @Test
    void twoVantagePointsIntoOneReportWithTheirDisagreement(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        List<String> shared = kafkaLines("vantages");
        Path coordinatorConfig = config(dir, "coordinator", shared,
                "handshake.seeds = seed.test@litecoin-regtest",
                "handshake.schedule = 0/2 * * * * ?",
                "handshake.kafka.vantages = east, west",
                "handshake.kafka.result-deadline-ms = 60000",
                "handshake.report-dir = " + reports);
        Path eastConfig = config(dir, "east", shared, "handshake.dns-server = " + eastDns.address(),
                "handshake.report-dir = " + dir.resolve("east-reports"));
        Path westConfig = config(dir, "west", shared, "handshake.dns-server = " + westDns.address(),
                "handshake.report-dir = " + dir.resolve("west-reports"));
        try (Running east = Running.start(dir, "east", "--worker", "--vantage", "east", "--config", eastConfig.toString());
             Running west = Running.start(dir, "west", "--worker", "--vantage", "west", "--config", westConfig.toString());
             Running coordinator = Running.start(dir, "coordinator", "--config", coordinatorConfig.toString())) {
            JsonNode report = firstDistributedReport(reports, Duration.ofSeconds(90), coordinator, east, west);

            JsonNode distribution = report.get("distribution");
            assertTrue(distribution.get("complete").asBoolean(), distribution::toString);
            assertEquals(2, distribution.get("jobsExpected").asInt());
            assertEquals(2, distribution.get("jobsReceived").asInt());
            assertEquals(0, distribution.get("missing").size());
            assertEquals(List.of("east", "west"), texts(distribution.get("vantages")));

            // One seed report per vantage, each what that vantage saw (its own log lines say so).
            assertEquals(2, report.get("seeds").size());
            Map<String, JsonNode> byVantage = new HashMap<>();
            report.get("seeds").forEach(s -> byVantage.put(s.get("vantage").asText(), s));
            assertEquals(Set.of(NODE_IP, EAST_ONLY_IP), new HashSet<>(texts(byVantage.get("east").get("addresses"))));
            assertEquals(Set.of(NODE_IP, WEST_ONLY_IP), new HashSet<>(texts(byVantage.get("west").get("addresses"))));
            for (Running worker : List.of(east, west)) {
                Map<String, String> reported = new HashMap<>();
                byVantage.get(worker.name()).get("results")
                        .forEach(r -> reported.put(r.get("address").asText(), r.get("outcome").asText()));
                assertEquals(outcomesLogged(worker.log(), "seed.test", distribution.get("runId").asText()), reported,
                        worker.name());
                assertEquals("SUCCESS", reported.get(NODE_IP));
            }
            JsonNode real = null;
            for (JsonNode r : byVantage.get("east").get("results")) {
                real = r.get("address").asText().equals(NODE_IP) ? r : real;
            }
            assertEquals(5, real.at("/peer/startHeight").asInt(), "the peer's own shape travels: " + real);
            assertEquals(5, byVantage.get("west").at("/health/heights/max").asInt(), "heights judged at the coordinator");

            // Where they disagree: the address each vantage alone was handed.
            JsonNode seed = distribution.at("/seeds/0");
            assertEquals("seed.test:" + PORT + "@litecoin-regtest", seed.get("seed").asText());
            assertFalse(seed.get("agree").asBoolean(), seed::toString);
            assertEquals(List.of(EAST_ONLY_IP), texts(seed.at("/addressesOnlyIn/east")));
            assertEquals(List.of(WEST_ONLY_IP), texts(seed.at("/addressesOnlyIn/west")));
            assertEquals(0, seed.get("outcomesDiffer").size(), "the node both got answered both");
            assertEquals(1, seed.at("/vantages/east/success").asInt());
            assertEquals(1, seed.at("/vantages/west/success").asInt());
        }
    }

    @Test
    void aWorkerKilledMidRunLosesNothingAndNothingCountsTwice(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        List<String> shared = kafkaLines("killed");
        List<String> seeds = new ArrayList<>();
        for (int i = 1; i <= SLOW_SEEDS; i++) {
            seeds.add("slow" + i + ".test@litecoin-regtest");
        }
        Path workerConfig = config(dir, "worker", shared, "handshake.dns-server = " + eastDns.address(),
                "handshake.report-dir = " + dir.resolve("worker-reports"));
        try (Running first = Running.start(dir, "first", "--worker", "--vantage", "east", "--config", workerConfig.toString());
             Running second = Running.start(dir, "second", "--worker", "--vantage", "east", "--config", workerConfig.toString())) {
            awaitLog(first, "Worker of vantage point east", Duration.ofSeconds(60));
            awaitLog(second, "Worker of vantage point east", Duration.ofSeconds(60));
            // One run, once the coordinator is up (Quartz reads the cron in the local time zone, as this JVM does).
            java.time.LocalTime at = java.time.LocalTime.now().plusSeconds(25);
            Path coordinatorConfig = config(dir, "coordinator", shared,
                    "handshake.seeds = " + String.join(",", seeds),
                    "handshake.schedule = " + at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?",
                    "handshake.kafka.vantages = east",
                    "handshake.kafka.partitions = 4",
                    "handshake.kafka.result-deadline-ms = 120000",
                    "handshake.report-dir = " + reports);
            killWhileRunning(dir, coordinatorConfig, first, second);
        }
    }

    private void killWhileRunning(Path dir, Path coordinatorConfig, Running first, Running second) throws Exception {
        Path reports = dir.resolve("reports");
        try (Running coordinator = Running.start(dir, "coordinator", "--config", coordinatorConfig.toString())) {
            // Kill whichever worker starts a job first, in the middle of it (each job waits out the silent node).
            Running killed = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (killed == null && System.nanoTime() < deadline) {
                for (Running worker : List.of(first, second)) {
                    if (killed == null && JOB.matcher(worker.log()).find()) {
                        killed = worker;
                    }
                }
                Thread.sleep(20);
            }
            assertTrue(killed != null, "no worker started a job: " + coordinator.log() + "\n--- first\n" + first.log()
                    + "\n--- second\n" + second.log());
            long killedAt = System.nanoTime();
            killed.process().destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no goodbye to the group
            assertTrue(killed.process().waitFor(10, TimeUnit.SECONDS));
            Running survivor = killed == first ? second : first;

            JsonNode report = firstDistributedReport(reports, Duration.ofSeconds(120), coordinator, survivor);
            double completedSeconds = (System.nanoTime() - killedAt) / 1e9;
            JsonNode distribution = report.get("distribution");
            assertTrue(distribution.get("complete").asBoolean(), distribution::toString);
            assertEquals(SLOW_SEEDS, distribution.get("jobsExpected").asInt());
            assertEquals(SLOW_SEEDS, distribution.get("jobsReceived").asInt(), "each job counted once");
            assertEquals(0, distribution.get("missing").size());
            assertEquals(SLOW_SEEDS, report.get("seeds").size());
            Set<String> seedNames = new HashSet<>();
            for (JsonNode seed : report.get("seeds")) {
                assertTrue(seedNames.add(seed.get("seed").asText()), "a seed reported twice: " + seed.get("seed"));
                assertEquals("east", seed.get("vantage").asText());
                assertEquals(2, seed.get("results").size(), seed::toString);
                assertEquals(1, seed.at("/summary/success").asInt(), seed::toString);
            }

            // The figures: jobs started per worker (a job started twice was redelivered), duplicates counted once.
            List<String> killedJobs = jobsStarted(killed.log());
            List<String> survivorJobs = jobsStarted(survivor.log());
            Set<String> distinct = new HashSet<>(killedJobs);
            distinct.addAll(survivorJobs);
            int redelivered = killedJobs.size() + survivorJobs.size() - distinct.size();
            assertEquals(SLOW_SEEDS, distinct.size(), "every job was started");
            assertTrue(redelivered >= 1, "the killed worker's job in hand was done again by the survivor");
            System.out.printf("DistributedChecksIT figures: %d jobs; killed worker started %d, survivor %d; "
                            + "redelivered %d; duplicate results counted once: %d; run report complete %.1f s after "
                            + "the kill (session timeout 6 s; run durationMillis %d)%n",
                    SLOW_SEEDS, killedJobs.size(), survivorJobs.size(), redelivered,
                    distribution.get("duplicates").asInt(), completedSeconds, report.get("durationMillis").asLong());
        }
    }

    static final Pattern JOB = Pattern.compile("Job ([0-9a-f-]{36}) of run");

    private static List<String> jobsStarted(String log) {
        List<String> jobs = new ArrayList<>();
        Matcher m = JOB.matcher(log);
        while (m.find()) {
            jobs.add(m.group(1));
        }
        return jobs;
    }

    private static void awaitLog(Running process, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process.log().contains(text)) {
                return;
            }
            if (!process.process().isAlive()) {
                throw new AssertionError(process.name() + " exited: " + process.log());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(process.name() + " did not log '" + text + "': " + process.log());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
