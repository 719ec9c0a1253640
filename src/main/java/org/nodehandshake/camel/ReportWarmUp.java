package org.nodehandshake.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.SeedReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays the report path's first-use costs while a one-shot run's first handshakes are under way, on a thread of
 * its own: Jackson's serializers for the report's types, kept in the mapper the route's marshal uses
 * ({@code reportJson}), and the page's code. It builds, with the route's own steps, a report of the run's seeds,
 * each with one address that timed out (TEST-NET-1, never contacted), and writes it nowhere. About 0.1 s of a
 * one-shot check (BENCHMARKS.md). The mapper is complete when it is bound (camel/HandshakeBeans): Camel's data format
 * changes nothing in it.
 */
public final class ReportWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWarmUp.class);

    private final ReportSteps steps;
    private final ObjectMapper json;

    public ReportWarmUp(ReportSteps steps, ObjectMapper json) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Runs {@link #warmUp} on a daemon thread and returns at once. */
    public void startInBackground(List<Seed> seeds) {
        BackgroundThread.named("report-warm-up").execute(() -> warmUp(seeds));
    }

    /** The sample report built, serialized and rendered; a failure is only logged (the run's report pays instead). */
    void warmUp(List<Seed> seeds) {
        try {
            InetAddress nowhere = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
            List<SeedReport> reports = seeds.stream().map(seed -> {
                HandshakeTarget target = new HandshakeTarget(seed.label(), nowhere, seed.port(), seed.network(), false);
                return steps.seedReport(new Resolution(seed, List.of(target), Optional.empty(), 0),
                        List.of(HandshakeResult.notContacted(target, ReasonCode.TIMEOUT, "warm-up")));
            }).toList();
            RunReport report = steps.runReport(steps.now(), reports);
            json.writeValue(OutputStream.nullOutputStream(), report);
            steps.page(report);
        } catch (IOException | RuntimeException e) {
            LOG.debug("report warm-up failed (the run's own report pays instead): {}", e.toString());
        }
    }
}
