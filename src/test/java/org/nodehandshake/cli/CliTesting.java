package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;

/** The command line's tests' helpers: its properties read as settings, and runs of NodeHandshake.run. */
final class CliTesting {

    private CliTesting() {
    }

    record Captured(int status, String out, String err) {

        /** The message of the {@code error: } line. */
        String error() {
            for (String line : err.split("\n")) {
                if (line.startsWith("error: ")) {
                    return line.substring("error: ".length());
                }
            }
            throw new AssertionError("no error line in: " + err);
        }
    }

    /** The command line's properties alone (no jar defaults, no configuration file) read as settings. */
    static HandshakeSettings settings(CliArguments arguments) {
        return HandshakeSettings.from(key -> Optional.ofNullable(arguments.properties().get(key)),
                ProtocolRegistry.builtIn());
    }

    /** The one-shot seed these arguments ask for (on the default network unless they name one). */
    static Seed seed(String... args) throws UsageException {
        return settings(CliArguments.parse(args)).checkSeed().orElseThrow();
    }

    /** The settings through camel-main, configured (every layer, every check) and never started. */
    static HandshakeSettings configured(String... args) throws Exception {
        CamelRuntime camel = CamelRuntime.of(CliArguments.parse(args), System.err);
        try {
            return camel.configure();
        } finally {
            camel.stop();
        }
    }

    /** NodeHandshake.run, its exit status and what it printed. */
    static Captured run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = NodeHandshake.run(args, o, e);
        }
        return new Captured(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Through NodeHandshake.run, rejected with exit 2 and the usage text on stderr, nothing on stdout;
     * returns the error message. A bad value fails while Camel is configured, before anything starts.
     */
    static String rejected(String... args) {
        Captured c = run(args);
        assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
        assertTrue(c.err().contains(CliArguments.USAGE), c.err());
        assertEquals("", c.out());
        return c.error();
    }
}
