package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nodehandshake.libp2p.Multiaddr.Protocol;
import org.nodehandshake.libp2p.Multiaddr.Transport;

/**
 * Multiaddrs from the multiformats examples (multiaddr's README and test/multiaddr.feature, go-multiaddr's
 * string/bytes vectors and its lists of valid and invalid addresses), libp2p's addressing spec and the
 * bootstrap records it shows.
 */
class MultiaddrTest {

    private static final String ED_ID = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static void vector(String text, String binary) throws Exception {
        Multiaddr fromText = Multiaddr.parse(text);
        assertEquals(binary, HexFormat.of().formatHex(fromText.toBytes()), text);
        Multiaddr fromBinary = Multiaddr.decode(hex(binary));
        assertEquals(text, fromBinary.toString());
        assertEquals(fromText, fromBinary);
    }

    @Test
    void theSpecsVectors() throws Exception {
        vector("/ip4/192.0.2.42/tcp/443", "04c000022a0601bb"); // multiaddr.feature
        vector("/ip4/127.0.0.1/udp/1234", "047f000001910204d2"); // README, go-multiaddr
        vector("/ip4/127.0.0.1/tcp/4321", "047f0000010610e1");
        vector("/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321", "047f000001910204d2047f0000010610e1");
        vector("/onion/aaimaq4ygg2iegci:80", "bc030010c0439831b48218480050");
        vector("/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234",
                "bd03adadec040be047f9658668b11a504f3155001f231a37f54c4476c07fb4cc139ed7e30304d2");
    }

    @Test
    void textRoundTripsForEveryProtocolWeRead() throws Exception {
        for (String text : new String[] {
                "/ip4/1.2.3.4/tcp/4001/p2p/" + ED_ID,
                "/ip6/::1/tcp/4001",
                "/ip6/2604:1380:4602:5c00::3/udp/4001/quic-v1/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb",
                "/ip6/2001:db8::/ipcidr/32",
                "/ip6/::ffff:1.2.3.4/tcp/1",
                "/ip6zone/x%y/ip6/fe80::1/udp/1234/quic",
                "/dns/example.com/tcp/443/wss",
                "/dns4/am6.bootstrap.libp2p.io/tcp/443/wss/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb",
                "/dns6/example.com/tcp/1/tls/ws",
                "/dnsaddr/bootstrap.libp2p.io",
                "/dnsaddr/sjc-1.bootstrap.libp2p.io/tcp/4001/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
                "/udp/1234/sctp/1234",
                "/ip4/127.0.0.1/udp/1234/dccp/5",
                "/udp/1234/udt",
                "/udp/1234/utp",
                "/ip4/127.0.0.1/tcp/127/noise",
                "/ip4/127.0.0.1/tcp/443/tls/sni/example.com/http",
                "/ip4/127.0.0.1/tcp/1234/https",
                "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
                "/ip4/127.0.0.1/udp/1234/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
                "/ip4/127.0.0.1/tcp/127/webrtc",
                "/ip4/1.2.3.4/tcp/4001/p2p/" + ED_ID + "/p2p-circuit/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb",
                "/ip4/127.0.0.1/tcp/9090/http/p2p-webrtc-direct",
                "/unix/a/b/c/d/e",
                "/ip4/1.2.3.4/tcp/80/unix/a/b/c/d/e/f",
                "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:80/http",
                "/tcp/0",
                "/p2p/" + ED_ID + "/tcp/1234"}) {
            Multiaddr m = Multiaddr.parse(text);
            assertEquals(text, m.toString());
            assertEquals(m, Multiaddr.decode(m.toBytes()), text);
        }
    }

    @Test
    void textIsNormalisedToOneForm() throws Exception {
        String qm = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
        assertEquals("/ip4/127.0.0.1/p2p/" + qm, Multiaddr.parse("/ip4/127.0.0.1/ipfs/" + qm).toString());
        assertEquals("/p2p/" + qm, Multiaddr.parse("/p2p/bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe").toString());
        assertEquals("/ip4/127.0.0.1/tcp/1234", Multiaddr.parse("/ip4/127.0.0.1/tcp/1234/").toString());
        assertEquals("/ip6/2001:db8::1/tcp/1", Multiaddr.parse("/ip6/2001:0DB8:0:0:0:0:0:1/tcp/1").toString());
        assertEquals("/ip6/2001:db8:0:1:1:1:1:1/tcp/1", Multiaddr.parse("/ip6/2001:db8::1:1:1:1:1/tcp/1").toString(),
                "one zero group stays (RFC 5952)");
        assertEquals("/ip6/1::/tcp/1", Multiaddr.parse("/ip6/1:0:0:0:0:0:0:0/tcp/1").toString());
        // go-multiaddr's certhash vectors in base32 and base58 multibase: shown as base64url, as go shows them
        Multiaddr b32 = Multiaddr.parse("/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy");
        assertEquals(b32, Multiaddr.parse(b32.toString()));
        Multiaddr.parse("/certhash/zQmbWTwYGcmdyK9CYfNBcfs9nhZs17a6FQ4Y8oea278xx41");
    }

