package org.nodehandshake.dns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    /** Literals only: InetAddress.getByName does no lookup for them. */
    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "2606:4700::1111"})
    void publicAddressesAreGloballyRoutable(String address) throws Exception {
        assertTrue(AddressPolicy.isGloballyRoutable(ip(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0", "0.1.2.3",            // this network
            "10.1.2.3",                      // private
            "127.0.0.1", "127.255.255.254",  // loopback
            "100.64.0.1", "100.127.255.255", // shared address space (CGNAT)
            "169.254.1.1",                   // link-local
            "172.16.0.1", "172.31.255.255",  // private
            "192.0.0.1",                     // IETF protocol assignments
            "192.0.2.1",                     // TEST-NET-1
            "192.168.1.1",                   // private
            "198.18.0.1", "198.19.255.255",  // benchmarking
            "198.51.100.1",                  // TEST-NET-2
            "203.0.113.1",                   // TEST-NET-3
            "224.0.0.1",                     // multicast
            "240.0.0.1",                     // reserved
            "255.255.255.255"})              // broadcast
    void specialPurposeIpv4IsNotRoutable(String address) throws Exception {
        assertFalse(AddressPolicy.isGloballyRoutable(ip(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "::",              // unspecified
            "::1",             // loopback
            "fc00::1",         // unique local
            "fd12:3456::1",    // unique local
            "fe80::1",         // link-local
            "fec0::1",         // deprecated site-local
            "ff02::1",         // multicast
            "2001:db8::1",     // documentation
            "2001:2::1",       // benchmarking 2001:2::/48
            "64:ff9b::a00:1",  // outside 2000::/3
            "4000::1"})        // outside 2000::/3
    void specialPurposeIpv6IsNotRoutable(String address) throws Exception {
        assertFalse(AddressPolicy.isGloballyRoutable(ip(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "172.32.0.1", "172.15.255.255",  // just outside 172.16/12
            "100.128.0.1", "100.63.255.255", // just outside 100.64/10
            "198.20.0.1", "198.17.255.255",  // just outside 198.18/15
            "169.253.255.255", "169.255.0.1",
            "192.0.1.1", "192.0.3.1",
            "198.51.101.1", "203.0.114.1",
            "11.0.0.1", "9.255.255.255",
            "223.255.255.255"})              // last unicast /8 before multicast
    void rangeEdgesOutsideSpecialBlocksAreRoutable(String address) throws Exception {
        assertTrue(AddressPolicy.isGloballyRoutable(ip(address)), address);
    }

    @Test
    void ipv6EdgesOfDocumentationAndBenchmarkingBlocksAreRoutable() throws Exception {
        assertTrue(AddressPolicy.isGloballyRoutable(ip("2001:db9::1")));
        assertTrue(AddressPolicy.isGloballyRoutable(ip("2001:2:1::1"))); // outside 2001:2::/48
        assertTrue(AddressPolicy.isGloballyRoutable(ip("3fff:ffff::1"))); // top of 2000::/3
    }

    @Test
    void ipv4MappedPrivateAddressIsNotRoutable() throws Exception {
        assertFalse(AddressPolicy.isGloballyRoutable(ip("::ffff:10.0.0.1")));
        assertFalse(AddressPolicy.isGloballyRoutable(ip("::ffff:127.0.0.1")));
    }
}
