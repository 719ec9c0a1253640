package org.nodehandshake.camel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.metrics.ListenerMetrics;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.Responder;
import org.nodehandshake.report.ListenerSection;
import org.nodehandshake.report.ResultReport;
import org.nodehandshake.report.RunReport;
import org.nodehandshake.report.Summary;

/**
 * Keeps the responder's running report: every inbound outcome counts, the most recent ones are listed.
 * Memory stays bounded however many peers connect.
 */
public final class ListenerRecorder {

    private final Responder responder;
    private final HostAndPort listen;
    private final Clock clock;
    private final Instant startedAt;
    private final int keep;
    private final Deque<ResultReport> recent = new ArrayDeque<>();
    private final Optional<ListenerMetrics> metrics;
    private long dropped;
    private int success;
    private int partial;
    private int failed;

    public ListenerRecorder(Responder responder, HostAndPort listen, Clock clock, int keep) {
        this(responder, listen, clock, keep, Optional.empty());
    }

    /** @param metrics counts every inbound outcome for the metrics endpoint too */
    public ListenerRecorder(Responder responder, HostAndPort listen, Clock clock, int keep,
                            Optional<ListenerMetrics> metrics) {
        this.metrics = metrics;
        this.responder = responder;
        this.listen = listen;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.keep = keep;
    }

    /** Route step: one inbound handshake's result. */
    public synchronized void record(@Body HandshakeResult result) {
        Outcome outcome = result.outcome();
        if (outcome instanceof Outcome.Success) {
            success++;
        } else if (outcome instanceof Outcome.Partial) {
            partial++;
        } else {
            failed++;
        }
        metrics.ifPresent(m -> m.record(result));
        recent.addLast(ResultReport.of(result));
        if (recent.size() > keep) {
            recent.removeFirst();
            dropped++;
        }
    }

    /** Route step: the running report as of now. */
    public synchronized RunReport snapshot() {
        Responder.Counters counters = responder.counters();
        ListenerSection section = new ListenerSection(listen.host(), listen.port(), responder.network().id(),
                counters.accepted(), counters.active(),
                new ListenerSection.Rejections(counters.rejectedTooManyConnections(), counters.rejectedTooManyFromAddress()),
                new Summary(success, partial, failed), List.copyOf(recent), dropped);
        return RunReport.ofListener(startedAt, clock.instant(), section);
    }
}
