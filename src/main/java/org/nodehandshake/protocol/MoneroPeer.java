package org.nodehandshake.protocol;

import java.math.BigInteger;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

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

    @Override
    public long height() {
        return currentHeight;
    }
}
