package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.MonerodNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.ReportSchema;
import org.nodehandshake.testing.SilentListener;

/**
 * The one-shot command with {@code --network monero-regtest}, end to end against real parts on loopback
 * only: a name served by a real dnsmasq resolves to a real {@code monerod --regtest}, a listener that
 * never speaks, and an address where nothing listens.
 */
class MoneroSeedIT {

    static final String NODE_IP = "127.0.0.26";
    static final String SILENT_IP = "127.0.0.27";
    static final String CLOSED_IP = "127.0.0.28";
    static final String DNS_IP = "127.0.0.36";
    static final int PORT = 18080; // monero-regtest's default port: the command line needs no port
    static final int RPC_PORT = 18081;
    static final int TIMEOUT_MS = 3000;
    static final int IPV6_PORT = 18486;

    static MonerodNode node;
    static DnsmasqServer dns;
    static SilentListener silent;

    @BeforeAll
    static void startRealParts() throws Exception {
        try {
            // Also on [::1] (a port no other test uses), so the IPv6 path is proved against the real node.
            node = MonerodNode.start(NODE_IP, PORT, RPC_PORT, "--p2p-use-ipv6", "--p2p-bind-ipv6-address", "::1",
                    "--p2p-bind-port-ipv6", Integer.toString(IPV6_PORT));
            node.mine(3);
            silent = new SilentListener(SILENT_IP, PORT);
            dns = DnsmasqServer.start(DNS_IP, Map.of("xmr.test", List.of(NODE_IP, SILENT_IP, CLOSED_IP)), Map.of());
        } catch (Throwable t) {
            stopRealParts();
            throw t;
        }
    }

