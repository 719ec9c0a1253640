package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.ethereum.Enr;
import org.nodehandshake.ethereum.EthCrypto;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.EnrTreeZone;
import org.nodehandshake.testing.EthereumjsNode;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;

/**
 * The one-shot command from an {@code enrtree://} URL, as a user types it: a real dnsmasq serves a
 * signed EIP-1459 list naming two real ethereumjs peers; the jar walks it, completes RLPx, Hello and
 * Status with both, and the peers' own logs show our Hello and our Status accepted. Then the same from
 * an {@code enode://} URL.
 */
class EthereumSeedIT {

    static final String PEER_A_IP = "127.0.0.111";
    static final String PEER_B_IP = "127.0.0.112";
    static final String DNS_IP = "127.0.0.113";
    static final int PORT = 30303;

    @TempDir
    Path reports;

    @Test
    void aNodeListAndAnEnodeUrlHandshakeWithRealEthereumjsPeers() throws Exception {
        try (EthereumjsNode a = EthereumjsNode.start(PEER_A_IP, PORT, EthereumjsNode.newPrivateKeyHex());
             EthereumjsNode b = EthereumjsNode.start(PEER_B_IP, PORT, EthereumjsNode.newPrivateKeyHex())) {
            List<String> leaves = new java.util.ArrayList<>();
            for (EthereumjsNode peer : List.of(a, b)) {
                leaves.add(Enr.builder(1).ip(InetAddress.getByName(peer.ip())).tcp(peer.port()).udp(peer.port())
                        .sign(new BigInteger(peer.privateKeyHex(), 16)).text());
            }
            EnrTreeZone zone = EnrTreeZone.build("nodes.eth.test", EthCrypto.newPrivateKey(), 3, leaves, List.of());
            Map<String, List<String>> txt = new LinkedHashMap<>();
            zone.records().forEach((name, text) -> txt.put(name, List.of(text)));
            try (DnsmasqServer dns = DnsmasqServer.start(DNS_IP, Map.of(), Map.of(), txt)) {
                Processes.Result run = Jar.run(zone.url(), "5000", "--network", "ethereum", "--dns-server", dns.address(),
                        "--allow-private", "--report-dir", reports.toString());
                assertEquals(0, run.exitCode(), run.stdout() + run.stderr());

                JsonNode seed = ReportSchema.assertValid(Files.readString(reports.resolve("latest.json"))).at("/seeds/0");
                assertEquals("ethereum", seed.get("network").asText());
                assertEquals(3, seed.at("/discovery/seq").asInt(), seed.toString());
                assertEquals(2, seed.get("results").size(), seed.toString());
                for (EthereumjsNode peer : List.of(a, b)) {
                    JsonNode result = resultFor(seed, peer.ip());
                    assertEquals("SUCCESS", result.get("outcome").asText(), result::toString);
                    assertEquals("concluded", result.get("stage").asText());
                    assertEquals(peer.nodeId(), result.at("/peer/nodeId").asText());
                    assertEquals(peer.clientId(), result.at("/peer/clientId").asText());
                    assertEquals(1, result.at("/peer/networkId").asInt());
                    // from the node's own side: RLPx and Hello done, our Status accepted, no disconnect before
                    assertTrue(peer.awaitEvent("peer:added", Duration.ofSeconds(5)).isPresent(), peer.diagnostics());
                    JsonNode added = peer.events("peer:added").get(0);
                    assertTrue(added.toString().contains("node-handshake/"), added::toString);
                    assertTrue(peer.awaitEvent("status", Duration.ofSeconds(5)).isPresent(), peer.diagnostics());
                }

                Processes.Result direct = Jar.run(b.enode(), "5000", "--network", "ethereum",
                        "--report-dir", reports.resolve("enode").toString());
                assertEquals(0, direct.exitCode(), direct.stdout() + direct.stderr());
                JsonNode one = ReportSchema.assertValid(Files.readString(reports.resolve("enode").resolve("latest.json")))
                        .at("/seeds/0/results/0");
                assertEquals("SUCCESS", one.get("outcome").asText(), one::toString);
                assertEquals(b.nodeId(), one.at("/peer/nodeId").asText());
            }
        }
    }

    private static JsonNode resultFor(JsonNode seed, String ip) {
        for (JsonNode r : seed.get("results")) {
            if (r.get("address").asText().equals(ip)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + ip + " in " + seed);
    }
}
