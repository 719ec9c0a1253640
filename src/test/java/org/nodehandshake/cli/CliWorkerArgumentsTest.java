package org.nodehandshake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --worker --vantage NAME}, the coordinator's settings, and what each refuses before any traffic. */
class CliWorkerArgumentsTest {

    @Test
    void workerAndVantageAreTheWorkerMode() throws Exception {
        CliArguments a = CliArguments.parse("--worker", "--vantage", "eu-west");
        assertEquals(CliArguments.Mode.WORKER, a.mode());
        assertEquals(Map.of("handshake.kafka.vantage", "eu-west"), a.properties());
    }

    @Test
    void oneWithoutTheOtherIsAUsageError() {
        assertTrue(assertThrows(UsageException.class, () -> CliArguments.parse("--worker")).getMessage()
                .contains("--worker and --vantage NAME go together"));
        assertTrue(assertThrows(UsageException.class, () -> CliArguments.parse("--vantage", "x")).getMessage()
                .contains("--worker and --vantage NAME go together"));
    }

    @Test
    void aWorkerTakesNoSeedName() {
        assertTrue(assertThrows(UsageException.class, () -> CliArguments.parse("--worker", "--vantage", "x", "seed.example"))
                .getMessage().contains("--worker takes no <dns_seed_name>"));
    }

    @Test
    void anInvalidVantageNameIsExitTwoInTheOptionsWords() {
        CliTesting.Captured c = CliTesting.run("--worker", "--vantage", "no spaces");
        assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
        assertTrue(c.err().contains("--vantage: not a vantage name"), c.err());
    }

    @Test
    void aWorkerWithoutKafkaIsExitTwo(@TempDir Path dir) throws Exception {
        Path config = Files.write(dir.resolve("c.properties"), List.of("handshake.report-dir = " + dir));
        CliTesting.Captured c = CliTesting.run("--worker", "--vantage", "east", "--config", config.toString());
        assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
        assertTrue(c.err().contains("--worker needs Kafka: handshake.kafka.bootstrap-servers is empty"), c.err());
    }

    @Test
    void aCoordinatorWithoutVantagesIsExitTwo(@TempDir Path dir) throws Exception {
        Path config = Files.write(dir.resolve("c.properties"), List.of("handshake.report-dir = " + dir,
                "handshake.seeds = 127.0.0.1", "handshake.kafka.bootstrap-servers = 127.0.0.1:9"));
        CliTesting.Captured c = CliTesting.run("--config", config.toString());
        assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
        assertTrue(c.err().contains("the coordinator needs handshake.kafka.vantages"), c.err());
    }

    @Test
    void aBadKafkaValueInTheFileIsExitTwoNamingTheFile(@TempDir Path dir) throws Exception {
        Path config = Files.write(dir.resolve("c.properties"), List.of("handshake.report-dir = " + dir,
                "handshake.seeds = 127.0.0.1", "handshake.kafka.result-deadline-ms = 5"));
        CliTesting.Captured c = CliTesting.run("--config", config.toString());
        assertEquals(NodeHandshake.EXIT_USAGE, c.status(), c::toString);
        assertTrue(c.err().contains(config + ": handshake.kafka.result-deadline-ms out of range: 5"), c.err());
    }
}