    @AfterAll
    static void stopRealParts() throws Exception {
        try {
            if (dns != null) {
                dns.close();
            }
            if (silent != null) {
                silent.close();
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void handshakesWithEveryAddressTheSeedHandsOutAndTheNodeSeesUsPastTheHandshake(@TempDir Path reports)
            throws Exception {
        JsonNode info = node.getInfo();
        assertEquals(4, info.get("height").asLong(), "genesis and 3 mined blocks: " + info);

        // Linger so that the node's own RPC can show our connection while it is open.
        Path out = reports.resolveSibling("run.out");
        Process run = Jar.start(out, "xmr.test", "--network", "monero-regtest",
                "--timeout", Integer.toString(TIMEOUT_MS), "--linger", "10000",
                "--dns-server", dns.address(), "--allow-private", "--report-dir", reports.toString());
        try {
            Optional<JsonNode> us = awaitConnection(node, c -> c.get("incoming").asBoolean(), Duration.ofSeconds(15));
            assertTrue(us.isPresent(), "monerod never listed our connection past the handshake: " + node.getConnections());
            // The node counts the handshake done: state left before_handshake, and it holds our peer id.
            assertEquals(ourPeerIds(out).get(NODE_IP + ":" + PORT), us.get().get("peer_id").asText(), us.get()::toString);
            assertEquals(1, us.get().get("height").asLong(), "the height we claim: genesis only");
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "ended after the linger");
            assertEquals(0, run.exitValue());
        } finally {
            Processes.stop(run, Duration.ofSeconds(1));
        }

        JsonNode report = ReportSchema.assertValid(reports.resolve("latest.json"));
        JsonNode seed = report.at("/seeds/0");
        assertEquals("monero-regtest", seed.get("network").asText());
        assertEquals(Set.of(NODE_IP, SILENT_IP, CLOSED_IP), LitecoinSeedIT.texts(seed.get("addresses")));
        Map<String, JsonNode> byAddress = new HashMap<>();
        seed.get("results").forEach(r -> byAddress.put(r.get("address").asText(), r));

        JsonNode real = byAddress.get(NODE_IP);
        assertEquals("SUCCESS", real.get("outcome").asText(), real::toString);
        assertTrue(real.get("reasonCode").isNull(), real::toString);
        assertEquals("concluded", real.get("stage").asText());
        JsonNode peer = real.get("peer");
        // What the node told us equals what its own RPC says about itself.
        assertEquals(info.get("height").asLong(), peer.get("currentHeight").asLong(), peer::toString);
        assertEquals(info.get("top_block_hash").asText(), peer.get("topId").asText());
        assertEquals(info.get("cumulative_difficulty").asLong(), peer.get("cumulativeDifficulty").asLong());
        assertEquals("1230f171610441611731008216a1a110", peer.get("networkId").asText());
        assertEquals(PORT, peer.get("myPort").asInt());
        assertTrue(peer.get("peerId").asText().matches("[0-9a-f]{16}"), peer::toString);
        assertTrue(LitecoinSeedIT.texts(peer.get("messages")).contains("handshake response"), peer::toString);

        JsonNode hung = byAddress.get(SILENT_IP);
        assertEquals("FAILED", hung.get("outcome").asText());
        assertEquals("timeout", hung.get("reasonCode").asText(), hung::toString);
        assertEquals("sent", hung.get("stage").asText(), "timed out waiting for the handshake response: " + hung);
        assertTrue(silent.accepted() > 0, "the silent listener saw our connection");

        JsonNode closed = byAddress.get(CLOSED_IP);
        assertEquals("FAILED", closed.get("outcome").asText());
        assertEquals("connect-refused", closed.get("reasonCode").asText(), closed::toString);
        assertEquals("connect", closed.get("stage").asText());

        // From the node's log: our request arrived and it answered it.
        String log = node.log();
        assertTrue(log.contains("received for category command-1001 initiated by peer"), "node saw our request");
        assertTrue(log.contains("sent for category command-1001 initiated by us"), "node answered it");
    }

    @Test
    void anIpv6LiteralHandshakesOverIpv6(@TempDir Path reports) throws Exception {
        Processes.Result run = Jar.run("::1", Integer.toString(IPV6_PORT), "3000", "--network", "monero-regtest",
                "--report-dir", reports.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode result = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0/results/0");
        assertEquals("0:0:0:0:0:0:0:1", result.get("address").asText());
        assertEquals("SUCCESS", result.get("outcome").asText(), result::toString);
        assertEquals(node.getInfo().get("top_block_hash").asText(), result.at("/peer/topId").asText());
    }

    @Test
    void aWrongNetworkIsNamedInTheReason(@TempDir Path reports) throws Exception {
        Processes.Result run = Jar.run(NODE_IP, Integer.toString(PORT), "2000", "--network",
                "monero-testnet", "--report-dir", reports.toString());
        assertEquals(1, run.exitCode(), run::toString);
        JsonNode result = ReportSchema.assertValid(reports.resolve("latest.json")).at("/seeds/0/results/0");
        // monerod drops a peer of another network without a word ("WRONG NETWORK AGENT CONNECTED!").
        assertEquals("FAILED", result.get("outcome").asText(), result::toString);
        assertEquals("closed-by-peer", result.get("reasonCode").asText(), result::toString);
        assertEquals("sent", result.get("stage").asText(), "our request was sent, nothing came back: " + result);
    }

    /** The peer ids our log gives on its handshake lines, by endpoint, as monerod's get_connections prints them. */
    static Map<String, String> ourPeerIds(Path out) throws Exception {
        Map<String, String> ids = new HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "handshake (?:request|response): Sending \\d+ bytes to (\\S+) \\(our peer id ([0-9a-f]{16})\\)")
                .matcher(ResponderIT.read(out));
        while (m.find()) {
            ids.put(m.group(1), m.group(2));
        }
        return ids;
    }

    static Optional<JsonNode> awaitConnection(MonerodNode node, java.util.function.Predicate<JsonNode> which,
                                              Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode c : node.getConnections()) {
                if (which.test(c) && !c.get("state").asText().equals("before_handshake")) {
                    return Optional.of(c);
                }
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }
}
