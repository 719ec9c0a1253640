package org.nodehandshake.report;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Network groups of addresses, as the reference client groups peers so that no one network fills its
 * address tables (src/netgroup.cpp, {@code NetGroupManager::GetGroup}, without an asmap): an IPv4 address
 * by its /16; an IPv6 address by its /32, except 2001:470::/32 (Hurricane Electric) by its /36; an IPv6
 * address that embeds an IPv4 one (6to4 2002::/16, Teredo 2001::/32, NAT64 64:ff9b::/96, ::ffff:0:0:0/96
 * translated, IPv4-mapped) in the embedded address's /16, the same group as that IPv4 address. Where the
 * reference client puts every non-routable address in one group, the same prefixes are used here, so
 * that a test network on private or loopback addresses is still told apart.
 */
public final class AddressGroups {

    private AddressGroups() {
    }

    /** The group of an address literal, e.g. {@code 203.0.0.0/16} or {@code 2001:db8::/32}; empty when not an IP literal. */
    public static Optional<String> group(String literal) {
        if (literal.isEmpty() || !(Character.digit(literal.charAt(0), 16) >= 0 || literal.charAt(0) == ':')) {
            return Optional.empty(); // never a DNS lookup: only literals are grouped
        }
        try {
            return Optional.of(group(InetAddress.getByName(literal)));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    public static String group(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Group(b[0], b[1]);
        }
        if (b[0] == 0x20 && b[1] == 0x02) { // 6to4: 2002:AABB:CCDD::
            return ipv4Group(b[2], b[3]);
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) { // Teredo: the client's address, inverted
            return ipv4Group((byte) ~b[12], (byte) ~b[13]);
        }
        if (startsWith(b, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}) // NAT64
                || startsWith(b, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0})) { // translated
            return ipv4Group(b[12], b[13]);
        }
        boolean heNet = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x04 && b[3] == 0x70;
        return heNet ? ipv6Group(b, 36) : ipv6Group(b, 32);
    }

    /**
     * The groups of the addresses, each with its count, largest first (equal counts in order of first
     * appearance); addresses that are not IP literals are left out.
     */
    public static Map<String, Integer> count(List<String> addresses) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String a : addresses) {
            group(a).ifPresent(g -> counts.merge(g, 1, Integer::sum));
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted((x, y) -> Integer.compare(y.getValue(), x.getValue()))
                .forEachOrdered(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String ipv4Group(byte first, byte second) {
        return (first & 0xff) + "." + (second & 0xff) + ".0.0/16";
    }

    private static String ipv6Group(byte[] b, int bits) {
        StringBuilder out = new StringBuilder();
        int groups = (bits + 15) / 16;
        for (int i = 0; i < groups; i++) {
            int value = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
            int keep = Math.min(16, bits - 16 * i);
            value &= (0xffff << (16 - keep)) & 0xffff;
            out.append(Integer.toHexString(value)).append(':');
        }
        return out.append(":/").append(bits).toString();
    }
}
