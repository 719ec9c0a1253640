package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.DnsAnswer;
import org.nodehandshake.dns.DnsQuality;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.testing.ReportSchema;

/** The seed's DNS figures reach its report as {@code dns} and {@code ipv4Only}, matching the schema. */
class SeedReportDnsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Seed SEED = new Seed("seed.test", 8333, BitcoinNetwork.BITCOIN);

    private static JsonNode seedJson(Resolution resolution) throws Exception {
        RunReport run = RunReport.of(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), List.of(SeedReport.unresolved(resolution)),
                HealthThresholds.DEFAULTS, ProtocolRegistry.builtIn().healthTallies());
        return ReportSchema.assertValid(JSON.writeValueAsString(run)).path("seeds").get(0);
    }

    private static DnsAnswer answer(String rcode, int records, long ttlMin, long ttlMax, boolean truncated,
                                    boolean validated) {
        return new DnsAnswer(rcode, 12, records, records > 0 ? OptionalLong.of(ttlMin) : OptionalLong.empty(),
                records > 0 ? OptionalLong.of(ttlMax) : OptionalLong.empty(), truncated, truncated, Optional.empty(),
                Optional.of(validated));
    }

    private static Resolution resolved(Map<String, DnsQuality> dns) throws Exception {
        HandshakeTarget target = new HandshakeTarget("seed.test", InetAddress.getByName("1.1.1.1"), 8333,
                BitcoinNetwork.BITCOIN, true);
        return new Resolution(SEED, List.of(target), Optional.empty(), 0).withDns(dns);
    }

    private static List<String> keys(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList();
    }

    @Test
    void everyFigureOfEveryTypeIsReported() throws Exception {
        Map<String, DnsQuality> dns = new LinkedHashMap<>();
        dns.put("A", DnsQuality.of(List.of(answer("NOERROR", 300, 60, 3600, true, true))));
        dns.put("AAAA", DnsQuality.of(List.of(DnsAnswer.unanswered("timeout", 5000))));
        JsonNode seed = seedJson(resolved(dns));
        JsonNode a = seed.path("dns").path("A");
        assertEquals(List.of("rcode", "millis", "records", "ttlMin", "ttlMax", "truncated", "tcpRetry", "dnssec"),
                keys(a));
        assertEquals("NOERROR", a.path("rcode").asText());
        assertEquals(300, a.path("records").asInt());
        assertEquals(60, a.path("ttlMin").asInt());
        assertEquals(3600, a.path("ttlMax").asInt());
        assertTrue(a.path("truncated").asBoolean());
        assertTrue(a.path("tcpRetry").asBoolean());
        assertEquals("validated", a.path("dnssec").asText());
        JsonNode aaaa = seed.path("dns").path("AAAA");
        assertEquals("timeout", aaaa.path("rcode").asText());
        assertEquals(5000, aaaa.path("millis").asInt());
        assertFalse(aaaa.has("ttlMin"));
        assertFalse(aaaa.has("dnssec"));
        assertFalse(seed.has("ipv4Only"), "AAAA failed: not known to be IPv4 only");
        assertTrue(seed.path("error").isNull(), "the seed resolved; its error stays null");
    }

    @Test
    void anIpv4OnlySeedIsNoted() throws Exception {
        Map<String, DnsQuality> dns = new LinkedHashMap<>();
        dns.put("A", DnsQuality.of(List.of(answer("NOERROR", 1, 60, 60, false, false))));
        dns.put("AAAA", DnsQuality.of(List.of(answer("NOERROR", 0, 0, 0, false, false))));
        JsonNode seed = seedJson(resolved(dns));
        assertTrue(seed.path("ipv4Only").asBoolean());
        assertEquals("unsigned", seed.path("dns").path("AAAA").path("dnssec").asText());
    }

    @Test
    void severalQuestionsOfATypeAreCountedByCode() throws Exception {
        Map<String, DnsQuality> dns = Map.of("TXT", DnsQuality.of(List.of(answer("NOERROR", 1, 30, 30, false, false),
                answer("NOERROR", 2, 600, 600, false, false), answer("SERVFAIL", 0, 0, 0, false, false))));
        JsonNode txt = seedJson(Resolution.failed(SEED, "nothing").withDns(dns)).path("dns").path("TXT");
        assertEquals(3, txt.path("lookups").asInt());
        assertEquals(2, txt.path("rcodes").path("NOERROR").asInt());
        assertEquals(1, txt.path("rcodes").path("SERVFAIL").asInt());
        assertEquals(3, txt.path("records").asInt());
    }

    @Test
    void noQuestionNoDnsKey() throws Exception {
        JsonNode seed = seedJson(Resolution.failed(SEED, "not a valid DNS name"));
        assertFalse(seed.has("dns"));
        assertFalse(seed.has("ipv4Only"));
    }
}
