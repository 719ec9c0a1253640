package org.nodehandshake.ethereum;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.ECPoint;
import org.xbill.DNS.Address;

/**
 * A node URL, {@code enode://<node id>@<ip>:<tcp port>[?discport=<udp port>]}, read strictly: the node id
 * is 128 hex characters that are a secp256k1 point (the uncompressed key without 04), the host an IPv4
 * or bracketed IPv6 literal (no DNS: a user's node URL names its address), the port 1-65535, and
 * {@code discport} the only query parameter.
 *
 * @param nodeIdHex the 64-byte public key, lower-case hex (what RLPx must see the peer prove)
 * @param discoveryPort the UDP port when it differs from the TCP port
 */
public record EnodeUrl(String nodeIdHex, InetAddress address, int port, OptionalInt discoveryPort) {

    public static final String SCHEME = "enode://";
    private static final Pattern FORM = Pattern.compile(
            "enode://([0-9a-fA-F]{128})@(\\[[0-9A-Fa-f:.]+\\]|[0-9.]+):([0-9]{1,5})(?:\\?discport=([0-9]{1,5}))?");

    public EnodeUrl {
        Objects.requireNonNull(nodeIdHex, "nodeIdHex");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(discoveryPort, "discoveryPort");
        nodeIdHex = nodeIdHex.toLowerCase(Locale.ROOT);
        if (!nodeIdHex.matches("[0-9a-f]{128}")) {
            throw new IllegalArgumentException("a node id is 128 hex characters");
        }
        checkPort(port, "port");
        discoveryPort.ifPresent(p -> checkPort(p, "discport"));
    }

    /** Parses an {@code enode://} URL; IllegalArgumentException saying what is wrong. */
    public static EnodeUrl parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not enode://<128 hex>@<ip>:<port>[?discport=<port>]: " + text);
        }
        byte[] key = HexFormat.of().parseHex(m.group(1));
        try {
            EthCrypto.decodePoint(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the node id in " + text + " is not a secp256k1 public key");
        }
        String host = m.group(2);
        byte[] ip = host.startsWith("[")
                ? Address.toByteArray(host.substring(1, host.length() - 1), Address.IPv6)
                : Address.toByteArray(host, Address.IPv4);
        if (ip == null) {
            throw new IllegalArgumentException("not an IP literal in " + text + ": " + host);
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        int port = Integer.parseInt(m.group(3));
        OptionalInt disc = m.group(4) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(4)));
        return new EnodeUrl(m.group(1), address, port, disc);
    }

    /** True when {@code text} is written as a node URL (whether or not it is a valid one). */
    public static boolean isEnode(String text) {
        return text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    public ECPoint publicKey() {
        return EthCrypto.decodePoint(HexFormat.of().parseHex(nodeIdHex));
    }

    public InetSocketAddress tcpAddress() {
        return new InetSocketAddress(address, port);
    }

    /** The canonical text: lower-case id, brackets around IPv6. */
    @Override
    public String toString() {
        String ip = address.getHostAddress();
        String host = address instanceof Inet6Address ? "[" + ip + "]" : ip;
        return SCHEME + nodeIdHex + "@" + host + ":" + port
                + (discoveryPort.isPresent() ? "?discport=" + discoveryPort.getAsInt() : "");
    }

    private static void checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " out of range: " + port + " (expected: 1-65535)");
        }
    }
}
