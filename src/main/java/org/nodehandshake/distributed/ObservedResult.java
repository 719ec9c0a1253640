package org.nodehandshake.distributed;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.report.ResultReport;

/**
 * One address's result on its way to the aggregator: the report's fields, and what the health figures need of
 * the peer ({@code height}, {@code tallies}), which the report itself does not show.
 *
 * @param peer the peer in its protocol's shape, as the report shows it; null before the peer's hello was accepted
 * @param height the height the peer claims; null when it claims none
 * @param tallies what the peer counts under in its seed's health tallies
 */
public record ObservedResult(
        String address,
        int port,
        String outcome,
        String reason,
        String reasonCode,
        String stage,
        Long connectMillis,
        Long handshakeMillis,
        Object peer,
        List<String> filterMismatch,
        Map<String, Boolean> quality,
        Long height,
        Map<String, List<String>> tallies) {

    public ObservedResult {
        filterMismatch = filterMismatch == null ? List.of() : List.copyOf(filterMismatch);
        quality = quality == null ? Map.of() : quality;
        tallies = tallies == null ? Map.of() : tallies;
    }

    public static ObservedResult of(ResultReport r) {
        Optional<PeerInfo> info = r.peerInfo();
        Long height = info.flatMap(p -> p.height().isPresent() ? Optional.of(p.height().getAsLong()) : Optional.empty())
                .orElse(null);
        return new ObservedResult(r.address(), r.port(), r.outcome(), r.reason(), r.reasonCode(), r.stage(),
                r.connectMillis(), r.handshakeMillis(), r.peer(), r.filterMismatch(), r.quality(), height,
                info.map(PeerInfo::tallies).orElse(Map.of()));
    }

    /** The result as the report shows it, its peer standing for the protocol's own (height, tallies, shape). */
    public ResultReport toResultReport() {
        Optional<PeerInfo> info = peer == null ? Optional.empty() : Optional.of(new ObservedPeer(height, tallies, peer));
        return new ResultReport(address, port, outcome, reason, reasonCode, stage, connectMillis, handshakeMillis, peer,
                filterMismatch, quality, info, null);
    }
}
