package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodehandshake.distributed.CheckJob;

/** The aggregation: one report per run once every vantage's result is in, each job counted once, disagreement shown. */
class CoordinatorRouteTest extends CoordinatorRouteTestSupport {

    @Override
    String resultDeadlineMillis() {
        return "60000";
    }

    private static CheckJob of(List<CheckJob> jobs, String vantage) {
        return jobs.stream().filter(j -> j.vantage().equals(vantage)).findFirst().orElseThrow();
    }

    @Test
    void oneJobPerSeedAndVantage() throws Exception {
        List<CheckJob> jobs = publish("a.example@regtest", "b.example@regtest");
        assertEquals(4, jobs.size());
        assertEquals(1, jobs.stream().map(CheckJob::runId).distinct().count(), "one run");
        assertEquals(4, jobs.stream().map(CheckJob::jobId).distinct().count(), "one id per job");
        assertEquals(List.of("east", "west", "east", "west"), jobs.stream().map(CheckJob::vantage).toList());
    }

    @Test
    void aRedeliveredResultCountsOnceAndTheReportComesWhenAllAreIn() throws Exception {
        List<CheckJob> jobs = publish("a.example@regtest");
        answer(of(jobs, "east"), Map.of("1.1.1.1", "SUCCESS"));
        answer(of(jobs, "east"), Map.of("1.1.1.1", "SUCCESS")); // redelivered after a rebalance
        assertEquals(0, getMockEndpoint("mock:report-file").getReceivedCounter(), "west is not in yet");
        answer(of(jobs, "west"), Map.of("1.1.1.1", "SUCCESS"));

        JsonNode report = reportWritten();
        JsonNode distribution = report.get("distribution");
        assertTrue(distribution.get("complete").asBoolean());
        assertEquals(2, distribution.get("jobsExpected").asInt());
        assertEquals(2, distribution.get("jobsReceived").asInt());
        assertEquals(1, distribution.get("duplicates").asInt());
        assertEquals(2, report.get("seeds").size(), "one seed report per vantage, none twice");
        assertTrue(distribution.at("/seeds/0/agree").asBoolean(), distribution::toString);
    }

    @Test
    void whereTheVantagesDisagree() throws Exception {
        List<CheckJob> jobs = publish("a.example@regtest");
        Map<String, String> east = new LinkedHashMap<>();
        east.put("1.1.1.1", "SUCCESS");
        east.put("2.2.2.2", "SUCCESS");
        Map<String, String> west = new LinkedHashMap<>();
        west.put("1.1.1.1", "FAILED");
        west.put("3.3.3.3", "FAILED");
        answer(of(jobs, "east"), east);
        answer(of(jobs, "west"), west);

        JsonNode seed = reportWritten().at("/distribution/seeds/0");
        assertEquals("a.example:18444@regtest", seed.get("seed").asText());
        assertFalse(seed.get("agree").asBoolean());
        assertEquals("2.2.2.2", seed.at("/addressesOnlyIn/east/0").asText());
        assertEquals("3.3.3.3", seed.at("/addressesOnlyIn/west/0").asText());
        assertEquals("1.1.1.1", seed.at("/outcomesDiffer/0/address").asText());
        assertEquals("SUCCESS", seed.at("/outcomesDiffer/0/outcomes/east").asText());
        assertEquals("FAILED", seed.at("/outcomesDiffer/0/outcomes/west").asText());
        assertTrue(seed.get("verdictDiffers").asBoolean(), "DEGRADED from east, DOWN from west: " + seed);
        assertEquals("DOWN", seed.at("/vantages/west/verdict").asText());
    }

    @Test
    void aResultThatIsNotValidIsRefusedAndCounted() throws Exception {
        List<CheckJob> jobs = publish("a.example@regtest");
        ResultIntake intake = context.getRegistry().lookupByNameAndType("resultIntake", ResultIntake.class);
        long before = intake.refused();
        template.sendBody("direct:results", "{\"version\":1,\"runId\":\"x\"".getBytes(StandardCharsets.UTF_8));
        template.sendBody("direct:results", new byte[(1 << 20) + 1]);
        assertEquals(before + 2, intake.refused());
        answer(of(jobs, "east"), Map.of("1.1.1.1", "SUCCESS"));
        answer(of(jobs, "west"), Map.of("1.1.1.1", "SUCCESS"));
        assertEquals(before + 2, reportWritten().at("/distribution/resultsRefused").asLong());
    }
}
