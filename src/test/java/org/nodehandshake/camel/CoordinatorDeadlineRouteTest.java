package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodehandshake.distributed.CheckJob;

/** A run whose results are not all in by its deadline: reported then, the missing vantage named. */
class CoordinatorDeadlineRouteTest extends CoordinatorRouteTestSupport {

    @Override
    String resultDeadlineMillis() {
        return "1000";
    }

    @Test
    void atTheDeadlineTheRunIsReportedWithTheMissingVantageNamed() throws Exception {
        List<CheckJob> jobs = publish("a.example@regtest");
        answer(jobs.stream().filter(j -> j.vantage().equals("east")).findFirst().orElseThrow(),
                Map.of("1.1.1.1", "SUCCESS"));

        JsonNode report = reportWritten();
        JsonNode distribution = report.get("distribution");
        assertFalse(distribution.get("complete").asBoolean());
        assertEquals(1, distribution.get("jobsReceived").asInt());
        assertEquals("west", distribution.at("/missing/0/vantage").asText());
        assertEquals("a.example:18444@regtest", distribution.at("/missing/0/seed").asText());
        assertEquals(1, report.get("seeds").size(), "east's seed report; west's is missing, not made up");
        assertEquals("east", report.at("/seeds/0/vantage").asText());
    }
}
