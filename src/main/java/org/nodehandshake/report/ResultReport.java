package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.history.NodeUptime;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.Outcome;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.protocol.ReasonCode;

/**
 * One address's result as the report shows it. Nulls mean "not reached", as the schema documents.
 *
 * @param reason null on success
 * @param reasonCode null on success; otherwise one code of the {@link ReasonCode} vocabulary
 * @param stage the furthest stage reached ({@code none}, {@code connect}, ..., {@code concluded})
 * @param connectMillis null when no TCP connection was made
 * @param handshakeMillis TCP connected to handshake concluded; null unless SUCCESS
 * @param peer null before the peer's hello was accepted; otherwise in its protocol's shape
 * @param filterMismatch on a SUCCESS from a seed asked with a service filter: what the node lacks of the
 *     filter (the missing services by name); absent in the JSON when it lacks nothing
 * @param quality on a SUCCESS: the protocol's node-quality checks by name, then {@code notBehind} (when
 *     the peer claims a height) and {@code good} (all passed); absent when the protocol names no checks
 * @param peerInfo what the peer told us, for the health figures; not part of the JSON
 * @param uptime the node's uptime from the run history, this run included; absent without a history (or
 *     for an address that was not contacted)
 * @param transport the protocol's facts about the connection's transport (which one it spoke, whether
 *     another was refused first), each a key of the result in the JSON; empty when it records none
 */
public record ResultReport(
        String address,
        int port,
        String outcome,
        String reason,
        String reasonCode,
        String stage,
        Long connectMillis,
        Long handshakeMillis,
        Object peer,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> filterMismatch,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Boolean> quality,
        @JsonIgnore Optional<PeerInfo> peerInfo,
        @JsonInclude(JsonInclude.Include.NON_NULL) NodeUptime uptime,
        @JsonIgnore Map<String, Object> transport) {

    /** A result whose protocol recorded nothing about its transport. */
    public ResultReport(String address, int port, String outcome, String reason, String reasonCode, String stage,
                        Long connectMillis, Long handshakeMillis, Object peer, List<String> filterMismatch,
                        Map<String, Boolean> quality, Optional<PeerInfo> peerInfo, NodeUptime uptime) {
        this(address, port, outcome, reason, reasonCode, stage, connectMillis, handshakeMillis, peer, filterMismatch,
                quality, peerInfo, uptime, Map.of());
    }

    /** The transport facts as keys of the result in the JSON ({@code transport}, ...). */
    @JsonAnyGetter
    public Map<String, Object> transportFields() {
        return transport;
    }

    /** The same result with the node's uptime. */
    public ResultReport withUptime(NodeUptime computed) {
        return new ResultReport(address, port, outcome, reason, reasonCode, stage, connectMillis, handshakeMillis, peer,
                filterMismatch, quality, peerInfo, computed, transport);
    }

    /** True when the address was contacted (a non-routable one is listed, never contacted). */
    @JsonIgnore
    public boolean contacted() {
        return !"none".equals(stage);
    }

    public static final String NOT_BEHIND = "notBehind";
    public static final String GOOD = "good";

    public ResultReport {
        filterMismatch = filterMismatch == null ? List.of() : List.copyOf(filterMismatch);
        quality = quality == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(quality));
        transport = transport == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(transport));
    }

    /** A result with nothing judged (no filter, no quality checks) and no history. */
    public ResultReport(String address, int port, String outcome, String reason, String reasonCode, String stage,
                        Long connectMillis, Long handshakeMillis, Object peer, Optional<PeerInfo> peerInfo) {
        this(address, port, outcome, reason, reasonCode, stage, connectMillis, handshakeMillis, peer, List.of(),
                Map.of(), peerInfo, null);
    }

    public static ResultReport of(HandshakeResult result) {
        return of(result, null, PeerJudge.NONE);
    }

    /** The result, a SUCCESS judged against its seed (filter, quality checks) by {@code judge}. */
    public static ResultReport of(HandshakeResult result, Seed seed, PeerJudge judge) {
        List<String> mismatch = List.of();
        Map<String, Boolean> quality = Map.of();
        if (seed != null && result.outcome() instanceof Outcome.Success && result.peer().isPresent()) {
            mismatch = judge.filterMismatch(seed, result.peer().get());
            quality = judge.quality(seed, result.target().address(), result.target().port(), result.peer().get());
        }
        return new ResultReport(
                result.target().address().getHostAddress(),
                result.target().port(),
                result.outcome().label(),
                result.outcome().reason().orElse(null),
                result.outcome().reasonCode().map(ReasonCode::code).orElse(null),
                result.stage().label(),
                result.connectMillis().isPresent() ? result.connectMillis().getAsLong() : null,
                result.handshakeMillis().isPresent() ? result.handshakeMillis().getAsLong() : null,
                result.peer().map(p -> p.report(result.messages())).orElse(null),
                mismatch,
                quality,
                result.peer(),
                null,
                result.transport());
    }

    /**
     * This result with its quality completed against the run: {@code notBehind} when the peer claims a
     * height (at most {@code behindBlocks} below {@code bestHeight}), then {@code good}. Unchanged when
     * the protocol named no checks.
     */
    ResultReport withRunQuality(long bestHeight, int behindBlocks) {
        if (quality.isEmpty() || quality.containsKey(GOOD)) {
            return this;
        }
        Map<String, Boolean> completed = new LinkedHashMap<>(quality);
        peerInfo.ifPresent(p -> p.height().ifPresent(h -> completed.put(NOT_BEHIND, bestHeight - h <= behindBlocks)));
        completed.put(GOOD, !completed.containsValue(false));
        return new ResultReport(address, port, outcome, reason, reasonCode, stage, connectMillis, handshakeMillis,
                peer, filterMismatch, completed, peerInfo, uptime, transport);
    }
}
