package org.nodehandshake.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.nodehandshake.protocol.MoneroPeer;
import org.nodehandshake.protocol.Network;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.protocol.PeerVersion;

/** What the peer told us about itself: one shape per protocol family, as the schema's {@code peer}. */
public sealed interface PeerReport permits PeerReport.Bitcoin, PeerReport.Monero {

    /** The height the peer claims, for the seed's health figures. */
    @JsonIgnore
    long height();

    /** The messages received, in order. */
    List<String> messages();

    static PeerReport of(PeerInfo info, List<String> messages) {
        // Java 17 has no pattern switch; PeerInfo is sealed, so these two cases are all there are.
        if (info instanceof PeerVersion version) {
            return Bitcoin.of(version, messages);
        }
        return Monero.of((MoneroPeer) info, messages);
    }

    /**
     * What a Bitcoin-family peer said in its version.
     *
     * @param services the service bits as an unsigned number
     * @param serviceNames the bits we know by name (NODE_NETWORK, ...), lowest bit first
     * @param messages the commands received, in order
     */
    record Bitcoin(
            int protocolVersion,
            String userAgent,
            BigInteger services,
            List<String> serviceNames,
            long startHeight,
            boolean relay,
            List<String> messages) implements PeerReport {

        public static Bitcoin of(PeerVersion version, List<String> messages) {
            return new Bitcoin(version.protocolVersion(), version.userAgent(),
                    new BigInteger(Long.toUnsignedString(version.services())), PeerReport.serviceNames(version.services()),
                    version.startHeight(), version.relay(), List.copyOf(messages));
        }

        @Override
        public long height() {
            return startHeight;
        }
    }

    /**
     * What a Monero node said in its handshake (basic_node_data and CORE_SYNC_DATA).
     *
     * @param network the presets whose network id this is (e.g. "monero, monero-regtest"); empty if none
     * @param rpcPort null when the node did not advertise one
     * @param supportFlags null when the node did not send them
     * @param peerlistSize null for a handshake request (only responses carry a peer list)
     * @param messages the Levin commands received, in order, e.g. "handshake response"
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Monero(
            String networkId,
            String network,
            String peerId,
            long myPort,
            Integer rpcPort,
            Long supportFlags,
            long currentHeight,
            BigInteger cumulativeDifficulty,
            String topId,
            int topVersion,
            long pruningSeed,
            Integer peerlistSize,
            List<String> messages) implements PeerReport {

        public static Monero of(MoneroPeer peer, List<String> messages) {
            return new Monero(peer.networkId(), Network.namesWithMagic(HexFormat.of().parseHex(peer.networkId())),
                    peer.peerId(), peer.myPort(),
                    peer.rpcPort().isPresent() ? peer.rpcPort().getAsInt() : null,
                    peer.supportFlags().isPresent() ? peer.supportFlags().getAsLong() : null,
                    peer.currentHeight(), peer.cumulativeDifficulty(), peer.topId(), peer.topVersion(),
                    peer.pruningSeed(),
                    peer.peerlistSize().isPresent() ? peer.peerlistSize().getAsInt() : null,
                    List.copyOf(messages));
        }

        @Override
        public long height() {
            return currentHeight;
        }
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
