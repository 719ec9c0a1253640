package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ser.DefaultSerializerProvider;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.report.HealthThresholds;

/** The report path's warm-up leaves the report's serializers in the route's mapper, and it never throws. */
class ReportWarmUpTest {

    private static final ReportSteps STEPS = new ReportSteps(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), HealthThresholds.DEFAULTS, List.of());
    private static final List<Seed> SEEDS = List.of(new Seed("seed.example", 18444, BitcoinNetwork.REGTEST));

    @Test
    void theMapperKeepsASerializerForEachReportType() {
        ObjectMapper json = new ObjectMapper();
        DefaultSerializerProvider cache = (DefaultSerializerProvider) json.getSerializerProvider();
        assertEquals(0, cache.cachedSerializersCount());

        new ReportWarmUp(STEPS, json).warmUp(SEEDS);

        // RunReport, SeedReport, ResultReport and what they hold: built once here, not by the run's own report
        assertTrue(cache.cachedSerializersCount() >= 3, () -> "cached: " + cache.cachedSerializersCount());
    }

    @Test
    void aFailureIsOnlyLogged() {
        ObjectMapper broken = new ObjectMapper() {
            @Override
            public void writeValue(OutputStream out, Object value) {
                throw new IllegalStateException("no serializers today");
            }
        };
        assertDoesNotThrow(() -> new ReportWarmUp(STEPS, broken).warmUp(SEEDS));
    }
}