    @Test
    void invalidTextIsRefused() {
        for (String bad : new String[] {"", "/", "ip4/1.2.3.4", "/ip4", "/ip4/::1", "/ip4/fdpsofodsajfdoisa",
                "/ip4/1.2.3", "/ip4/1.2.3.4.5", "/ip4/01.2.3.4", "/ip4/256.0.0.1", "/ip6", "/ip6/1.2.3.4", "/ip6/:::",
                "/ip6zone", "/ip6zone/", "/ip6zone//ip6/fe80::1", "/udp", "/tcp", "/sctp", "/udp/65536", "/tcp/65536",
                "/tcp/-1", "/tcp/+1", "/tcp/080", "/tcp/1e3", "/quic/65536", "/quic-v1/65536",
                "/ip4/::/ipcidr/256", "/onion/9imaq4ygg2iegci7:80", "/onion/timaq4ygg2iegci7:0",
                "/onion/timaq4ygg2iegci7", "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:0",
                "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd7:80",
                "/udp/1234/udt/1234", "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa", "/ip4/127.0.0.1/quic/1234",
                "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash",
                "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmp",
                "/ip4/127.0.0.1/ipfs", "/ip4/127.0.0.1/p2p", "/ip4/127.0.0.1/p2p/tcp", "/unix", "/unix/",
                "/ip4/1.2.3.4/tcp/80/unix", "/ip4/127.0.0.1/tcp/9090/http/p2p-webcrt-direct",
                "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY", "/dns4", "/dns4/", "/dnsaddr//tcp/1",
                "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq", // a protocol we do not read
                "/memory/4", "//ip4/1.2.3.4", "/ip4/1.2.3.4//tcp/1",
                "/tcp/1".repeat(17), "/dns/" + "a".repeat(1100)}) {
            assertThrows(MalformedMessageException.class, () -> Multiaddr.parse(bad), bad);
        }
    }

    @Test
    void invalidBinaryIsRefused() {
        for (String bad : new String[] {"", "04", "047f0000", "0601", "ff", "ffffffffffffffffffff01",
                "9103", // code 401: not a protocol we know
                "bf0320efbcd45d0c5dc79781ac6f20ea5055a036afb48d45a52e7d68ec7d4338919e69", // garlic32: unknown to us
                "3505616263", // dns declaring 5 bytes, 3 there
                "3500", // empty dns name
                "35032f6162", // a / in a name
                "3502c328", // not UTF-8
                "a50322" + "1220" + "00", // p2p length says 0x22 bytes, fewer there
                "a503041320aabb", // p2p whose multihash is no peer id
                "900303616263", // unix path without its leading /
                "0601bb8080", // a varint in a longer form than needed (continuation, then 0)
        }) {
            assertThrows(MalformedMessageException.class, () -> Multiaddr.decode(hex(bad)), bad);
            assertTrue(Multiaddr.describe(hex(bad)).startsWith("0x"));
        }
        assertThrows(MalformedMessageException.class, () -> Multiaddr.decode(new byte[Multiaddr.MAX_BINARY + 1]));
        assertThrows(MalformedMessageException.class, () -> Multiaddr.decode(hex("0601bb".repeat(17))));
    }

    @Test
    void describeShowsTextOrHex() {
        assertEquals("/ip4/192.0.2.42/tcp/443", Multiaddr.describe(hex("04c000022a0601bb")));
        assertEquals("0x9103", Multiaddr.describe(hex("9103")));
        String big = Multiaddr.describe(new byte[5000]);
        assertTrue(big.endsWith("…") && big.length() == 2 + 2 * Multiaddr.MAX_BINARY + 1, big.length() + "");
    }

