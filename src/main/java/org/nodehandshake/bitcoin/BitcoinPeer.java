package org.nodehandshake.bitcoin;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
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
 */
public record BitcoinPeer(int protocolVersion, String userAgent, long services, long startHeight, boolean relay)
        implements PeerInfo {

    /** The seed-health tallies Bitcoin-family peers count under. */
    static final List<String> TALLIES = List.of("userAgents", "protocolVersions", "services");

    @Override
    public OptionalLong height() {
        return OptionalLong.of(startHeight);
    }

    @Override
    public Report report(List<String> messages) {
        return new Report(protocolVersion, userAgent, new BigInteger(Long.toUnsignedString(services)),
                serviceNames(services), startHeight, relay, List.copyOf(messages));
    }

    @Override
    public Map<String, List<String>> tallies() {
        return Map.of("userAgents", List.of(userAgent),
                "protocolVersions", List.of(Integer.toString(protocolVersion)),
                "services", serviceNames(services));
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
