package org.nodehandshake.libp2p;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.nodehandshake.protocol.PeerInfo;

/**
 * What a libp2p node told us: who it proved to be in the Noise handshake, the stream muxer agreed on,
 * and its Identify when one came. Built once the peer is authenticated and replaced as the rest arrives.
 *
 * @param peerId the peer id its identity key gives (base58btc), which the handshake verified
 * @param keyType its identity key's type: ed25519, secp256k1, ecdsa or rsa
 * @param muxer the stream muxer negotiated ({@code /yamux/1.0.0}, {@code /mplex/6.7.0}), once agreed
 * @param identify its Identify, once read
 * @param missingProtocols protocols the network expects that its Identify does not list
 */
public record Libp2pPeer(String peerId, String keyType, Optional<String> muxer, Optional<Identified> identify,
                         List<String> missingProtocols) implements PeerInfo {

    /** The seed-health tallies libp2p peers count under. */
    static final List<String> TALLIES = List.of("agents", "protocols", "keyTypes", "muxers");

    /** An Identify as the report shows it: addresses in multiaddr text (or hex when we cannot read them). */
    public record Identified(String protocolVersion, String agentVersion, List<String> protocols,
                             List<String> listenAddrs, Optional<String> observedAddr, boolean signedPeerRecord) {
        public Identified {
            Objects.requireNonNull(protocolVersion, "protocolVersion");
            Objects.requireNonNull(agentVersion, "agentVersion");
            protocols = List.copyOf(protocols);
            listenAddrs = List.copyOf(listenAddrs);
            Objects.requireNonNull(observedAddr, "observedAddr");
        }
    }

    public Libp2pPeer {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(muxer, "muxer");
        Objects.requireNonNull(identify, "identify");
        missingProtocols = List.copyOf(missingProtocols);
    }

    static Libp2pPeer authenticated(String peerId, String keyType) {
        return new Libp2pPeer(peerId, keyType, Optional.empty(), Optional.empty(), List.of());
    }

    Libp2pPeer withMuxer(String protocol) {
        return new Libp2pPeer(peerId, keyType, Optional.of(protocol), identify, missingProtocols);
    }

    Libp2pPeer withIdentify(Identified id, List<String> expected) {
        List<String> missing = expected.stream().filter(p -> !id.protocols().contains(p)).toList();
        return new Libp2pPeer(peerId, keyType, muxer, Optional.of(id), missing);
    }

    /** libp2p has no chain, so no height. */
    @Override
    public OptionalLong height() {
        return OptionalLong.empty();
    }

    @Override
    public Report report(List<String> messages) {
        Identified id = identify.orElse(null);
        return new Report(peerId, keyType, muxer.orElse(null),
                id == null ? null : id.agentVersion(),
                id == null ? null : id.protocolVersion(),
                id == null ? null : id.protocols(),
                id == null ? null : id.listenAddrs(),
                id == null ? null : id.observedAddr().orElse(null),
                id == null ? null : id.signedPeerRecord(),
                id == null || missingProtocols.isEmpty() ? null : missingProtocols,
                List.copyOf(messages));
    }

    @Override
    public Map<String, List<String>> tallies() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("keyTypes", List.of(keyType));
        muxer.ifPresent(m -> t.put("muxers", List.of(m)));
        identify.ifPresent(id -> {
            t.put("agents", List.of(agentName(id.agentVersion())));
            t.put("protocols", id.protocols().stream().distinct().toList());
        });
        return t;
    }

    /**
     * An agent's name and version, without build details: {@code kubo/0.29.0/3f0947b} counts as
     * {@code kubo/0.29.0}, {@code js-libp2p/3.3.11 node/22.23.5} as {@code js-libp2p/3.3.11}.
     */
    static String agentName(String agentVersion) {
        String first = agentVersion.strip().split("\\s+", 2)[0];
        if (first.isEmpty()) {
            return "(empty)";
        }
        String[] parts = first.split("/", 3);
        return parts.length < 2 ? parts[0] : parts[0] + "/" + parts[1];
    }

    /**
     * The report's {@code peer} for a libp2p node; Identify's fields are null until one was read.
     *
     * @param observedAddr how the node sees us
     * @param messages what arrived, in order ("noise handshake", "identify", ...)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(
            String peerId,
            String keyType,
            String muxer,
            String agentVersion,
            String protocolVersion,
            List<String> protocols,
            List<String> listenAddrs,
            String observedAddr,
            Boolean signedPeerRecord,
            List<String> missingProtocols,
            List<String> messages) {
    }
}
