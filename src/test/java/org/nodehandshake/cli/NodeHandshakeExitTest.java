package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;
import org.nodehandshake.report.Summary;

/** Exit statuses, and the paths of run() that do not start Camel. */
class NodeHandshakeExitTest {

    private static ResultReport result(String address, String outcome) {
        boolean success = outcome.equals("SUCCESS");
        return new ResultReport(address, 8333, outcome, success ? null : "why", success ? null : "timeout",
                success ? "concluded" : "connected", null, null, null, Optional.empty());
    }

    private static SeedReport unresolved(String name) {
        return new SeedReport(name, "bitcoin", 8333, List.of(), "DNS lookup of " + name + " returned no addresses",
                new Summary(0, 0, 0), List.of(), 0, null, null);
    }

    private static SeedReport resolved(String name, int success, int partial, int failed) {
        List<String> addresses = new java.util.ArrayList<>();
        List<ResultReport> results = new java.util.ArrayList<>();
        int n = 1;
        for (int i = 0; i < success; i++, n++) {
            addresses.add("1.1.1." + n);
            results.add(result("1.1.1." + n, "SUCCESS"));
        }
        for (int i = 0; i < partial; i++, n++) {
            addresses.add("1.1.1." + n);
            results.add(result("1.1.1." + n, "PARTIAL"));
        }
        for (int i = 0; i < failed; i++, n++) {
            addresses.add("1.1.1." + n);
            results.add(result("1.1.1." + n, "FAILED"));
        }
        return new SeedReport(name, "bitcoin", 8333, addresses, null, new Summary(success, partial, failed), results, 0, null, null);
    }

    private static RunReport run(SeedReport... seeds) {
        return RunReport.of(java.time.Instant.parse("2024-01-01T00:00:00Z"), java.time.Instant.parse("2024-01-01T00:00:01Z"), List.of(seeds));
    }

    @Test
    void unresolvedSeedExitsThree() {
        assertEquals(NodeHandshake.EXIT_UNRESOLVED, CheckRunner.exitCode(run(unresolved("nx.test"))));
        assertEquals(3, NodeHandshake.EXIT_UNRESOLVED);
    }

    @Test
    void noSeedsAtAllExitsThree() {
        assertEquals(3, CheckRunner.exitCode(run()));
    }

    @Test
    void anySuccessExitsZero() {
        assertEquals(0, CheckRunner.exitCode(run(resolved("s.test", 1, 0, 0))));
        assertEquals(0, CheckRunner.exitCode(run(resolved("s.test", 1, 2, 5))));
    }

    @Test
    void successInOneSeedOfSeveralExitsZero() {
        assertEquals(0, CheckRunner.exitCode(run(unresolved("nx.test"), resolved("f.test", 0, 0, 2),
                resolved("s.test", 1, 0, 0))));
    }

    @Test
    void resolvedWithoutSuccessExitsOne() {
        assertEquals(1, CheckRunner.exitCode(run(resolved("p.test", 0, 1, 0))));
        assertEquals(1, CheckRunner.exitCode(run(resolved("f.test", 0, 0, 3))));
        assertEquals(1, CheckRunner.exitCode(run(resolved("p.test", 0, 2, 3))));
    }

    @Test
    void oneResolvedSeedAmongUnresolvedOnesWithoutSuccessExitsOne() {
        assertEquals(1, CheckRunner.exitCode(run(unresolved("nx.test"), resolved("f.test", 0, 0, 1))));
    }

    private record Captured(int status, String out, String err) {
    }

