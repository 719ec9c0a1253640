package org.nodehandshake.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged jar, run the way the README says: {@code java -jar target/node-handshake.jar ...}. */
public final class Jar {

    private Jar() {
    }

    /** Runs the jar to its end (at most a minute) and returns its exit status and output. */
    public static Processes.Result run(String... args) throws Exception {
        return Processes.run(Duration.ofSeconds(60), command(args));
    }

    /** Starts the jar with stdout and stderr going to {@code out}; the caller stops it. */
    public static Process start(Path out, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** The command line that runs the jar with {@code args}, for a test that starts it its own way. */
    public static List<String> command(String... args) {
        String jar = System.getenv().getOrDefault("NODE_HANDSHAKE_JAR", "target/node-handshake.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }
}
