package org.nodehandshake.libp2p;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * A multiaddr (multiformats/multiaddr): a list of components, each a protocol and its value, read and
 * written as text ({@code /ip4/1.2.3.4/tcp/4001/p2p/12D3KooW…}) and in the binary form peers send
 * (varint protocol code, then the value: fixed size, or a varint length and the bytes, as
 * {@code protocols.csv} sizes them). Both forms are bounded before any work: at most {@link #MAX_TEXT}
 * characters, {@link #MAX_BINARY} bytes and {@link #MAX_COMPONENTS} components. A protocol we do not know
 * is refused (its value's size is unknown, so nothing after it could be read): such input, and any value
 * that breaks its protocol's rules, is a {@link MalformedMessageException}. Values are kept in their
 * binary form, so that equal addresses are equal however they were written.
 *
 * @param components at least one, at most {@link #MAX_COMPONENTS}
 */
public record Multiaddr(List<Component> components) {

    public static final int MAX_TEXT = 1024;
    public static final int MAX_BINARY = 1024;
    public static final int MAX_COMPONENTS = 16;

    /** A variable-size value: a varint length, then the bytes. */
    private static final int VARIABLE = -1;

    public Multiaddr {
        components = List.copyOf(components);
        if (components.isEmpty() || components.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("a multiaddr has 1-" + MAX_COMPONENTS + " components, not "
                    + components.size());
        }
    }

    /** The protocols we read, with their codes and value sizes from multiaddr's protocols.csv. */
    public enum Protocol {
        IP4(4, "ip4", 32),
        TCP(6, "tcp", 16),
        DCCP(33, "dccp", 16),
        IP6(41, "ip6", 128),
        IP6ZONE(42, "ip6zone", VARIABLE),
        IPCIDR(43, "ipcidr", 8),
        DNS(53, "dns", VARIABLE),
        DNS4(54, "dns4", VARIABLE),
        DNS6(55, "dns6", VARIABLE),
        DNSADDR(56, "dnsaddr", VARIABLE),
        SCTP(132, "sctp", 16),
        UDP(273, "udp", 16),
        P2P_WEBRTC_STAR(275, "p2p-webrtc-star", 0),
        P2P_WEBRTC_DIRECT(276, "p2p-webrtc-direct", 0),
        P2P_STARDUST(277, "p2p-stardust", 0),
        WEBRTC_DIRECT(280, "webrtc-direct", 0),
        WEBRTC(281, "webrtc", 0),
        P2P_CIRCUIT(290, "p2p-circuit", 0),
        UDT(301, "udt", 0),
        UTP(302, "utp", 0),
        UNIX(400, "unix", VARIABLE),
        P2P(421, "p2p", VARIABLE),
        HTTPS(443, "https", 0),
        ONION(444, "onion", 96),
        ONION3(445, "onion3", 296),
        TLS(448, "tls", 0),
        SNI(449, "sni", VARIABLE),
        NOISE(454, "noise", 0),
        QUIC(460, "quic", 0),
        QUIC_V1(461, "quic-v1", 0),
        WEBTRANSPORT(465, "webtransport", 0),
        CERTHASH(466, "certhash", VARIABLE),
        WS(477, "ws", 0),
        WSS(478, "wss", 0),
        P2P_WEBSOCKET_STAR(479, "p2p-websocket-star", 0),
        HTTP(480, "http", 0);

        private static final Map<Integer, Protocol> BY_CODE = new HashMap<>();
        private static final Map<String, Protocol> BY_NAME = new HashMap<>();

        static {
            for (Protocol p : values()) {
                BY_CODE.put(p.code, p);
                BY_NAME.put(p.text, p);
            }
            BY_NAME.put("ipfs", P2P); // the old name of /p2p/, same code (libp2p/specs addressing)
        }

        private final int code;
        private final String text;
        private final int bits;

        Protocol(int code, String text, int bits) {
            this.code = code;
            this.text = text;
            this.bits = bits;
        }

        public int code() {
            return code;
        }

        /** Its name in text form. */
        public String text() {
            return text;
        }

        /** Whether a value follows it (every protocol but the 0-sized ones). */
        public boolean hasValue() {
            return bits != 0;
        }

        public static Optional<Protocol> byCode(long code) {
            return code > Integer.MAX_VALUE ? Optional.empty() : Optional.ofNullable(BY_CODE.get((int) code));
        }

        public static Optional<Protocol> byName(String name) {
            return Optional.ofNullable(BY_NAME.get(name));
        }
    }

    /**
     * One protocol and its value in binary form (empty for 0-sized protocols). The constructor checks the
     * value against the protocol's rules (IllegalArgumentException); untrusted input goes through
     * {@link Multiaddr#parse} or {@link Multiaddr#decode}.
     */
    public record Component(Protocol protocol, byte[] value) {

        public Component {
            Objects.requireNonNull(protocol, "protocol");
            value = value.clone();
            try {
                checkValue(protocol, value);
            } catch (MalformedMessageException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value as text (empty for 0-sized protocols). */
        public String valueText() {
            return Multiaddr.valueText(protocol, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            if (!protocol.hasValue()) {
                return "/" + protocol.text();
            }
            String text = valueText();
            return "/" + protocol.text() + (protocol == Protocol.UNIX ? text : "/" + text);
        }
    }

    /** What carries a connection to the address, as the report groups addresses. */
    public enum Transport {
        TCP("tcp"), QUIC("quic"), QUIC_V1("quic-v1"), WEBTRANSPORT("webtransport"), WS("ws"), WSS("wss"),
        WEBRTC("webrtc"), CIRCUIT("circuit"), OTHER("other");

        private final String label;

        Transport(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A plain TCP address: an IP or a DNS name ({@code dns}, {@code dns4}, {@code dns6}) and a port.
     *
     * @param hostProtocol {@code IP4}, {@code IP6}, {@code DNS}, {@code DNS4} or {@code DNS6}
     */
    public record TcpEndpoint(Protocol hostProtocol, String host, int port) {

        /** The address, for ip4 and ip6 hosts; empty for names (they need a lookup). */
        public Optional<InetAddress> address() {
            if (hostProtocol != Protocol.IP4 && hostProtocol != Protocol.IP6) {
                return Optional.empty();
            }
            try {
                return Optional.of(InetAddress.getByAddress(hostProtocol == Protocol.IP4
                        ? Address.toByteArray(host, Address.IPv4) : Address.toByteArray(host, Address.IPv6)));
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---- text ----

    /** {@code /ip4/<a>/tcp/<port>} or {@code /ip6/<a>/tcp/<port>} for a socket address (an unresolved one has no form). */
    public static Multiaddr tcp(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        Protocol family = ip instanceof Inet4Address ? Protocol.IP4 : Protocol.IP6;
        byte[] port = {(byte) (address.getPort() >> 8), (byte) address.getPort()};
        return new Multiaddr(List.of(new Component(family, ip.getAddress()), new Component(Protocol.TCP, port)));
    }

    /** Parses the text form (a trailing {@code /} is allowed, as go-multiaddr allows it). */
    public static Multiaddr parse(String text) throws MalformedMessageException {
        if (text.length() > MAX_TEXT) {
            throw new MalformedMessageException("multiaddr text longer than " + MAX_TEXT + " characters");
        }
        if (!text.startsWith("/")) {
            throw new MalformedMessageException("a multiaddr starts with /");
        }
        String body = text.endsWith("/") && text.length() > 1 ? text.substring(1, text.length() - 1) : text.substring(1);
        String[] parts = body.split("/", -1);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (components.size() == MAX_COMPONENTS) {
                throw new MalformedMessageException("more than " + MAX_COMPONENTS + " multiaddr components");
            }
            String name = parts[i];
            Protocol protocol = Protocol.byName(name).orElseThrow(() -> new MalformedMessageException(
                    "unknown multiaddr protocol '" + shorten(name) + "'"));
            if (!protocol.hasValue()) {
                components.add(new Component(protocol, new byte[0]));
                continue;
            }
            if (protocol == Protocol.UNIX) {
                // a path protocol: the rest of the text is its value
                String path = "/" + String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
                components.add(new Component(protocol, valueBytes(protocol, path)));
                break;
            }
            if (i + 1 == parts.length) {
                throw new MalformedMessageException("/" + protocol.text() + " needs a value");
            }
            components.add(new Component(protocol, valueBytes(protocol, parts[++i])));
        }
        return new Multiaddr(components);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** The text form. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        components.forEach(out::append);
        return out.toString();
    }

    // ---- binary ----

    /** Decodes the binary form, as a peer sends it (identify's listenAddrs and observedAddr). */
    public static Multiaddr decode(byte[] binary) throws MalformedMessageException {
        if (binary.length == 0) {
            throw new MalformedMessageException("an empty multiaddr");
        }
        if (binary.length > MAX_BINARY) {
            throw new MalformedMessageException("multiaddr of " + binary.length + " bytes (at most " + MAX_BINARY + ")");
        }
        List<Component> components = new ArrayList<>();
        int at = 0;
        while (at < binary.length) {
            if (components.size() == MAX_COMPONENTS) {
                throw new MalformedMessageException("more than " + MAX_COMPONENTS + " multiaddr components");
            }
            Varint.Read code = Varint.read(binary, at, binary.length);
            at = code.next();
            Protocol protocol = Protocol.byCode(code.value()).orElseThrow(() -> new MalformedMessageException(
                    "unknown multiaddr protocol code " + code.value()));
            int size;
            if (protocol.bits == VARIABLE) {
                Varint.Read length = Varint.read(binary, at, binary.length);
                at = length.next();
                if (length.value() > binary.length - at) {
                    throw new MalformedMessageException("/" + protocol.text() + " declares " + length.value()
                            + " bytes, " + (binary.length - at) + " left");
                }
                size = (int) length.value();
            } else {
                size = protocol.bits / 8;
                if (size > binary.length - at) {
                    throw new MalformedMessageException("/" + protocol.text() + " cut short");
                }
            }
            byte[] value = Arrays.copyOfRange(binary, at, at + size);
            at += size;
            checkValue(protocol, value);
            components.add(new Component(protocol, value));
        }
        return new Multiaddr(components);
    }

    /** The binary form. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Component c : components) {
            Varint.write(c.protocol().code(), out);
            if (c.protocol().bits == VARIABLE) {
                Varint.write(c.value.length, out);
            }
            out.writeBytes(c.value);
        }
        return out.toByteArray();
    }

    /**
     * A binary multiaddr as text for a report: its text form, or {@code 0x<hex>} when it does not decode
     * (a protocol we do not know, a broken value); input beyond {@link #MAX_BINARY} bytes is shown cut.
     */
    public static String describe(byte[] binary) {
        try {
            return decode(binary).toString();
        } catch (MalformedMessageException e) {
            return binary.length > MAX_BINARY
                    ? "0x" + HexFormat.of().formatHex(binary, 0, MAX_BINARY) + "…"
                    : "0x" + HexFormat.of().formatHex(binary);
        }
    }

    // ---- what an address says ----

    /**
     * The TCP endpoint when the address is exactly {@code ip4|ip6|dns|dns4|dns6 / tcp / port}, optionally
     * followed by {@code /p2p/<id>} and nothing else (a port of 0 is no endpoint to dial).
     */
    public Optional<TcpEndpoint> tcpEndpoint() {
        int n = components.size();
        if (n < 2 || n > 3) {
            return Optional.empty();
        }
        Component host = components.get(0);
        Component tcp = components.get(1);
        boolean hostOk = switch (host.protocol()) {
            case IP4, IP6, DNS, DNS4, DNS6 -> true;
            default -> false;
        };
        if (!hostOk || tcp.protocol() != Protocol.TCP || (n == 3 && components.get(2).protocol() != Protocol.P2P)) {
            return Optional.empty();
        }
        int port = port(tcp.value);
        return port == 0 ? Optional.empty() : Optional.of(new TcpEndpoint(host.protocol(), host.valueText(), port));
    }

    /**
     * The peer the address reaches: its last {@code /p2p/} component after the last {@code /p2p-circuit}
     * (before one, an id names the relay, not the peer); empty when there is none.
     */
    public Optional<PeerId> peerId() {
        Optional<PeerId> id = Optional.empty();
        for (Component c : components) {
            if (c.protocol() == Protocol.P2P_CIRCUIT) {
                id = Optional.empty();
            } else if (c.protocol() == Protocol.P2P) {
                id = Optional.of(new PeerId(c.value));
            }
        }
        return id;
    }

    /** Whether a component of this protocol is present. */
    public boolean has(Protocol protocol) {
        return components.stream().anyMatch(c -> c.protocol() == protocol);
    }

    /** The transport a connection to this address would use, for the report's counts. */
    public Transport transport() {
        if (has(Protocol.P2P_CIRCUIT)) {
            return Transport.CIRCUIT;
        }
        if (has(Protocol.WEBRTC) || has(Protocol.WEBRTC_DIRECT) || has(Protocol.P2P_WEBRTC_DIRECT)
                || has(Protocol.P2P_WEBRTC_STAR)) {
            return Transport.WEBRTC;
        }
        if (has(Protocol.WEBTRANSPORT)) {
            return Transport.WEBTRANSPORT;
        }
        if (has(Protocol.QUIC_V1)) {
            return Transport.QUIC_V1;
        }
        if (has(Protocol.QUIC)) {
            return Transport.QUIC;
        }
        if (has(Protocol.WSS) || (has(Protocol.TLS) && has(Protocol.WS))) {
            return Transport.WSS;
        }
        if (has(Protocol.WS)) {
            return Transport.WS;
        }
        // plain TCP: host, tcp, then only the peer id (a port of 0 still says tcp)
        int n = components.size();
        boolean host = switch (components.get(0).protocol()) {
            case IP4, IP6, DNS, DNS4, DNS6 -> true;
            default -> false;
        };
        if (host && n >= 2 && components.get(1).protocol() == Protocol.TCP
                && components.subList(2, n).stream().allMatch(c -> c.protocol() == Protocol.P2P)) {
            return Transport.TCP;
        }
        return Transport.OTHER;
    }

    // ---- values ----

    private static int port(byte[] value) {
        return ((value[0] & 0xff) << 8) | (value[1] & 0xff);
    }

    /** A value's text to its bytes, by its protocol's rules. */
    private static byte[] valueBytes(Protocol protocol, String text) throws MalformedMessageException {
        byte[] value = switch (protocol) {
            case IP4 -> ip4(text);
            case IP6 -> ip6(text);
            case TCP, UDP, DCCP, SCTP -> {
                int port = decimal(text, 65535, protocol);
                yield new byte[] {(byte) (port >> 8), (byte) port};
            }
            case IPCIDR -> new byte[] {(byte) decimal(text, 255, protocol)};
            case P2P -> PeerId.parse(text).multihash();
            case CERTHASH -> Multibase.decode(text);
            case ONION -> onion(text, 16, 10);
            case ONION3 -> onion(text, 56, 35);
            default -> text.getBytes(StandardCharsets.UTF_8); // names, zones, paths
        };
        checkValue(protocol, value);
        return value;
    }

    /** Refuses a value that breaks its protocol's rules: sizes, names, ids, paths. */
    private static void checkValue(Protocol protocol, byte[] value) throws MalformedMessageException {
        if (protocol.bits != VARIABLE && value.length != protocol.bits / 8) {
            throw new MalformedMessageException("/" + protocol.text() + " value of " + value.length + " bytes");
        }
        switch (protocol) {
            case IP6ZONE, DNS, DNS4, DNS6, DNSADDR, SNI -> {
                String text = utf8(value, protocol);
                if (text.isEmpty() || text.indexOf('/') >= 0) {
                    throw new MalformedMessageException("/" + protocol.text() + " value is empty or holds a /");
                }
            }
            case UNIX -> {
                String path = utf8(value, protocol);
                if (path.length() < 2 || !path.startsWith("/") || path.endsWith("/")) {
                    throw new MalformedMessageException("/unix path must start, and not end, with /");
                }
            }
            case P2P -> PeerId.fromMultihash(value);
            case CERTHASH -> checkMultihash(value);
            case ONION, ONION3 -> {
                if (port(Arrays.copyOfRange(value, value.length - 2, value.length)) == 0) {
                    throw new MalformedMessageException("/" + protocol.text() + " port 0");
                }
            }
            default -> {
            }
        }
    }

    private static String valueText(Protocol protocol, byte[] value) {
        return switch (protocol) {
            case IP4 -> (value[0] & 0xff) + "." + (value[1] & 0xff) + "." + (value[2] & 0xff) + "." + (value[3] & 0xff);
            case IP6 -> ip6Text(value);
            case TCP, UDP, DCCP, SCTP -> Integer.toString(port(value));
            case IPCIDR -> Integer.toString(value[0] & 0xff);
            case P2P -> Base58.encode(value);
            case CERTHASH -> Multibase.base64url(value); // how go and js write it
            case ONION, ONION3 -> Multibase.base32(Arrays.copyOf(value, value.length - 2)) + ":"
                    + port(Arrays.copyOfRange(value, value.length - 2, value.length));
            default -> protocol.hasValue() ? new String(value, StandardCharsets.UTF_8) : "";
        };
    }

    private static String utf8(byte[] value, Protocol protocol) throws MalformedMessageException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("/" + protocol.text() + " value is not UTF-8");
        }
    }

    private static void checkMultihash(byte[] value) throws MalformedMessageException {
        Varint.Read code = Varint.read(value, 0, value.length);
        Varint.Read length = Varint.read(value, code.next(), value.length);
        if (length.value() != value.length - length.next()) {
            throw new MalformedMessageException("/certhash multihash declares " + length.value() + " bytes, holds "
                    + (value.length - length.next()));
        }
    }

    /** A decimal without sign or leading zeros, at most {@code max}. */
    private static int decimal(String text, int max, Protocol protocol) throws MalformedMessageException {
        if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedMessageException("/" + protocol.text() + " value is no decimal: " + shorten(text));
        }
        int v = Integer.parseInt(text);
        if (v > max) {
            throw new MalformedMessageException("/" + protocol.text() + " value " + v + " above " + max);
        }
        return v;
    }

    private static byte[] ip4(String text) throws MalformedMessageException {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new MalformedMessageException("not an IPv4 address: " + shorten(text));
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) decimal(octets[i], 255, Protocol.IP4);
        }
        return out;
    }

    private static byte[] ip6(String text) throws MalformedMessageException {
        byte[] bytes = text.length() <= 45 && text.indexOf(':') >= 0 ? Address.toByteArray(text, Address.IPv6) : null;
        if (bytes == null) {
            throw new MalformedMessageException("not an IPv6 address: " + shorten(text));
        }
        return bytes;
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String ip6Text(byte[] b) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static byte[] onion(String text, int chars, int bytes) throws MalformedMessageException {
        int colon = text.indexOf(':');
        if (colon != chars) {
            throw new MalformedMessageException("an onion address is " + chars + " base32 characters, ':' and a port");
        }
        byte[] key = Multibase.base32(text.substring(0, colon).toLowerCase(Locale.ROOT));
        if (key.length != bytes) {
            throw new MalformedMessageException("an onion address of " + key.length + " bytes");
        }
        int port = decimal(text.substring(colon + 1), 65535, Protocol.TCP);
        byte[] out = Arrays.copyOf(key, bytes + 2);
        out[bytes] = (byte) (port >> 8);
        out[bytes + 1] = (byte) port;
        return out;
    }
}
