package org.nodehandshake.report;

import java.util.List;

/**
 * The responder's part of its running report.
 *
 * @param address the address listened on
 * @param connectionsAccepted connections admitted since start
 * @param connectionsActive connections open now (handshaking or lingering)
 * @param connectionsRejected connections closed at once by a limit, never handshaken
 * @param summary outcomes of every inbound handshake since start
 * @param results the most recent inbound results, oldest first (at most a fixed number)
 * @param resultsDropped older results no longer listed (they still count in the summary)
 */
public record ListenerSection(
        String address,
        int port,
        String network,
        long connectionsAccepted,
        int connectionsActive,
        Rejections connectionsRejected,
        Summary summary,
        List<ResultReport> results,
        long resultsDropped) {

    public ListenerSection {
        results = List.copyOf(results);
    }

    public record Rejections(long tooManyConnections, long tooManyFromAddress) {
    }
}
