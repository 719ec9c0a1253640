package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.Processes;

/**
 * bin/node-handshake, the README's first command, run as a user runs it: through a symlink, from
 * another working directory, with arguments that hold spaces, JAVA_HOME and JAVA_OPTS; its exit status
 * is the jar's; and one real one-shot handshake with a litecoind -regtest on 127.0.0.250.
 */
class LauncherIT {

    static final String NODE_IP = "127.0.0.250";
    static final String CLOSED_IP = "127.0.0.253"; // nothing listens here
    static final Path LAUNCHER = Path.of("bin", "node-handshake").toAbsolutePath();
    static final String JAVA_HOME = System.getProperty("java.home");

    static LitecoindNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = LitecoindNode.start(NODE_IP);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    record Run(int exitCode, String output) {
    }

    /** Runs the launcher (or a link to it) in {@code directory} with extra environment variables. */
    static Run launch(Path launcher, Path directory, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("launcher", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().remove("JAVA_OPTS");
            builder.environment().put("JAVA_HOME", JAVA_HOME);
            builder.environment().putAll(environment);
            if (environment.containsKey("JAVA_HOME") && environment.get("JAVA_HOME").isEmpty()) {
                builder.environment().remove("JAVA_HOME"); // "" stands for: not set
            }
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException("launcher still running after 60 s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void helpFromAnotherDirectoryThroughASymlink(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("nh"), LAUNCHER);

        Run run = launch(link, elsewhere, Map.of(), "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().contains("Usage:"), run.output());
        assertTrue(run.output().contains("--listen HOST:PORT"), run.output());
    }

    @Test
    void aRealOneShotHandshakeWithArgumentsHoldingSpaces(@TempDir Path elsewhere) throws Exception {
        Path reports = elsewhere.resolve("reports with spaces");

        Run run = launch(LAUNCHER, elsewhere, Map.of(), NODE_IP, Integer.toString(LitecoindNode.P2P_PORT), "5000",
                "--network", "litecoin-regtest", "--user-agent", "/launcher test:1.0 (a b)/",
                "--report-dir", reports.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().contains("-> SUCCESS"), run.output());
        JsonNode report = new ObjectMapper().readTree(reports.resolve("latest.json").toFile());
        assertEquals("SUCCESS", report.at("/seeds/0/results/0/outcome").asText(), report::toString);
        // the user agent reached the node as one argument, spaces and parentheses intact
        assertTrue(node.debugLog().contains("/launcher test:1.0 (a b)/"), "litecoind's debug.log names our user agent");
    }

    @Test
    void exitStatusesPassThrough(@TempDir Path elsewhere) throws Exception {
        Run noSuccess = launch(LAUNCHER, elsewhere, Map.of(), CLOSED_IP, "1", "1000", "--report-dir",
                elsewhere.resolve("r").toString());
        assertEquals(1, noSuccess.exitCode(), noSuccess::toString);
        assertTrue(noSuccess.output().contains("connect-refused"), noSuccess.output());

        Run badOption = launch(LAUNCHER, elsewhere, Map.of(), "--no-such-option");
        assertEquals(2, badOption.exitCode(), badOption::toString);
        assertTrue(badOption.output().contains("unknown option: --no-such-option"), badOption.output());
    }

    @Test
    void javaOptsReachTheJvm(@TempDir Path elsewhere) throws Exception {
        Run run = launch(LAUNCHER, elsewhere, Map.of("JAVA_OPTS", "-Dhandshake.concurrency=0 -Dunused.flag=1"),
                CLOSED_IP, "1", "1000", "--report-dir", elsewhere.resolve("r").toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.output().contains("handshake.concurrency out of range: 0"), run.output());
    }

    @Test
    void aJavaHomeWithoutJavaIsOneLineAndExit127(@TempDir Path elsewhere) throws Exception {
        Run run = launch(LAUNCHER, elsewhere, Map.of("JAVA_HOME", elsewhere.toString()), "--version");

        assertEquals(127, run.exitCode(), run::toString);
        assertEquals(1, run.output().strip().lines().count(), run.output());
        assertTrue(run.output().contains("JAVA_HOME is " + elsewhere), run.output());
    }

    @Test
    void anInstalledLayoutFindsTheJarInLib(@TempDir Path prefix) throws Exception {
        Path bin = Files.createDirectories(prefix.resolve("bin"));
        Path lib = Files.createDirectories(prefix.resolve("lib"));
        Files.copy(LAUNCHER, bin.resolve("node-handshake"));
        Files.createSymbolicLink(lib.resolve("node-handshake.jar"), Path.of("target", "node-handshake.jar").toAbsolutePath());

        Run run = launch(bin.resolve("node-handshake"), prefix, Map.of(), "--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().startsWith("node-handshake "), run.output());
    }

    /** Temurin 25, or the test is skipped. */
    private static Path temurin25() {
        Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        Assumptions.assumeTrue(Files.isExecutable(temurin25.resolve("bin/java")), "no Temurin 25 at " + temurin25);
        return temurin25;
    }

    /** The launcher and the jar in an installed layout under {@code prefix} (bin/, lib/); the jar's path. */
    private static Path installed(Path prefix) throws IOException {
        Path bin = Files.createDirectories(prefix.resolve("bin"));
        Path lib = Files.createDirectories(prefix.resolve("lib"));
        Files.copy(LAUNCHER, bin.resolve("node-handshake"));
        return Files.copy(Path.of("target", "node-handshake.jar"), lib.resolve("node-handshake.jar"));
    }

    /** {@link #installed}, then the AOT cache and its record beside the jar, as {@code ./mvnw package} makes them. */
    private static Path installedWithCache(Path prefix) throws Exception {
        Path jar = installed(prefix);
        Processes.Result made = Processes.run(Duration.ofSeconds(180), List.of("bash",
                Path.of("src/build/aot-cache.sh").toAbsolutePath().toString(), jar.toString()));
        assertTrue(Files.isRegularFile(jar.resolveSibling("node-handshake.aot"))
                && Files.isRegularFile(jar.resolveSibling("node-handshake.aot.jdk")), made::toString);
        return jar;
    }

    /**
     * JDK 25's ahead-of-time cache beside the jar is used by a JDK 25 and left alone by Java 17; JDK 25 runs with
     * native access and sun.misc.Unsafe's memory access allowed (Netty's buffers as on Java 17), warning of neither.
     */
    @Test
    void anAotCacheServesJdk25AndJava17IgnoresIt(@TempDir Path prefix) throws Exception {
        Path temurin25 = temurin25();
        Path bin = prefix.resolve("bin");
        installedWithCache(prefix);

        Run jdk25 = launch(bin.resolve("node-handshake"), prefix, Map.of("JAVA_HOME", temurin25.toString(),
                "JAVA_OPTS", "-Xlog:aot=info -XshowSettings:properties"), CLOSED_IP, "1", "1000",
                "--report-dir", prefix.resolve("r").toString());
        assertEquals(1, jdk25.exitCode(), jdk25::toString);
        assertTrue(jdk25.output().contains("Using AOT-linked classes: true"), "JDK 25 used the cache: " + jdk25.output());
        assertTrue(jdk25.output().contains("sun.misc.unsafe.memory.access = allow"), jdk25.output());
        assertFalse(jdk25.output().contains("WARNING: A restricted method"), jdk25.output());
        assertFalse(jdk25.output().contains("WARNING: A terminally deprecated method in sun.misc.Unsafe"), jdk25.output());

        Run java17 = launch(bin.resolve("node-handshake"), prefix, Map.of(), CLOSED_IP, "1", "1000",
                "--report-dir", prefix.resolve("r").toString());
        assertEquals(1, java17.exitCode(), java17::toString);
        assertTrue(java17.output().contains("connect-refused"), java17.output());
    }

    /** Without JAVA_HOME the launcher runs the JDK its cache's record names, while that JDK is still the same build. */
    @Test
    void withoutJavaHomeTheCachesOwnJdkRunsItUntilThatJdkChanges(@TempDir Path prefix) throws Exception {
        Path temurin25 = temurin25();
        Path bin = prefix.resolve("bin");
        Path record = installedWithCache(prefix).resolveSibling("node-handshake.aot.jdk");
        assertEquals(temurin25.toString(), Files.readAllLines(record).get(0), "the newest JDK 25+ here");

        Map<String, String> noJavaHome = Map.of("JAVA_HOME", "", "JAVA_OPTS", "-Xlog:aot=info");
        Run cached = launch(bin.resolve("node-handshake"), prefix, noJavaHome, CLOSED_IP, "1", "1000",
                "--report-dir", prefix.resolve("r").toString());
        assertEquals(1, cached.exitCode(), cached::toString);
        assertTrue(cached.output().contains("Using AOT-linked classes: true"), "the cache's JDK ran it: " + cached.output());

        Files.write(record, List.of(temurin25.toString(), "25.0.0+0-another-build"));
        Run other = launch(bin.resolve("node-handshake"), prefix, Map.of("JAVA_HOME", "", "JAVA_OPTS",
                "-XshowSettings:properties"), CLOSED_IP, "1", "1000", "--report-dir", prefix.resolve("r").toString());
        assertEquals(1, other.exitCode(), other::toString);
        assertTrue(other.output().contains("java.specification.version = 17"), "java on the PATH ran it: " + other.output());
        assertTrue(other.output().contains("connect-refused"), other.output());
    }

    @Test
    void noJarBesideTheScriptIsOneLineAndExit127(@TempDir Path elsewhere) throws Exception {
        Path bin = Files.createDirectories(elsewhere.resolve("bin"));
        Path copy = Files.copy(LAUNCHER, bin.resolve("node-handshake"));

        Run run = launch(copy, elsewhere, Map.of(), "--version");

        assertEquals(127, run.exitCode(), run::toString);
        assertTrue(run.output().contains("no node-handshake.jar in " + elsewhere.toRealPath()), run.output());
        Processes.deleteTree(bin);
    }
}
