package org.nodehandshake.monero;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The P2P commands a handshake involves (src/p2p/p2p_protocol_defs.h), each with its body's wire form
 * as an epee portable-storage section. {@link #frame()} gives the packet to send; {@link #read} parses
 * a received packet whose command and kind it knows.
 */
public sealed interface LevinMessage {

    int HANDSHAKE = 1001;
    int TIMED_SYNC = 1002;
    int PING = 1003;
    int SUPPORT_FLAGS = 1007;

    int command();

    /** True for a request (an invoke that wants a response), false for a response. */
    boolean isRequest();

    Section toSection();

    /** The packet: a request expects a response; a response carries return code 1 (success). */
    default LevinFrame frame() {
        byte[] body = PortableStorage.toBytes(toSection());
        LevinHeader header = isRequest()
                ? LevinHeader.request(command(), body.length, true)
                : LevinHeader.response(command(), body.length, LevinHeader.RETURN_OK);
        return new LevinFrame(header, body);
    }

    /**
     * Parses a handshake, timed-sync, ping or support-flags packet.
     *
     * @throws MalformedStorageException when the body breaks the storage format, its limits, or lacks a field
     * @throws IllegalArgumentException for any other command (the caller decides by command first)
     */
    static LevinMessage read(LevinFrame frame, StorageLimits limits) throws MalformedStorageException {
        Section body = PortableStorage.read(Unpooled.wrappedBuffer(frame.body()), limits);
        boolean request = frame.header().isRequest();
        return switch (frame.command()) {
            case HANDSHAKE -> request
                    ? new HandshakeRequest(nodeData(body), syncData(body))
                    : new HandshakeResponse(nodeData(body), syncData(body), peerlistSize(body));
            case TIMED_SYNC -> request
                    ? new TimedSyncRequest(syncData(body))
                    : new TimedSyncResponse(syncData(body));
            case PING -> request ? new PingRequest() : new PingResponse(
                    new String(body.bytes("status").orElse(new byte[0]), StandardCharsets.US_ASCII),
                    Fields.optionalUnsigned(body, "peer_id", 64, "").orElse(0));
            case SUPPORT_FLAGS -> request ? new SupportFlagsRequest()
                    : new SupportFlagsResponse(Fields.unsigned(body, "support_flags", 32, ""));
            default -> throw new IllegalArgumentException("not a handshake command: " + frame.command());
        };
    }

    private static NodeData nodeData(Section body) throws MalformedStorageException {
        return NodeData.read(Fields.section(body, "node_data", ""), "node_data.");
    }

    private static SyncData syncData(Section body) throws MalformedStorageException {
        return SyncData.read(Fields.section(body, "payload_data", ""), "payload_data.");
    }

    /** A handshake's body either way: node data and chain (a response's peer list is left out: ours is empty). */
    private static Section handshakeBody(NodeData nodeData, SyncData payloadData) {
        return Section.builder()
                .putSection("node_data", nodeData.toSection())
                .putSection("payload_data", payloadData.toSection())
                .build();
    }

    /** The peer list's length; an absent list is an empty one (epee does not write empty arrays). */
    private static int peerlistSize(Section body) throws MalformedStorageException {
        if (body.get("local_peerlist_new").isEmpty()) {
            return 0;
        }
        List<StorageValue> entries = body.array("local_peerlist_new").orElseThrow(
                () -> new MalformedStorageException("'local_peerlist_new' is not an array"));
        return entries.size();
    }

    /** COMMAND_HANDSHAKE request: the initiator's node data and chain. */
    record HandshakeRequest(NodeData nodeData, SyncData payloadData) implements LevinMessage {
        public HandshakeRequest {
            Objects.requireNonNull(nodeData, "nodeData");
            Objects.requireNonNull(payloadData, "payloadData");
        }

        @Override
        public int command() {
            return HANDSHAKE;
        }

        @Override
        public boolean isRequest() {
            return true;
        }

        @Override
        public Section toSection() {
            return handshakeBody(nodeData, payloadData);
        }
    }

    /**
     * COMMAND_HANDSHAKE response: the responder's node data and chain, and its peer list (we send an
     * empty one: we are not a node and vouch for nobody).
     */
    record HandshakeResponse(NodeData nodeData, SyncData payloadData, int peerlistSize) implements LevinMessage {
        public HandshakeResponse {
            Objects.requireNonNull(nodeData, "nodeData");
            Objects.requireNonNull(payloadData, "payloadData");
        }

        @Override
        public int command() {
            return HANDSHAKE;
        }

        @Override
        public boolean isRequest() {
            return false;
        }

        /** Written with an empty peer list whatever {@code peerlistSize} says: we never invent peers. */
        @Override
        public Section toSection() {
            return handshakeBody(nodeData, payloadData);
        }
    }

    record TimedSyncRequest(SyncData payloadData) implements LevinMessage {
        @Override
        public int command() {
            return TIMED_SYNC;
        }

        @Override
        public boolean isRequest() {
            return true;
        }

        @Override
        public Section toSection() {
            return Section.builder().putSection("payload_data", payloadData.toSection()).build();
        }
    }

    /** COMMAND_TIMED_SYNC response: our chain and no peers. */
    record TimedSyncResponse(SyncData payloadData) implements LevinMessage {
        @Override
        public int command() {
            return TIMED_SYNC;
        }

        @Override
        public boolean isRequest() {
            return false;
        }

        @Override
        public Section toSection() {
            return Section.builder().putSection("payload_data", payloadData.toSection()).build();
        }
    }

    record PingRequest() implements LevinMessage {
        @Override
        public int command() {
            return PING;
        }

        @Override
        public boolean isRequest() {
            return true;
        }

        @Override
        public Section toSection() {
            return Section.EMPTY;
        }
    }

    /** COMMAND_PING response: "OK" and the responder's peer id. */
    record PingResponse(String status, long peerId) implements LevinMessage {
        @Override
        public int command() {
            return PING;
        }

        @Override
        public boolean isRequest() {
            return false;
        }

        @Override
        public Section toSection() {
            return Section.builder()
                    .putString("status", status.getBytes(StandardCharsets.US_ASCII))
                    .putUint64("peer_id", peerId)
                    .build();
        }
    }

    record SupportFlagsRequest() implements LevinMessage {
        @Override
        public int command() {
            return SUPPORT_FLAGS;
        }

        @Override
        public boolean isRequest() {
            return true;
        }

        @Override
        public Section toSection() {
            return Section.EMPTY;
        }
    }

    record SupportFlagsResponse(long supportFlags) implements LevinMessage {
        @Override
        public int command() {
            return SUPPORT_FLAGS;
        }

        @Override
        public boolean isRequest() {
            return false;
        }

        @Override
        public Section toSection() {
            return Section.builder().putUint32("support_flags", supportFlags).build();
        }
    }
}
