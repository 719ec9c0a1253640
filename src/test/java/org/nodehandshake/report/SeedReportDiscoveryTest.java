package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.testing.ReportSchema;

/** What a discovery found on the way reaches the seed's report as {@code discovery}, and only then. */
class SeedReportDiscoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Seed SEED = new Seed("list.test", 8333, BitcoinNetwork.BITCOIN);

    private static JsonNode seedJson(Resolution resolution) throws Exception {
        RunReport run = RunReport.of(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), List.of(SeedReport.unresolved(resolution)),
                HealthThresholds.DEFAULTS, ProtocolRegistry.builtIn().healthTallies());
        return ReportSchema.assertValid(JSON.writeValueAsString(run)).path("seeds").get(0);
    }

    @Test
    void discoveryFactsAreReportedInTheirOrderAndMatchTheSchema() throws Exception {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("list", "enrtree");
        facts.put("seq", 7L);
        facts.put("recordsFetched", 12);
        facts.put("nodesFound", 3);
        facts.put("invalid", Map.of("hash-mismatch", 1));
        facts.put("truncated", "deadline");
        Resolution resolution = new Resolution(SEED, List.of(), Optional.of("no node record to contact"), 0, facts);
        JsonNode seed = seedJson(resolution);
        JsonNode discovery = seed.path("discovery");
        assertEquals(List.of("list", "seq", "recordsFetched", "nodesFound", "invalid", "truncated"),
                java.util.stream.StreamSupport.stream(((Iterable<String>) discovery::fieldNames).spliterator(), false)
                        .toList());
        assertEquals(7, discovery.path("seq").asInt());
        assertEquals(1, discovery.path("invalid").path("hash-mismatch").asInt());
    }

    @Test
    void addressRecordsHaveNoDiscoveryKey() throws Exception {
        JsonNode seed = seedJson(Resolution.failed(SEED, "NXDOMAIN"));
        assertFalse(seed.has("discovery"));
    }
}
