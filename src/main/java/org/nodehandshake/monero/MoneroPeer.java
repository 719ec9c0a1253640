package org.nodehandshake.monero;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.nodehandshake.protocol.PeerInfo;

/**
 * What a Monero node told us in its COMMAND_HANDSHAKE: its basic_node_data and its CORE_SYNC_DATA.
 *
 * @param networkId the 16-byte network id, hex
 * @param peerId the node's random peer id, 16 hex digits as monerod's {@code get_connections} prints it
 * @param myPort the P2P port the node says it listens on (0: none)
 * @param rpcPort the RPC port it advertises, when it sent one
 * @param supportFlags its support flags (1: fluffy blocks), when it sent them
 * @param currentHeight the height of its chain (blocks, genesis included)
 * @param cumulativeDifficulty 128-bit cumulative difficulty (top64 << 64 | low 64)
 * @param topId the hash of its top block, hex
 * @param topVersion the major version of its top block
 * @param pruningSeed 0 when unpruned
 * @param peerlistSize entries in the peer list it sent (only a handshake response carries one)
 */
public record MoneroPeer(
        String networkId,
        String peerId,
        long myPort,
        OptionalInt rpcPort,
        OptionalLong supportFlags,
        long currentHeight,
        BigInteger cumulativeDifficulty,
        String topId,
        int topVersion,
        long pruningSeed,
        OptionalInt peerlistSize) implements PeerInfo {

    public MoneroPeer {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(rpcPort, "rpcPort");
        Objects.requireNonNull(supportFlags, "supportFlags");
        Objects.requireNonNull(cumulativeDifficulty, "cumulativeDifficulty");
        Objects.requireNonNull(topId, "topId");
        Objects.requireNonNull(peerlistSize, "peerlistSize");
    }

    /** The seed-health tally Monero peers count under: the hard fork each follows. */
    static final List<String> TALLIES = List.of("topVersions");

    @Override
    public OptionalLong height() {
        return OptionalLong.of(currentHeight);
    }

    @Override
    public Report report(List<String> messages) {
        return new Report(networkId, MoneroNetwork.namesWithNetworkId(HexFormat.of().parseHex(networkId)),
                peerId, myPort,
                rpcPort.isPresent() ? rpcPort.getAsInt() : null,
                supportFlags.isPresent() ? supportFlags.getAsLong() : null,
                currentHeight, cumulativeDifficulty, topId, topVersion, pruningSeed,
                peerlistSize.isPresent() ? peerlistSize.getAsInt() : null,
                List.copyOf(messages));
    }

    /** A node on an older top-block version than the rest has not followed the network's upgrade. */
    @Override
    public Map<String, List<String>> tallies() {
        return Map.of("topVersions", List.of(Integer.toString(topVersion)));
    }

    /**
     * The report's {@code peer} for a Monero node (the schema's {@code moneroPeer}): its basic_node_data
     * and CORE_SYNC_DATA.
     *
     * @param network the presets whose network id this is (e.g. "monero, monero-regtest"); empty if none
     * @param rpcPort null when the node did not advertise one
     * @param supportFlags null when the node did not send them
     * @param peerlistSize null for a handshake request (only responses carry a peer list)
     * @param messages the Levin commands received, in order, e.g. "handshake response"
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(
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
            List<String> messages) {
    }
}
