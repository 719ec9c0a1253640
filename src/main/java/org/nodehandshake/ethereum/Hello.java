package org.nodehandshake.ethereum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * devp2p's Hello (rlpx.md, "Hello (0x00)"): {@code [protocolVersion, clientId, [[cap, version], ...],
 * listenPort, nodeId, ...]}. Read with limits before anything is parsed at length: at most
 * {@link #MAX_CAPABILITIES} capabilities (the RLP reader stops at the item count that allows), a client
 * id of at most {@link #MAX_CLIENT_ID} bytes, capability names of at most 32; extra fields after the
 * node id are allowed, as EIP-8 asks.
 */
public record Hello(long version, String clientId, List<Capability> capabilities, int listenPort, byte[] nodeId) {

    /** The p2p version we speak: 5, with Snappy. */
    public static final int VERSION = 5;
    /** go-ethereum offers under ten; 64 leaves room for any real client. */
    public static final int MAX_CAPABILITIES = 64;
    /** Real client ids are under 100 bytes (Geth/v1.14.0-stable-.../linux-amd64/go1.22.1). */
    public static final int MAX_CLIENT_ID = 256;
    private static final int MAX_CAPABILITY_NAME = 32;
    /** The list, its five fields, each capability's list and two items, and a few extra fields. */
    private static final int MAX_ITEMS = 1 + 5 + 1 + 3 * MAX_CAPABILITIES + 16;

    /** One capability a peer offers, e.g. eth/68. */
    public record Capability(String name, long version) {
        @Override
        public String toString() {
            return name + "/" + version;
        }
    }

    public Hello {
        capabilities = List.copyOf(capabilities);
        nodeId = nodeId.clone();
    }

    @Override
    public byte[] nodeId() {
        return nodeId.clone();
    }

    public String nodeIdHex() {
        return HexFormat.of().formatHex(nodeId);
    }

    public byte[] encode() {
        List<Rlp.Item> caps = new ArrayList<>();
        for (Capability c : capabilities) {
            caps.add(Rlp.list(Rlp.text(c.name()), Rlp.number(c.version())));
        }
        return Rlp.encode(Rlp.list(Rlp.number(version), Rlp.text(clientId), Rlp.list(caps), Rlp.number(listenPort),
                Rlp.bytes(nodeId)));
    }

    public static Hello decode(byte[] data) throws MalformedRlpException {
        Rlp.Item root;
        try {
            root = Rlp.decode(data, MAX_ITEMS);
        } catch (MalformedRlpException e) {
            if (e.getMessage().startsWith("more than")) {
                throw new MalformedRlpException("Hello with more than " + MAX_CAPABILITIES
                        + " capabilities or too many fields (refused after " + MAX_ITEMS + " RLP items)");
            }
            throw e;
        }
        List<Rlp.Item> fields = root.list("Hello");
        if (fields.size() < 5) {
            throw new MalformedRlpException("Hello has " + fields.size() + " fields (at least 5 expected)");
        }
        long version = fields.get(0).number("Hello version");
        byte[] clientId = fields.get(1).bytes("Hello client id");
        if (clientId.length > MAX_CLIENT_ID) {
            throw new MalformedRlpException("Hello client id of " + clientId.length + " bytes (limit: " + MAX_CLIENT_ID + ")");
        }
        List<Rlp.Item> capItems = fields.get(2).list("Hello capabilities");
        if (capItems.size() > MAX_CAPABILITIES) {
            throw new MalformedRlpException("Hello with " + capItems.size() + " capabilities (limit: " + MAX_CAPABILITIES + ")");
        }
        List<Capability> caps = new ArrayList<>();
        for (Rlp.Item item : capItems) {
            List<Rlp.Item> cap = item.list("Hello capability");
            if (cap.size() < 2) {
                throw new MalformedRlpException("Hello capability with " + cap.size() + " fields (2 expected)");
            }
            byte[] name = cap.get(0).bytes("capability name");
            if (name.length == 0 || name.length > MAX_CAPABILITY_NAME) {
                throw new MalformedRlpException("capability name of " + name.length + " bytes (1-" + MAX_CAPABILITY_NAME + ")");
            }
            caps.add(new Capability(printable(name), cap.get(1).number("capability version")));
        }
        long port = fields.get(3).number("Hello listen port");
        if (port > 65535) {
            throw new MalformedRlpException("Hello listen port " + port + " (0-65535)");
        }
        byte[] nodeId = fields.get(4).bytes("Hello node id");
        if (nodeId.length != 64) {
            throw new MalformedRlpException("Hello node id of " + nodeId.length + " bytes (64 expected)");
        }
        return new Hello(version, printable(clientId), caps, (int) port, nodeId);
    }

    /** Text for a report: printable ASCII kept, anything else as '?'. */
    static String printable(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            out[i] = c >= 0x20 && c < 0x7f ? (char) c : '?';
        }
        return new String(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hello h && h.version == version && h.clientId.equals(clientId)
                && h.capabilities.equals(capabilities) && h.listenPort == listenPort && Arrays.equals(h.nodeId, nodeId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nodeId) * 31 + clientId.hashCode();
    }
}
