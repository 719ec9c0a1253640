package org.nodehandshake.monero;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Monero's {@code basic_node_data} (src/p2p/p2p_protocol_defs.h): who the sender is.
 *
 * @param networkId 16 bytes
 * @param peerId a random id per node; a node that sees its own id knows it dialed itself
 * @param myPort the P2P port the sender listens on; 0 asks the receiver not to connect back
 * @param rpcPort optional (not written when absent, as monerod omits a zero)
 * @param supportFlags optional; 1 = fluffy blocks
 */
public record NodeData(byte[] networkId, long peerId, long myPort, OptionalInt rpcPort, OptionalLong supportFlags) {

    public static final int NETWORK_ID_SIZE = 16;

    public NodeData {
        networkId = networkId.clone();
        if (networkId.length != NETWORK_ID_SIZE) {
            throw new IllegalArgumentException("network id must be 16 bytes: " + networkId.length);
        }
        Objects.requireNonNull(rpcPort, "rpcPort");
        Objects.requireNonNull(supportFlags, "supportFlags");
    }

    @Override
    public byte[] networkId() {
        return networkId.clone();
    }

    public String networkIdHex() {
        return HexFormat.of().formatHex(networkId);
    }

    /** The peer id as monerod prints it (16 hex digits). */
    public String peerIdHex() {
        return String.format("%016x", peerId);
    }

    static NodeData read(Section in, String path) throws MalformedStorageException {
        OptionalLong rpc = Fields.optionalUnsigned(in, "rpc_port", 16, path);
        return new NodeData(
                Fields.blob(in, "network_id", NETWORK_ID_SIZE, path),
                Fields.unsigned(in, "peer_id", 64, path),
                Fields.optionalUnsigned(in, "my_port", 32, path).orElse(0),
                rpc.isPresent() ? OptionalInt.of((int) rpc.getAsLong()) : OptionalInt.empty(),
                Fields.optionalUnsigned(in, "support_flags", 32, path));
    }

    /** Field types as monerod writes them: the id as a blob, uint64 peer id, uint32 port, uint16 RPC port. */
    Section toSection() {
        Section.Builder out = Section.builder()
                .putString("network_id", networkId)
                .putUint64("peer_id", peerId)
                .putUint32("my_port", myPort);
        rpcPort.ifPresent(port -> out.putUint16("rpc_port", port));
        supportFlags.ifPresent(flags -> out.putUint32("support_flags", flags));
        return out.build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeData n && Arrays.equals(n.networkId, networkId) && n.peerId == peerId
                && n.myPort == myPort && n.rpcPort.equals(rpcPort) && n.supportFlags.equals(supportFlags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(networkId), peerId, myPort, rpcPort, supportFlags);
    }

    @Override
    public String toString() {
        return "NodeData[network " + networkIdHex() + ", peer " + peerIdHex() + ", port " + myPort + "]";
    }
}
