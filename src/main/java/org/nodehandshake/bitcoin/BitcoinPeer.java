package org.nodehandshake.bitcoin;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.nodehandshake.protocol.PeerInfo;

/**
 * What a Bitcoin-family peer told us about itself in its version message.
 *
 * @param protocolVersion the highest protocol version the peer speaks
 * @param userAgent the peer's self-description (Bitcoin's subver), already length-checked
 * @param services the service bits the peer advertises
 * @param startHeight the best block height the peer claims
 * @param relay whether the peer wants transactions relayed to it
 * @param transport the transport its version came over ({@code v2}, {@code v1}); empty when not known
 * @param v2Refused with {@code --transport auto}: whether it refused v2 first; empty otherwise
 */
public record BitcoinPeer(int protocolVersion, String userAgent, long services, long startHeight, boolean relay,
                          Optional<String> transport, Optional<Boolean> v2Refused)
        implements PeerInfo {

    /** The seed-health tallies Bitcoin-family peers count under. */
    static final List<String> TALLIES = List.of("userAgents", "protocolVersions", "services", "transports");

    /** A peer whose transport is not known (read from a version alone). */
    public BitcoinPeer(int protocolVersion, String userAgent, long services, long startHeight, boolean relay) {
        this(protocolVersion, userAgent, services, startHeight, relay, Optional.empty(), Optional.empty());
    }

    /** The same peer, with the transport facts its session recorded. */
    BitcoinPeer spokeOver(Map<String, Object> facts) {
        return new BitcoinPeer(protocolVersion, userAgent, services, startHeight, relay,
                Optional.ofNullable(facts.get(BitcoinProtocol.TRANSPORT)).map(Object::toString),
                Optional.ofNullable(facts.get(BitcoinProtocol.V2_REFUSED)).map(v -> (Boolean) v));
    }

    /**
     * Whether a node advertising NODE_P2P_V2 spoke v2 to us; empty when it does not advertise it or v2
     * was not tried (our {@code --transport v1}, or an inbound v1 connection: the peer chose).
     */
    Optional<Boolean> speaksAdvertisedV2() {
        boolean triedV2 = transport.equals(Optional.of("v2")) || v2Refused.orElse(false);
        if ((services & BitcoinProtocol.NODE_P2P_V2) == 0 || !triedV2) {
            return Optional.empty();
        }
        return Optional.of(transport.equals(Optional.of("v2")));
    }

    @Override
    public OptionalLong height() {
        return OptionalLong.of(startHeight);
    }

    @Override
    public Report report(List<String> messages) {
        return new Report(protocolVersion, userAgent, new BigInteger(Long.toUnsignedString(services)),
                serviceNames(services), startHeight, relay, List.copyOf(messages));
    }

    /** A node advertising NODE_P2P_V2 that refused v2: {@code p2pV2}. */
    @Override
    public List<String> brokenPromises() {
        return speaksAdvertisedV2().orElse(true) ? List.of() : List.of(BitcoinModule.P2P_V2_CHECK);
    }

    @Override
    public Map<String, List<String>> tallies() {
        return Map.of("userAgents", List.of(userAgent),
                "protocolVersions", List.of(Integer.toString(protocolVersion)),
                "services", serviceNames(services),
                "transports", transport.map(List::of).orElse(List.of()));
    }

    /**
     * The report's {@code peer} for a Bitcoin-family node (the schema's {@code bitcoinPeer}).
     *
     * @param services the service bits as an unsigned number
     * @param serviceNames the bits we know by name (NODE_NETWORK, ...), lowest bit first
     * @param messages the commands received, in order
     */
    public record Report(
            int protocolVersion,
            String userAgent,
            BigInteger services,
            List<String> serviceNames,
            long startHeight,
            boolean relay,
            List<String> messages) {
    }

    /** The service bits by name ({@link ServiceFlag}), unknown bits as BIT_n. */
    static List<String> serviceNames(long services) {
        return ServiceFlag.names(services);
    }
}
