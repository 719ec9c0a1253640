package org.nodehandshake.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** handshake.kafka.*: the defaults, and each value that is refused, by its key. */
class KafkaSettingsTest {

    static KafkaSettings of(String... keysAndValues) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return KafkaSettings.from(key -> Optional.ofNullable(map.get(key)));
    }

    static String refused(String... keysAndValues) {
        return assertThrows(IllegalArgumentException.class, () -> of(keysAndValues)).getMessage();
    }

    @Test
    void withoutBootstrapServersNothingIsDistributed() {
        KafkaSettings settings = of();
        assertFalse(settings.enabled());
        assertEquals("node-handshake-jobs", settings.jobsTopic());
        assertEquals("node-handshake-results", settings.resultsTopic());
        assertEquals(Duration.ofMinutes(2), settings.resultDeadline());
        assertEquals(4 << 20, settings.maxMessageBytes());
    }

    @Test
    void theCoordinatorsVantagesAndTheWorkersGroups() {
        KafkaSettings settings = of("handshake.kafka.bootstrap-servers", "k1:9092, [::1]:9093",
                "handshake.kafka.vantages", "eu-west, us.east", "handshake.kafka.group-id", "nh");
        assertTrue(settings.enabled());
        assertEquals(List.of("k1:9092", "[::1]:9093"), settings.bootstrapServers());
        assertEquals(List.of("eu-west", "us.east"), settings.vantages());
        assertEquals("nh.worker.eu-west", settings.workerGroup("eu-west"));
        assertEquals("nh.coordinator", settings.coordinatorGroup());
    }

    @Test
    void aServerWithoutPortIsRefused() {
        assertTrue(refused("handshake.kafka.bootstrap-servers", "k1").startsWith("handshake.kafka.bootstrap-servers"));
    }

    @Test
    void aTopicNameKafkaRefusesIsRefused() {
        assertTrue(refused("handshake.kafka.jobs-topic", "jobs/x").startsWith("handshake.kafka.jobs-topic"));
    }

    @Test
    void oneTopicForJobsAndResultsIsRefused() {
        assertTrue(refused("handshake.kafka.jobs-topic", "t", "handshake.kafka.results-topic", "t")
                .startsWith("handshake.kafka.results-topic"));
    }

    @Test
    void aVantageThatIsNoNameIsRefused() {
        assertTrue(refused("handshake.kafka.vantages", "east, we st").startsWith("handshake.kafka.vantages"));
        assertTrue(refused("handshake.kafka.vantage", "-east").startsWith("handshake.kafka.vantage"));
    }

    @Test
    void aVantageListedTwiceIsRefused() {
        assertTrue(refused("handshake.kafka.vantages", "east,east").contains("listed twice"));
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        assertTrue(refused("handshake.kafka.result-deadline-ms", "10").startsWith("handshake.kafka.result-deadline-ms out of range"));
        assertTrue(refused("handshake.kafka.max-message-bytes", "1").startsWith("handshake.kafka.max-message-bytes out of range"));
        assertTrue(refused("handshake.kafka.session-timeout-ms", "x").startsWith("handshake.kafka.session-timeout-ms is not"));
        assertTrue(refused("handshake.kafka.partitions", "0").startsWith("handshake.kafka.partitions out of range"));
    }
}