    private static Captured runCli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = NodeHandshake.run(args, o, e);
        }
        return new Captured(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsExitTwoWithUsageOnStandardError() {
        Captured c = runCli("--bogus");
        assertEquals(NodeHandshake.EXIT_USAGE, c.status());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("error: unknown option: --bogus"), c.err());
        assertTrue(c.err().contains(CliArguments.USAGE), c.err());
        assertEquals("", c.out());
    }

    @Test
    void anUnreadableConfigFileExitsTwo() {
        Captured c = runCli("--once", "--config", "target/does-not-exist.properties");
        assertEquals(2, c.status());
        assertTrue(c.err().contains("--config: cannot read target/does-not-exist.properties"), c.err());
        assertTrue(c.err().contains("Usage:"), c.err());
    }

    @Test
    void helpPrintsUsageOnStandardOutputAndExitsZero() {
        Captured c = runCli("--help");
        assertEquals(0, c.status());
        assertEquals(CliArguments.USAGE, c.out());
        assertEquals("", c.err());
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        Captured c = runCli("--version");
        assertEquals(0, c.status());
        assertTrue(c.out().startsWith("node-handshake "), c.out());
        assertTrue(c.out().strip().length() > "node-handshake ".length(), c.out());
        assertEquals("", c.err());
    }

    /**
     * One check for every value: the same bad value on the command line and in the configuration file
     * gives the same message and exit 2; the command line's names the option or positional (and the usage
     * follows), the file's names the file and the key. Nothing starts: the check fails while Camel is
     * configured.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--concurrency | handshake.concurrency | 0 | ' out of range: 0 (expected: 1-1000000)'",
        "--concurrency | handshake.concurrency | many | ' is not a number: many'",
        "--timeout | handshake.timeout-ms | 3600001 | ' out of range: 3600001 (expected: 1-3600000)'",
        "--linger | handshake.linger-ms | -1 | ' out of range: -1 (expected: 0-3600000)'",
        "--max-per-ip | handshake.listen.max-per-address | 0 | ' out of range: 0 (expected: 1-1000000)'",
        "--dns-server | handshake.dns-server | a:b:c:d | ': not HOST[:PORT]: a:b:c:d'",
        "--network | handshake.network | dogecoin | ': unknown network: dogecoin (expected one of: '",
        "--user-agent | handshake.user-agent | caf\u00e9 | ': 1-256 printable ASCII characters expected'",
        "--transport | handshake.transport | v3 | ' must be one of auto, v2, v1: v3'",
        "--listen-transport | handshake.listen.transport | v2 | ' must be v2+v1 or v1: v2'",
        "--node-key | handshake.node-key | target/no-such-key | ': cannot read node key target/no-such-key'",
        "--services | handshake.bitcoin.services | NETWORK,SEGWIT | ': unknown service SEGWIT (expected names '",
        "--start-height | handshake.bitcoin.start-height | -1 | ' out of range: -1 (expected: 0-2147483647)'",
        "--protocol-version | handshake.bitcoin.protocol-version | 60000 | ' out of range: 60000 (expected: 70001-70016)'",
        "--relay | handshake.bitcoin.relay | yes | ': expected true or false: yes'",
    })
    void aBadValueOnTheCommandLineAndInTheFileGetsTheSameMessageAndExitTwo(String option, String key, String value,
            String problem, @TempDir Path dir) throws Exception {
        Captured onTheCommandLine = runCli("127.0.0.1", option, value);
        assertEquals(2, onTheCommandLine.status(), onTheCommandLine::toString);
        assertTrue(onTheCommandLine.err().startsWith("error: " + option + problem), onTheCommandLine.err());
        assertTrue(onTheCommandLine.err().contains(CliArguments.USAGE), "the usage follows");

        Path file = dir.resolve("bad.properties");
        Files.writeString(file, key + " = " + value + "\n", StandardCharsets.UTF_8);
        Captured inTheFile = runCli("127.0.0.1", "--config", file.toString());
        assertEquals(2, inTheFile.status(), inTheFile::toString);
        assertTrue(inTheFile.err().startsWith("error: " + file + ": " + key + problem), inTheFile.err());
        assertEquals(1, inTheFile.err().lines().count(), "one line, no usage: the command line is fine");
        assertEquals(onTheCommandLine.err().lines().findFirst().orElseThrow().substring(("error: " + option).length()),
                inTheFile.err().strip().substring(("error: " + file + ": " + key).length()), "the same message");
        assertEquals("", inTheFile.out());
    }

    @Test
    void anInvalidAsmapFileIsOneLineAndExitTwoBeforeAnyTraffic(@TempDir Path dir) throws Exception {
        Path map = Files.write(dir.resolve("cut.map"), new byte[] {0, (byte) 0xc0}); // RETURN AS7, cut short
        Path file = Files.writeString(dir.resolve("a.properties"), "handshake.asmap = " + map + "\n");
        Captured c = runCli("127.0.0.1", "--config", file.toString());
        assertEquals(2, c.status(), c::toString);
        assertTrue(c.err().startsWith("error: " + file + ": handshake.asmap: asmap file " + map + ": not a valid asmap ("),
                c.err());
        assertEquals(1, c.err().lines().count(), c.err());
        assertEquals("", c.out());
    }

    @Test
    void aBadPositionalIsNamedAsThePositional(@TempDir Path dir) throws Exception {
        Captured c = runCli("127.0.0.1", "8333", "0");
        assertEquals(2, c.status());
        assertTrue(c.err().startsWith("error: timeout_ms out of range: 0 (expected: 1-3600000)\n"), c.err());
        Path file = Files.writeString(dir.resolve("t.properties"), "handshake.timeout-ms = 0\n");
        Captured f = runCli("127.0.0.1", "--config", file.toString());
        assertEquals(2, f.status());
        assertEquals("error: " + file + ": handshake.timeout-ms out of range: 0 (expected: 1-3600000)", f.err().strip());
        Captured port = runCli("127.0.0.1", "65536");
        assertEquals(2, port.status());
        assertTrue(port.err().startsWith("error: port out of range: 65536 (expected: 1-65535)\n"), port.err());
    }

    @Test
    void aBadValueInTheServiceSettingsExitsTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.properties"),
                "handshake.seeds = a.example@dogecoin\nhandshake.health.healthy-success-rate = 2\n");
        Captured c = runCli("--config", file.toString());
        assertEquals(2, c.status(), c::toString);
        assertTrue(c.err().startsWith("error: " + file + ": handshake."), c.err());
    }

    /** A seed entry's own setting is checked once at start as every setting is: exit 2, one line naming the entry and the key. */
    @Test
    void aBadSeedEntrySettingExitsTwoNamingTheEntryAndTheKey(@TempDir Path dir) throws Exception {
        Captured oneShot = runCli("127.0.0.1;transport=v3");
        assertEquals(2, oneShot.status(), oneShot::toString);
        assertTrue(oneShot.err().startsWith("error: <dns_seed_name>: '127.0.0.1;transport=v3': transport must be one of auto, v2, v1: v3\n"),
                oneShot.err());
        Captured unknown = runCli("127.0.0.1;speed=fast");
        assertEquals(2, unknown.status(), unknown::toString);
        assertTrue(unknown.err().startsWith("error: <dns_seed_name>: '127.0.0.1;speed=fast': unknown setting speed (expected one of: transport)\n"),
                unknown.err());

        Path file = Files.writeString(dir.resolve("s.properties"),
                "handshake.seeds = a.example@regtest;transport=v1, b.example@regtest;transport=v3\n");
        Captured service = runCli("--config", file.toString());
        assertEquals(2, service.status(), service::toString);
        assertEquals("error: " + file + ": handshake.seeds: 'b.example;transport=v3': transport must be one of auto, v2, v1: v3",
                service.err().strip());
        Path typo = Files.writeString(dir.resolve("t.properties"), "handshake.seeds = a.example@regtest;transprt=v1\n");
        Captured misspelt = runCli("--config", typo.toString());
        assertEquals(2, misspelt.status(), misspelt::toString);
        assertEquals("error: " + typo + ": handshake.seeds: 'a.example@regtest;transprt=v1': unknown setting transprt"
                + " (expected one of: transport)", misspelt.err().strip());
        assertEquals("", service.out() + misspelt.out());
    }

    @Test
    void aBadValueFromTheEnvironmentOrASystemPropertyIsNamedSo() {
        System.setProperty("handshake.allow-private", "yes");
        try {
            Captured c = runCli("127.0.0.1");
            assertEquals(2, c.status(), c::toString);
            assertEquals("error: system property: handshake.allow-private: expected true or false: yes", c.err().strip());
        } finally {
            System.clearProperty("handshake.allow-private");
        }
    }
}
