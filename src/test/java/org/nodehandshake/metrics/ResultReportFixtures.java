package org.nodehandshake.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.report.ResultReport;

/** Runs for the metrics' tests. */
final class ResultReportFixtures {

    private ResultReportFixtures() {
    }

    /** A run whose one filtered seed has every figure the metrics read. */
    static void recordFullRun(RunMetrics metrics) {
        ResultReport lacking = new ResultReport("10.0.0.1", 9000, "SUCCESS", null, null, "concluded", 1L, 5L, Map.of(),
                List.of("SERVICE_X"), Map.of(), Optional.of(new RunMetricsTest.Peer(100, "/c:1/")), null);
        metrics.record(RunMetricsTest.run(1, RunMetricsTest.seed("a.test", "x9", List.of(lacking,
                RunMetricsTest.failed("10.0.0.2", "timeout")))), null);
    }
}
