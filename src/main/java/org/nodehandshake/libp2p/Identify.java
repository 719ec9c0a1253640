package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

/**
 * The identify message (libp2p/specs identify, {@code /ipfs/id/1.0.0}): what a peer says of itself. On its
 * stream it is one varint-length-prefixed protobuf. Absent strings read as "", an absent key as no bytes.
 * The signed peer record (field 8, not in the spec's proto but sent by js and go) is kept as bytes, unchecked.
 */
public record Identify(String protocolVersion, String agentVersion, byte[] publicKey, List<byte[]> listenAddrs,
                       List<String> protocols, Optional<byte[]> observedAddr, Optional<byte[]> signedPeerRecord) {

    public static final String PROTOCOL = "/ipfs/id/1.0.0";

    /** Largest message read or written (js-libp2p identify's own cap). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024;
    public static final int MAX_LISTEN_ADDRS = 64;
    public static final int MAX_PROTOCOLS = 256;
    /** Each string, and each multiaddr. */
    public static final int MAX_STRING_BYTES = 1024;
    /** Fields in one message: every list full and each single field repeated a few times. */
    public static final int MAX_FIELDS = MAX_LISTEN_ADDRS + MAX_PROTOCOLS + 32;

    static final int PUBLIC_KEY = 1;
    static final int LISTEN_ADDRS = 2;
    static final int PROTOCOLS = 3;
    static final int OBSERVED_ADDR = 4;
    static final int PROTOCOL_VERSION = 5;
    static final int AGENT_VERSION = 6;
    static final int SIGNED_PEER_RECORD = 8;

    public Identify {
        publicKey = publicKey.clone();
        listenAddrs = listenAddrs.stream().map(byte[]::clone).toList();
        protocols = List.copyOf(protocols);
        observedAddr = observedAddr.map(byte[]::clone);
        signedPeerRecord = signedPeerRecord.map(byte[]::clone);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public List<byte[]> listenAddrs() {
        return listenAddrs.stream().map(byte[]::clone).toList();
    }

    @Override
    public Optional<byte[]> observedAddr() {
        return observedAddr.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> signedPeerRecord() {
        return signedPeerRecord.map(byte[]::clone);
    }

    public boolean hasSignedPeerRecord() {
        return signedPeerRecord.isPresent();
    }

    /**
     * Reads a whole message.
     *
     * @throws Violation OVERSIZED over {@link #MAX_MESSAGE_BYTES}
     * @throws MalformedMessageException for a bad protobuf, a wrong wire type, non-UTF-8 text, or a list or
     *         string over its limit
     */
    public static Identify read(byte[] message) throws MalformedMessageException, Violation {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new Violation(Violation.Kind.OVERSIZED,
                    "identify message of " + message.length + " bytes, more than " + MAX_MESSAGE_BYTES);
        }
        Protobuf.Message m = Protobuf.read(message, MAX_FIELDS);
        List<byte[]> addrs = m.repeated(LISTEN_ADDRS);
        if (addrs.size() > MAX_LISTEN_ADDRS) {
            throw new MalformedMessageException("identify lists " + addrs.size() + " addresses, more than " + MAX_LISTEN_ADDRS);
        }
        for (byte[] a : addrs) {
            bounded(a, "listen address");
        }
        List<byte[]> protocolBytes = m.repeated(PROTOCOLS);
        if (protocolBytes.size() > MAX_PROTOCOLS) {
            throw new MalformedMessageException("identify lists " + protocolBytes.size() + " protocols, more than " + MAX_PROTOCOLS);
        }
        List<String> protocols = new ArrayList<>();
        for (byte[] p : protocolBytes) {
            protocols.add(text(p, "protocol"));
        }
        Optional<byte[]> observed = m.bytes(OBSERVED_ADDR);
        if (observed.isPresent()) {
            bounded(observed.get(), "observed address");
        }
        return new Identify(
                text(m.bytes(PROTOCOL_VERSION).orElse(new byte[0]), "protocolVersion"),
                text(m.bytes(AGENT_VERSION).orElse(new byte[0]), "agentVersion"),
                m.bytes(PUBLIC_KEY).orElse(new byte[0]), // bounded by the message; its own reader checks it
                addrs, protocols, observed, m.bytes(SIGNED_PEER_RECORD));
    }

    /** The protobuf, fields in number order, empty strings and keys left out. */
    public byte[] write() {
        Protobuf.Writer w = Protobuf.writer();
        if (publicKey.length > 0) {
            w.bytes(PUBLIC_KEY, publicKey);
        }
        listenAddrs.forEach(a -> w.bytes(LISTEN_ADDRS, a));
        protocols.forEach(p -> w.string(PROTOCOLS, p));
        observedAddr.ifPresent(a -> w.bytes(OBSERVED_ADDR, a));
        if (!protocolVersion.isEmpty()) {
            w.string(PROTOCOL_VERSION, protocolVersion);
        }
        if (!agentVersion.isEmpty()) {
            w.string(AGENT_VERSION, agentVersion);
        }
        signedPeerRecord.ifPresent(r -> w.bytes(SIGNED_PEER_RECORD, r));
        byte[] message = w.toByteArray();
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new IllegalStateException("our identify message exceeds " + MAX_MESSAGE_BYTES + " bytes");
        }
        return message;
    }

    /** The stream form: varint length, then the message. */
    public byte[] writeDelimited() {
        byte[] message = write();
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 2);
        Varint.write(message.length, out);
        out.writeBytes(message);
        return out.toByteArray();
    }

    /**
     * Reads the stream form at the reader index, or returns empty and moves nothing while it is incomplete.
     * A declared length over {@link #MAX_MESSAGE_BYTES} is refused before the body is awaited.
     */
    public static Optional<Identify> readDelimited(ByteBuf in) throws MalformedMessageException, Violation {
        int start = in.readerIndex();
        long length = Varint.read(in);
        if (length == Varint.INCOMPLETE) {
            return Optional.empty();
        }
        if (length > MAX_MESSAGE_BYTES) {
            throw new Violation(Violation.Kind.OVERSIZED,
                    "identify message declares " + length + " bytes, more than " + MAX_MESSAGE_BYTES);
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return Optional.empty();
        }
        byte[] message = new byte[(int) length];
        in.readBytes(message);
        return Optional.of(read(message));
    }

    private static byte[] bounded(byte[] value, String what) throws MalformedMessageException {
        if (value.length > MAX_STRING_BYTES) {
            throw new MalformedMessageException("identify " + what + " of " + value.length + " bytes, more than " + MAX_STRING_BYTES);
        }
        return value;
    }

    private static String text(byte[] value, String what) throws MalformedMessageException {
        return MultistreamSelect.strictUtf8(bounded(value, what), "identify " + what);
    }
}
