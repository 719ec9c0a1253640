package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The report's {@code peer} for Ethereum nodes against the schema's {@code ethereumPeer} (validated on
 * its own: the networks enum lists the registered presets only), and the health tallies.
 */
class EthereumPeerReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Hello HELLO = new Hello(5, "Geth/v1.14.0-stable-87246f3c/linux-amd64/go1.22.1",
            List.of(new Hello.Capability("eth", 68), new Hello.Capability("eth", 69), new Hello.Capability("snap", 1)),
            30303, EthCrypto.encode64(NodeKey.random().publicKey()));

    private static Set<ValidationMessage> validate(Object report) throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree(Path.of("schema/handshake-report.schema.json").toFile());
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("$schema", schema.path("$schema").asText());
        wrapper.set("$defs", schema.get("$defs"));
        wrapper.put("$ref", "#/$defs/ethereumPeer");
        JsonNode peer = JSON.readTree(JSON.writeValueAsString(report));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(wrapper).validate(peer);
    }

    @Test
    void anEth69PeerWithStatus() throws Exception {
        EthStatus status = new EthStatus(69, 1, EthereumNetwork.MAINNET.genesisHash(), new ForkId(0x07c9462e, 0),
                new byte[32], Optional.empty(), OptionalLong.of(0), OptionalLong.of(23_000_000));
        EthereumPeer peer = EthereumPeer.of(HELLO, OptionalInt.of(69)).withStatus(status, ForkId.Verdict.COMPATIBLE);
        EthereumPeer.Report report = peer.report(List.of("ack", "hello", "status"));
        assertEquals(Set.of(), validate(report));
        JsonNode json = JSON.readTree(JSON.writeValueAsString(report));
        assertEquals("0x07c9462e", json.path("forkId").path("hash").asText());
        assertEquals(0, json.path("forkId").path("next").asLong());
        assertEquals(23_000_000, json.path("latestBlock").asLong());
        assertFalse(json.has("totalDifficulty"), "eth/69 carries no total difficulty");
        assertEquals(23_000_000, peer.height().getAsLong());
        assertEquals(Map.of("clients", List.of("Geth/v1.14.0"), "ethVersions", List.of("69"),
                "forkIds", List.of("0x07c9462e/0"), "networkIds", List.of("1")), peer.tallies());
    }

    @Test
    void anEth68PeerWithStatusCarriesItsTotalDifficultyAndNoHeight() throws Exception {
        EthStatus status = new EthStatus(68, 1, EthereumNetwork.MAINNET.genesisHash(), new ForkId(0xfc64ec04, 1_150_000),
                new byte[32], Optional.of(new BigInteger("58750003716598352816469")), OptionalLong.empty(), OptionalLong.empty());
        EthereumPeer peer = EthereumPeer.of(HELLO, OptionalInt.of(68)).withStatus(status, ForkId.Verdict.COMPATIBLE);
        assertEquals(Set.of(), validate(peer.report(List.of("ack", "hello", "status"))));
        assertTrue(peer.height().isEmpty());
    }

    @Test
    void aFullPeerThatOnlySaidHello() throws Exception {
        EthereumPeer peer = EthereumPeer.of(HELLO, OptionalInt.of(69)).withDisconnect("too many peers (0x04)");
        EthereumPeer.Report report = peer.report(List.of("ack", "hello", "disconnect"));
        assertEquals(Set.of(), validate(report));
        JsonNode json = JSON.readTree(JSON.writeValueAsString(report));
        assertFalse(json.has("forkId"));
        assertEquals("too many peers (0x04)", json.path("disconnectReason").asText());
        assertEquals(Map.of("clients", List.of("Geth/v1.14.0"), "ethVersions", List.of("69")), peer.tallies());
    }

    @Test
    void theSchemaRefusesAMalformedPeer() throws Exception {
        ObjectNode bad = (ObjectNode) JSON.readTree(JSON.writeValueAsString(EthereumPeer.of(HELLO, OptionalInt.empty()).report(List.of())));
        bad.put("nodeId", "abc");
        assertFalse(validate(bad).isEmpty());
    }
}
