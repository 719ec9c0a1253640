package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.ethereum.Enr;
import org.nodehandshake.ethereum.EnrTreeDiscovery;
import org.nodehandshake.ethereum.EthCrypto;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.EnrTreeZone;
import org.nodehandshake.testing.EthereumjsNode;

/**
 * An EIP-1459 list served by a real dnsmasq ({@code txt-record=}, the 13-child branch split into
 * 255-byte strings), naming two real ethereumjs peers by records signed with their keys: the discovery
 * reads it into targets whose identity is each peer's own node id and whose port is its listener. Nothing
 * is dialed here (that is the transport's test). The discovery is protocol-neutral below the seed: a
 * Bitcoin preset stands in for the network until the Ethereum presets exist.
 */
class EnrTreeDnsmasqIT {

    static final String PEER_A_IP = "127.0.0.103";
    static final String PEER_B_IP = "127.0.0.104";
    static final String DNS_IP = "127.0.0.105";
    static final int PORT = 30303;

    @Test
    void aListServedByDnsmasqResolvesToTheRealPeersWithTheirNodeIds() throws Exception {
        String keyA = EthereumjsNode.newPrivateKeyHex();
        String keyB = EthereumjsNode.newPrivateKeyHex();
        try (EthereumjsNode a = EthereumjsNode.start(PEER_A_IP, PORT, keyA);
             EthereumjsNode b = EthereumjsNode.start(PEER_B_IP, PORT, keyB)) {
            List<String> leaves = new ArrayList<>();
            for (EthereumjsNode peer : List.of(a, b)) {
                leaves.add(Enr.builder(1).ip(InetAddress.getByName(peer.ip())).tcp(peer.port()).udp(peer.port())
                        .sign(new BigInteger(peer.privateKeyHex(), 16)).text());
            }
            // one record without a TCP endpoint, and ten more nodes so that the branch has 13 children
            leaves.add(Enr.builder(1).ip(InetAddress.getByName("127.0.0.106")).udp(PORT).sign(EthCrypto.newPrivateKey()).text());
            for (int i = 0; i < 10; i++) {
                leaves.add(Enr.builder(1).ip(InetAddress.getByName("127.0.0.106")).tcp(40000 + i)
                        .sign(EthCrypto.newPrivateKey()).text());
            }
            EnrTreeZone zone = EnrTreeZone.build("nodes.eth.test", EthCrypto.newPrivateKey(), 9, leaves, List.of());
            Map<String, List<String>> txt = new LinkedHashMap<>();
            zone.records().forEach((name, text) -> txt.put(name, List.of(text)));
            assertTrue(zone.records().values().stream().anyMatch(t -> t.length() > 255), "a record dnsmasq must split");
            try (DnsmasqServer dns = DnsmasqServer.start(DNS_IP, Map.of(), Map.of(), txt)) {
                HostAndPort server = HostAndPort.parse(dns.address(), 53).orElseThrow();
                String longName = zone.records().entrySet().stream().filter(e -> e.getValue().length() > 255)
                        .findFirst().orElseThrow().getKey();
                assertTrue(rawStrings(server, longName) > 1, "dnsmasq serves a long text as several strings");
                SeedResolver resolver = new SeedResolver(SeedResolver.resolverFor(Optional.of(server),
                        Duration.ofSeconds(3)), Duration.ofSeconds(3), 512, false);
                Resolution r = new EnrTreeDiscovery().discover(new Seed(zone.url(), PORT, BitcoinNetwork.BITCOIN), resolver)
                        .get(30, TimeUnit.SECONDS);
                assertEquals(Optional.empty(), r.error(), dns.log());
                assertEquals(9L, ((Number) r.discovery().get("seq")).longValue());
                assertEquals(Map.of("no-tcp-endpoint", 1), r.discovery().get("invalid"));
                assertEquals(12, r.targets().size());
                for (EthereumjsNode peer : List.of(a, b)) {
                    HandshakeTarget t = r.targets().stream()
                            .filter(x -> x.identity().equals(Optional.of(peer.nodeId()))).findFirst()
                            .orElseThrow(() -> new AssertionError("no target for " + peer.enode() + " in " + r.targets()));
                    assertEquals(peer.ip(), t.address().getHostAddress());
                    assertEquals(peer.port(), t.port());
                    assertEquals(false, t.contact(), "loopback is not routable without allow-private");
                    assertEquals(peer.enode(), "enode://" + t.identity().orElseThrow() + "@" + t.endpoint());
                }
            }
        }
    }

    /** How many character-strings the TXT record at {@code name} comes in. */
    private static int rawStrings(HostAndPort server, String name) throws Exception {
        org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver(server.host());
        resolver.setPort(server.port());
        org.xbill.DNS.Lookup lookup = new org.xbill.DNS.Lookup(name + ".", org.xbill.DNS.Type.TXT);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        org.xbill.DNS.Record[] records = lookup.run();
        return ((org.xbill.DNS.TXTRecord) records[0]).getStrings().size();
    }
}
