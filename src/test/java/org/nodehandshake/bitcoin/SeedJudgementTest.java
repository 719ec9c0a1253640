package org.nodehandshake.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.report.PeerJudge;

/** Service filters verified and bitcoin-seeder's IsGood checks, one rule at a time. */
class SeedJudgementTest {

    static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn();
    static final PeerJudge JUDGE = REGISTRY.peerJudge();
    static final BitcoinModule MODULE = new BitcoinModule();

    static BitcoinPeer peer(int version, long services) {
        return new BitcoinPeer(version, "/Satoshi:27.0.0/", services, 900_000, true);
    }

    static Seed seed(String entry) {
        return REGISTRY.parseSeed(entry, BitcoinNetwork.BITCOIN);
    }

    @Test
    void aNodeLackingAFilterBitIsAMismatchNamingTheBit() {
        assertEquals(List.of("NODE_WITNESS"), JUDGE.filterMismatch(seed("seed.test/x9"), peer(70016, 0x1)));
        assertEquals(List.of("NODE_NETWORK", "NODE_WITNESS"), JUDGE.filterMismatch(seed("seed.test/x9"), peer(70016, 0x400)));
        assertEquals(List.of("NODE_COMPACT_FILTERS", "NODE_P2P_V2"),
                JUDGE.filterMismatch(seed("seed.test/x849"), peer(70016, 0x9)));
    }

    @Test
    void aNodeWithEveryFilterBitAndMoreMatches() {
        assertEquals(List.of(), JUDGE.filterMismatch(seed("seed.test/x9"), peer(70016, 0xc49)));
        assertEquals(List.of(), JUDGE.filterMismatch(seed("seed.test/x409"), peer(70016, 0x409)));
        assertEquals(List.of(), JUDGE.filterMismatch(seed("seed.test"), peer(70016, 0)), "no filter asked, none promised");
    }

    @Test
    void everyFilterStandsForTheSeedersDefaultList() {
        List<Seed> seeds = REGISTRY.parseSeeds("seed.test:8333/x*", BitcoinNetwork.BITCOIN);
        assertEquals(BitcoinModule.ALL_FILTERS, seeds.stream().map(s -> s.serviceFilter().orElseThrow()).toList());
        assertEquals(14, seeds.size());
        assertEquals("x40c.seed.test", seeds.get(13).queryName());
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parseSeed("seed.test/x*", BitcoinNetwork.BITCOIN),
                "one seed asked for, several meant");
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parseSeeds("seed.test/x*", REGISTRY.requireNetwork("monero")),
                "Levin seeds answer no filter");
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parseSeeds("seed.test/y*", BitcoinNetwork.BITCOIN));
    }

    @Test
    void aGoodNodePassesEveryCheck() throws Exception {
        assertEquals(Map.of("defaultPort", true, "services", true, "routable", true, "protocolVersion", true),
                quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, peer(70016, 0x409)));
        assertEquals(List.of("defaultPort", "services", "routable", "protocolVersion"),
                List.copyOf(quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, peer(70016, 0x409)).keySet()), "in IsGood's order");
    }

    @Test
    void eachCheckFailsOnItsOwn() throws Exception {
        assertEquals(false, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8334, peer(70016, 0x409)).get("defaultPort"));
        assertEquals(true, quality(BitcoinNetwork.REGTEST, "8.8.8.8", 18444, peer(70016, 0x409)).get("defaultPort"));
        assertEquals(false, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, peer(70016, 0x408)).get("services"),
                "bitcoin-seeder's IsGood requires NODE_NETWORK: a pruned (NODE_NETWORK_LIMITED only) node is not good");
        assertEquals(false, quality(BitcoinNetwork.BITCOIN, "127.0.0.1", 8333, peer(70016, 0x409)).get("routable"));
        assertEquals(false, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, peer(70000, 0x409)).get("protocolVersion"));
        assertEquals(true, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, peer(70001, 0x409)).get("protocolVersion"),
                "REQUIRE_VERSION 70001 itself is enough");
    }

    /** A node advertising NODE_P2P_V2 (bit 11) with the transport facts its session recorded. */
    static BitcoinPeer v2Node(Map<String, Object> facts) {
        return new BitcoinPeer(70016, "/Satoshi:27.0.0/", 0x809, 900_000, true).spokeOver(facts);
    }

    @Test
    void aNodeAdvertisingP2pV2ThatRefusedV2FailsTheCheck() throws Exception {
        assertEquals(false, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333,
                v2Node(Map.of("transport", "v1", "v2Refused", true))).get("p2pV2"));
    }

    @Test
    void aNodeAdvertisingP2pV2ThatSpokeV2PassesTheCheck() throws Exception {
        assertEquals(true, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333,
                v2Node(Map.of("transport", "v2", "v2Refused", false))).get("p2pV2"));
        assertEquals(true, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, v2Node(Map.of("transport", "v2"))).get("p2pV2"));
    }

    @Test
    void theCheckIsLeftOutWhenV2WasNotTriedOrNotAdvertised() throws Exception {
        assertEquals(null, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, v2Node(Map.of("transport", "v1"))).get("p2pV2"),
                "--transport v1: nothing to judge");
        BitcoinPeer plain = new BitcoinPeer(70016, "/Satoshi:27.0.0/", 0x409, 900_000, true)
                .spokeOver(Map.of("transport", "v1", "v2Refused", true));
        assertEquals(null, quality(BitcoinNetwork.BITCOIN, "8.8.8.8", 8333, plain).get("p2pV2"), "not advertised");
    }

    @Test
    void transportsAreATally() {
        assertEquals(List.of("v2"), v2Node(Map.of("transport", "v2")).tallies().get("transports"));
        assertEquals(List.of(), new BitcoinPeer(70016, "/x:1/", 0, 0, false).tallies().get("transports"));
    }

    static Map<String, Boolean> quality(BitcoinNetwork network, String ip, int port, BitcoinPeer peer) throws Exception {
        return JUDGE.quality(new Seed("seed.test", port, network, Optional.empty()), InetAddress.getByName(ip), port, peer);
    }
}
