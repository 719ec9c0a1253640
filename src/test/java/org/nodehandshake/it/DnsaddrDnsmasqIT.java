package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.libp2p.DnsaddrDiscovery;
import org.nodehandshake.libp2p.PeerId;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.testing.DnsmasqServer;

/**
 * dnsaddr records served by a real dnsmasq ({@code txt-record=} for {@code _dnsaddr.test.example} and a
 * recursive {@code /dnsaddr/} entry, an A record for a {@code /dns4} entry): the discovery reads them into
 * targets with their peer ids, counts the QUIC entry as not supported and drops the entry whose id is not
 * the one its parent named. Nothing is dialled (the handshake's tests do that). The discovery is
 * protocol-neutral below the seed: a Bitcoin preset stands in for the network until the libp2p presets exist.
 */
class DnsaddrDnsmasqIT {

    static final String DNS_IP = "127.0.0.140";

    private static PeerId peer(int n) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        for (int i = 4; i < key.length; i++) {
            key[i] = (byte) (n * 37 + i);
        }
        return PeerId.ofEncodedKey(key);
    }

    @Test
    void dnsaddrRecordsServedByDnsmasqResolveToTcpTargetsWithTheirPeerIds() throws Exception {
        PeerId a = peer(1);
        PeerId b = peer(2);
        PeerId c = peer(3);
        Map<String, List<String>> txt = new LinkedHashMap<>();
        txt.put("_dnsaddr.test.example", List.of(
                "dnsaddr=/dnsaddr/sub.test.example/p2p/" + a,
                "dnsaddr=/ip4/127.0.0.142/udp/4001/quic-v1/p2p/" + b,
                "dnsaddr=/ip4/127.0.0.142/tcp/4001/p2p/" + b,
                "dnsaddr=/dns4/node.test.example/tcp/4003/p2p/" + c));
        txt.put("_dnsaddr.sub.test.example", List.of(
                "dnsaddr=/ip4/127.0.0.141/tcp/4001/p2p/" + a,
                "dnsaddr=/ip4/127.0.0.143/tcp/4001/p2p/" + c)); // not the id its parent named
        Map<String, List<String>> hosts = Map.of("node.test.example", List.of("127.0.0.144"));
        try (DnsmasqServer dns = DnsmasqServer.start(DNS_IP, hosts, Map.of(), txt)) {
            HostAndPort server = HostAndPort.parse(dns.address(), 53).orElseThrow();
            SeedResolver resolver = new SeedResolver(SeedResolver.resolverFor(Optional.of(server), Duration.ofSeconds(3)),
                    Duration.ofSeconds(3), 64, false);
            Resolution r = new DnsaddrDiscovery().discover(new Seed("test.example", 4001, BitcoinNetwork.BITCOIN), resolver)
                    .get(30, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), r.error(), dns.log());
            Set<String> found = r.targets().stream().map(t -> t.endpoint() + "=" + t.identity().orElseThrow())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("127.0.0.141:4001=" + a, "127.0.0.142:4001=" + b, "127.0.0.144:4003=" + c), found,
                    dns.log());
            assertTrue(r.targets().stream().noneMatch(HandshakeTarget::contact), "loopback, allow-private off");
            Map<String, Object> facts = r.discovery();
            assertEquals("dnsaddr", facts.get("list"));
            assertEquals(6, facts.get("recordsFetched"));
            assertEquals(3, facts.get("lookups"), "two TXT names and one A/AAAA name");
            assertEquals(3, facts.get("addressesFound"));
            assertEquals(3, facts.get("notRoutable"));
            assertEquals(Map.of("quic-v1", 1), facts.get("notSupported"));
            assertEquals(Map.of("peer-id-mismatch", 1), facts.get("skipped"));
            assertFalse(facts.containsKey("truncated"));
            assertTrue(dns.log().contains("_dnsaddr.sub.test.example"), "the recursive name was asked of dnsmasq");

            // the same records through a typed /dnsaddr/ multiaddr naming one peer
            Resolution one = new DnsaddrDiscovery().discover(new Seed("/dnsaddr/test.example/p2p/" + b, 4001,
                    BitcoinNetwork.BITCOIN), resolver).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("127.0.0.142:4001"), one.targets().stream().map(HandshakeTarget::endpoint).toList());
            assertEquals(Map.of("quic-v1", 1), one.discovery().get("notSupported"));
        }
    }
}
