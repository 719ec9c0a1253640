package org.nodehandshake.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Decides which addresses from a DNS answer are globally routable, so that a hostile seed cannot
 * point us at our own network. Ranges from the IANA special-purpose registries (RFC 6890 and updates).
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    public static boolean isGloballyRoutable(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isRoutableV4(b);
        }
        if (address instanceof Inet6Address) {
            return isRoutableV6(b);
        }
        return false;
    }

    private static boolean isRoutableV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0                                   // 0.0.0.0/8 "this network"
                || a0 == 10                                // 10/8 private
                || a0 == 127                               // loopback
                || (a0 == 100 && (a1 & 0xc0) == 64)        // 100.64/10 shared (CGNAT)
                || (a0 == 169 && a1 == 254)                // link-local
                || (a0 == 172 && (a1 & 0xf0) == 16)        // 172.16/12 private
                || (a0 == 192 && a1 == 0 && a2 == 0)       // 192.0.0/24 IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2)       // TEST-NET-1
                || (a0 == 192 && a1 == 168)                // 192.168/16 private
                || (a0 == 198 && (a1 & 0xfe) == 18)        // 198.18/15 benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100)    // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113)     // TEST-NET-3
                || a0 >= 224);                             // multicast, reserved, broadcast
    }

    private static boolean isRoutableV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xe0) != 0x20) {
            return false; // only 2000::/3 is global unicast
        }
        boolean documentation = first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8;
        boolean benchmarking = first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x00 && (b[3] & 0xff) == 0x02
                && b[4] == 0 && b[5] == 0;
        return !documentation && !benchmarking; // 2001:db8::/32, 2001:2::/48
    }
}