    @Test
    void randomBytesGiveAnAddressOrTheDocumentedException() {
        Random random = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            if (data.length > 0 && n % 2 == 0) {
                data[0] = (byte) new int[] {4, 6, 0x29, 0x35, 0x38}[random.nextInt(5)];
            }
            try {
                Multiaddr m = Multiaddr.decode(data);
                assertArrayEquals(m.toBytes(), Multiaddr.parse(m.toString()).toBytes());
            } catch (MalformedMessageException e) {
                // the one documented failure
            }
        }
    }

    @Test
    void tcpEndpointOnlyForPlainTcp() throws Exception {
        Multiaddr.TcpEndpoint ip4 = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + ED_ID).tcpEndpoint().orElseThrow();
        assertEquals(Protocol.IP4, ip4.hostProtocol());
        assertEquals(Optional.of(InetAddress.getByName("1.2.3.4")), ip4.address());
        assertEquals(4001, ip4.port());
        Multiaddr.TcpEndpoint ip6 = Multiaddr.parse("/ip6/2604:1380:4602:5c00::3/tcp/4001").tcpEndpoint().orElseThrow();
        assertEquals(Optional.of(InetAddress.getByName("2604:1380:4602:5c00::3")), ip6.address());
        Multiaddr.TcpEndpoint dns = Multiaddr.parse("/dns4/node.example/tcp/4001").tcpEndpoint().orElseThrow();
        assertEquals("node.example", dns.host());
        assertEquals(Optional.empty(), dns.address());
        for (String no : new String[] {"/ip4/1.2.3.4/tcp/443/wss", "/ip4/1.2.3.4/udp/4001/quic-v1", "/ip4/1.2.3.4",
                "/ip4/1.2.3.4/tcp/0", "/dnsaddr/x.example/tcp/1", "/ip4/1.2.3.4/tcp/1/p2p/" + ED_ID + "/p2p-circuit",
                "/ip4/1.2.3.4/tcp/1/tls", "/tcp/1/ip4/1.2.3.4", "/ip6zone/x/ip6/fe80::1/tcp/1"}) {
            assertEquals(Optional.empty(), Multiaddr.parse(no).tcpEndpoint(), no);
        }
    }

    @Test
    void peerIdIsTheIdAfterTheLastCircuit() throws Exception {
        String relay = "QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb";
        assertEquals(ED_ID, Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + ED_ID).peerId().orElseThrow().toString());
        assertEquals(ED_ID, Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + relay + "/p2p-circuit/p2p/" + ED_ID)
                .peerId().orElseThrow().toString());
        assertEquals(Optional.empty(), Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + relay + "/p2p-circuit").peerId());
        assertEquals(Optional.empty(), Multiaddr.parse("/ip4/1.2.3.4/tcp/1").peerId());
    }

    @Test
    void transportsAsTheReportCountsThem() throws Exception {
        String[][] cases = {
                {"/ip4/1.2.3.4/tcp/4001/p2p/" + ED_ID, "tcp"},
                {"/dns6/x.example/tcp/4001", "tcp"},
                {"/ip4/1.2.3.4/udp/4001/quic", "quic"},
                {"/ip4/1.2.3.4/udp/4001/quic-v1/p2p/" + ED_ID, "quic-v1"},
                {"/ip4/1.2.3.4/udp/4001/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g", "webtransport"},
                {"/dns4/x.example/tcp/443/wss/p2p/" + ED_ID, "wss"},
                {"/dns4/x.example/tcp/443/tls/sni/x.example/ws", "wss"},
                {"/ip4/1.2.3.4/tcp/80/ws", "ws"},
                {"/ip4/1.2.3.4/udp/1/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g", "webrtc"},
                {"/ip4/1.2.3.4/tcp/1/p2p/" + ED_ID + "/p2p-circuit/webrtc", "circuit"},
                {"/ip4/1.2.3.4/tcp/1/p2p/" + ED_ID + "/p2p-circuit/p2p/" + ED_ID, "circuit"},
                {"/ip4/1.2.3.4/tcp/443/tls/http", "other"},
                {"/unix/tmp/p2p.sock", "other"},
                {"/dnsaddr/bootstrap.libp2p.io", "other"},
                {"/ip4/1.2.3.4/udp/1", "other"}};
        for (String[] c : cases) {
            assertEquals(c[1], Multiaddr.parse(c[0]).transport().label(), c[0]);
        }
        assertEquals(Transport.TCP, Multiaddr.parse("/ip4/1.2.3.4/tcp/1").transport());
    }

    @Test
    void componentsKeepTheirValuesToThemselves() throws Exception {
        Multiaddr m = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
        byte[] value = m.components().get(0).value();
        value[0] = 9;
        assertEquals("/ip4/1.2.3.4/tcp/1", m.toString());
        assertThrows(IllegalArgumentException.class, () -> new Multiaddr.Component(Protocol.IP4, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> new Multiaddr(java.util.List.of()));
        assertEquals("1.2.3.4", m.components().get(0).valueText());
    }
}
