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
 *
 * <p>With an {@link Asmap} ({@code handshake.asmap}) an address the asmap maps to a nonzero ASN is in the
 * group {@code AS<number>}, IPv4 and IPv6 alike; any other keeps its prefix group, as the reference
 * client falls back when the asmap maps an address to 0. The reference client looks up only routable
 * addresses; here every address is looked up, which gives the same groups with an asmap built from
 * announced routes (it maps no private, loopback or documentation range) and lets a test asmap name such
 * ranges.
 */
public final class AddressGroups {

    /** The grouping by prefixes alone. */
    public static final AddressGroups PREFIX = new AddressGroups(null);
    /** {@link #grouping()} without an asmap. */
    public static final String BY_PREFIX = "prefix";
    /** {@link #grouping()} with an asmap. */
    public static final String BY_ASMAP = "asmap";

    private final Asmap asmap;

    private AddressGroups(Asmap asmap) {
        this.asmap = asmap;
    }

    /** The grouping by the asmap's ASNs, by prefix where it maps none. */
    public static AddressGroups of(Asmap asmap) {
        return new AddressGroups(java.util.Objects.requireNonNull(asmap));
    }

    /** {@value #BY_ASMAP} or {@value #BY_PREFIX}: what the report's diversity says. */
    public String grouping() {
        return asmap == null ? BY_PREFIX : BY_ASMAP;
    }

    /** The prefix group of an address literal, e.g. {@code 203.0.0.0/16} or {@code 2001:db8::/32}; empty when not an IP literal. */
    public static Optional<String> group(String literal) {
        return PREFIX.groupOf(literal);
    }

    /** The prefix group of an address. */
    public static String group(InetAddress address) {
        return PREFIX.groupOf(address);
    }

    /** The group of an address literal in this grouping; empty when not an IP literal. */
    public Optional<String> groupOf(String literal) {
        if (literal.isEmpty() || !(Character.digit(literal.charAt(0), 16) >= 0 || literal.charAt(0) == ':')) {
            return Optional.empty(); // never a DNS lookup: only literals are grouped
        }
        try {
            return Optional.of(groupOf(InetAddress.getByName(literal)));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The group of an address in this grouping: {@code AS<number>} when the asmap maps it, else its prefix group. */
    public String groupOf(InetAddress address) {
        if (asmap != null) {
            int asn = asmap.lookup(address);
            if (asn != 0) {
                return "AS" + Integer.toUnsignedString(asn);
            }
        }
        byte[] linked = linkedIpv4(address);
        if (linked != null) {
            return ipv4Group(linked[0], linked[1]);
        }
        byte[] b = address.getAddress();
        boolean heNet = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x04 && b[3] == 0x70;
        return heNet ? ipv6Group(b, 36) : ipv6Group(b, 32);
    }

    /**
     * The IPv4 address an address is or embeds (4 bytes): an IPv4 address itself; 6to4 2002:AABB:CCDD::;
     * Teredo 2001::/32 (the client's address, inverted); NAT64 64:ff9b::/96; IPv4-translated
     * ::ffff:0:0:0/96. Null for any other IPv6 address. (Java reads an IPv4-mapped literal as IPv4.)
     */
    static byte[] linkedIpv4(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return b;
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
        }
        if (startsWith(b, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})
                || startsWith(b, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0})) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return null;
    }

    /**
     * The prefix groups of the addresses, each with its count, largest first (equal counts in order of first
     * appearance); addresses that are not IP literals are left out.
     */
    public static Map<String, Integer> count(List<String> addresses) {
        return PREFIX.countOf(addresses);
    }

    /** The groups of the addresses in this grouping, each with its count, as {@link #count(List)} orders them. */
    public Map<String, Integer> countOf(List<String> addresses) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String a : addresses) {
            groupOf(a).ifPresent(g -> counts.merge(g, 1, Integer::sum));
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
