package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Libp2pNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * The one-shot command with libp2p, as a user types it, against real js-libp2p nodes (peer.js): a dnsaddr
 * name served by a real dnsmasq ({@code _dnsaddr.<name>} TXT records, one of them recursive) naming a
 * yamux-only and an mplex-only node; a multiaddr naming a peer id the node cannot prove; and the
 * {@code ipfs} preset against a node that is no DHT server. Our identity is fixed with {@code --node-key}
 * so that the nodes' own logs can be searched for our peer id.
 */
class Libp2pSeedIT {

    static final String YAMUX_IP = "127.0.0.150";
    static final String MPLEX_IP = "127.0.0.151";
    static final String DNS_IP = "127.0.0.152";
    static final String NAME = "bootstrap.libp2p.test";
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path nodeKey(String seedHex) throws Exception {
        return Files.writeString(dir.resolve("node-key"), seedHex);
    }

    @Test
    void aRecursiveDnsaddrNameGivesSuccessWithAYamuxAndAnMplexNodeAndBothIdentifiedUs() throws Exception {
        String ourSeed = Libp2pNode.newSeedHex();
        String ourPeerId = Libp2pNode.peerIdOf(ourSeed);
        String agent = "node-handshake/" + BuildInfo.version();
        try (Libp2pNode yamux = Libp2pNode.start(YAMUX_IP, 4011, Libp2pNode.newSeedHex(), "--muxers", "yamux");
             Libp2pNode mplex = Libp2pNode.start(MPLEX_IP, 4012, Libp2pNode.newSeedHex(), "--muxers", "mplex")) {
            Map<String, List<String>> txt = new LinkedHashMap<>();
            txt.put("_dnsaddr." + NAME, List.of(
                    "dnsaddr=/dnsaddr/sub." + NAME + "/p2p/" + mplex.peerId(),
                    "dnsaddr=" + yamux.multiaddr()));
            txt.put("_dnsaddr.sub." + NAME, List.of("dnsaddr=" + mplex.multiaddr()));
            try (DnsmasqServer dns = DnsmasqServer.start(DNS_IP, Map.of(), Map.of(), txt)) {
                Path reports = dir.resolve("reports");
                Processes.Result run = Jar.run(NAME, "5000", "--network", "libp2p", "--dns-server", dns.address(),
                        "--allow-private", "--node-key", nodeKey(ourSeed).toString(), "--report-dir", reports.toString());
                String diagnostics = run.stdout() + run.stderr() + "\nyamux node:\n" + yamux.diagnostics()
                        + "\nmplex node:\n" + mplex.diagnostics();
                assertEquals(0, run.exitCode(), diagnostics);

                JsonNode seed = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0");
                assertEquals("libp2p", seed.get("network").asText());
                assertEquals("dnsaddr", seed.at("/discovery/list").asText(), seed::toString);
                assertEquals(3, seed.at("/discovery/recordsFetched").asInt(), seed::toString);
                assertEquals(2, seed.get("results").size(), seed::toString);
                assertTrue(dns.log().contains("_dnsaddr.sub." + NAME), "the recursive name was asked of dnsmasq");
                for (Libp2pNode node : List.of(yamux, mplex)) {
                    JsonNode result = resultFor(seed, node.ip());
                    String muxer = node == yamux ? Libp2pNode.YAMUX : Libp2pNode.MPLEX;
                    assertEquals("SUCCESS", result.get("outcome").asText(), result::toString);
                    assertEquals(node.port(), result.get("port").asInt(), "the port is the multiaddr's");
                    assertEquals(node.peerId(), result.at("/peer/peerId").asText());
                    assertEquals("ed25519", result.at("/peer/keyType").asText());
                    assertEquals(muxer, result.at("/peer/muxer").asText());
                    assertEquals(node.agentVersion(), result.at("/peer/agentVersion").asText());
                    assertEquals(node.protocols(), Libp2pNode.strings(result.at("/peer/protocols")));
                    assertEquals(List.of("/ip4/" + node.ip() + "/tcp/" + node.port()),
                            Libp2pNode.strings(result.at("/peer/listenAddrs")));

                    // from the node's side: it authenticated our peer id and accepted our Identify
                    JsonNode identified = node.awaitEvent("identify", ourPeerId, WAIT)
                            .orElseThrow(() -> new AssertionError("no identify of us" + diagnostics));
                    assertEquals(agent, identified.path("agentVersion").asText(), identified::toString);
                    assertEquals(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"),
                            Libp2pNode.strings(identified.path("protocols")));
                    assertEquals("/ip4/" + node.ip() + "/tcp/" + node.port(), identified.path("observedAddr").asText(),
                            "where we saw the node");
                    JsonNode open = node.awaitEvent("connection:open", ourPeerId, WAIT).orElseThrow();
                    assertEquals(muxer, open.path("muxer").asText());
                    assertTrue(node.events("identify:error").isEmpty(), diagnostics);
                }
            }
        }
    }

    @Test
    void aMultiaddrWithAnotherPeerIdIsFailedPeerIdMismatch() throws Exception {
        try (Libp2pNode node = Libp2pNode.start(YAMUX_IP, 4013, Libp2pNode.newSeedHex())) {
            String otherId = Libp2pNode.peerIdOf(Libp2pNode.newSeedHex());
            String target = "/ip4/" + node.ip() + "/tcp/" + node.port() + "/p2p/" + otherId;
            Path reports = dir.resolve("reports");
            Processes.Result run = Jar.run(target, "5000", "--network", "libp2p", "--report-dir", reports.toString());
            assertEquals(1, run.exitCode(), "resolved, no handshake concluded: " + run.stdout() + run.stderr());

            JsonNode result = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0/results/0");
            assertEquals("FAILED", result.get("outcome").asText(), result::toString);
            assertEquals("peer-id-mismatch", result.get("reasonCode").asText(), result::toString);
            assertTrue(result.get("reason").asText().contains(node.peerId()), "the id it proved is named: " + result);
            assertTrue(result.get("reason").asText().contains(otherId), "the id we dialed is named: " + result);
        }
    }

    @Test
    void theIpfsPresetAgainstANodeWithoutTheDhtIsPartialWrongNetwork() throws Exception {
        try (Libp2pNode node = Libp2pNode.start(MPLEX_IP, 4014, Libp2pNode.newSeedHex())) {
            Path reports = dir.resolve("reports");
            Processes.Result run = Jar.run(node.multiaddr(), "5000", "--network", "ipfs", "--report-dir",
                    reports.toString());
            assertEquals(1, run.exitCode(), "no SUCCESS: " + run.stdout() + run.stderr());

            JsonNode result = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0/results/0");
            assertEquals("PARTIAL", result.get("outcome").asText(), result::toString);
            assertEquals("wrong-network", result.get("reasonCode").asText(), result::toString);
            assertEquals(List.of("/ipfs/kad/1.0.0"), Libp2pNode.strings(result.at("/peer/missingProtocols")),
                    result::toString);
            assertEquals(node.peerId(), result.at("/peer/peerId").asText());
            assertEquals(node.protocols(), Libp2pNode.strings(result.at("/peer/protocols")));
        }
    }

    static JsonNode resultFor(JsonNode seed, String ip) {
        for (JsonNode r : seed.get("results")) {
            if (r.get("address").asText().equals(ip)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + ip + " in " + seed);
    }
}
