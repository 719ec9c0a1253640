package org.nodehandshake.report;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nodehandshake.protocol.PeerVersion;

/**
 * What the peer told us in its version.
 *
 * @param services the service bits as an unsigned number
 * @param serviceNames the bits we know by name (NODE_NETWORK, ...), lowest bit first
 * @param messages the commands received, in order
 */
public record PeerReport(
        int protocolVersion,
        String userAgent,
        BigInteger services,
        List<String> serviceNames,
        long startHeight,
        boolean relay,
        List<String> messages) {

    public static PeerReport of(PeerVersion version, List<String> messages) {
        return new PeerReport(version.protocolVersion(), version.userAgent(),
                new BigInteger(Long.toUnsignedString(version.services())), serviceNames(version.services()),
                version.startHeight(), version.relay(), List.copyOf(messages));
    }

    /** Service bits named in Bitcoin Core's protocol.h and Litecoin's; unknown bits as BIT_n. */
    static List<String> serviceNames(long services) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((services & (1L << bit)) != 0) {
                names.add(switch (bit) {
                    case 0 -> "NODE_NETWORK";
                    case 1 -> "NODE_GETUTXO";
                    case 2 -> "NODE_BLOOM";
                    case 3 -> "NODE_WITNESS";
                    case 6 -> "NODE_COMPACT_FILTERS";
                    case 10 -> "NODE_NETWORK_LIMITED";
                    case 11 -> "NODE_P2P_V2";
                    case 23 -> "NODE_MWEB_LIGHT_CLIENT";
                    case 24 -> "NODE_MWEB";
                    default -> "BIT_" + bit;
                });
            }
        }
        return names;
    }
}
