package org.nodehandshake.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.ethereum.EthereumNetwork;
import org.nodehandshake.libp2p.Libp2pNetwork;
import org.nodehandshake.module.ProtocolRegistry;

/** A seed entry's own settings: {@code name[:port][@network][/filter];key=value...}, the keys its module declares. */
class SeedEntrySettingsTest {

    private static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn();
    private static final String ENRTREE = "enrtree://AM5FCQLWIZX2QFPNJAP7VUERCCRNGRHWZG3YYHIUV7BVDQ5FDPRT2@nodes.example.org";
    private static final String MULTIADDR = "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5";

    private static Seed parse(String entry) {
        return REGISTRY.parseSeed(entry, BitcoinNetwork.BITCOIN);
    }

    private static String refusal(String entry) {
        return assertThrows(IllegalArgumentException.class, () -> REGISTRY.parseSeeds(entry, BitcoinNetwork.BITCOIN))
                .getMessage();
    }

    @Test
    void anEntryWithoutSettingsHasNone() {
        Seed seed = parse("seed.example/x9");
        assertEquals(Map.of(), seed.settings());
        assertEquals("seed.example", seed.label());
    }

    @Test
    void aTransportSettingAfterTheFilter() {
        Seed seed = parse("seed.example/x9;transport=v1");
        assertEquals(new Seed("seed.example", 8333, BitcoinNetwork.BITCOIN, Optional.of("x9"), Map.of("transport", "v1")), seed);
        assertEquals("x9.seed.example", seed.queryName());
        assertEquals("seed.example;transport=v1", seed.label());
    }

    @Test
    void aTransportSettingAfterPortAndNetwork() {
        assertEquals(new Seed("::1", 18444, BitcoinNetwork.REGTEST, Optional.empty(), Map.of("transport", "v2")),
                parse("[::1]:18444@regtest;transport=v2"));
        assertEquals(new Seed("seed.test", 19444, BitcoinNetwork.LITECOIN_REGTEST, Optional.empty(), Map.of("transport", "auto")),
                parse(" seed.test:19444@litecoin-regtest ; transport = auto "));
    }

    @Test
    void everySeedOfAnExpandedFilterCarriesTheSettings() {
        List<Seed> seeds = REGISTRY.parseSeeds("seed.example/x*;transport=v1", BitcoinNetwork.BITCOIN);
        assertEquals(true, seeds.size() > 1, seeds.toString());
        seeds.forEach(s -> assertEquals(Map.of("transport", "v1"), s.settings(), s.toString()));
        assertEquals(seeds.size(), seeds.stream().map(Seed::queryName).distinct().count());
    }

    @Test
    void settingsAreKeptSortedSoTheLabelIsStable() {
        Seed seed = new Seed("seed.example", 8333, BitcoinNetwork.BITCOIN, Optional.empty(), Map.of("zeta", "1", "alpha", "2"));
        assertEquals("seed.example;alpha=2;zeta=1", seed.label());
        assertEquals(List.of("alpha", "zeta"), List.copyOf(seed.settings().keySet()));
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheEntryAndTheKey() {
        assertEquals("'seed.example;speed=fast': unknown setting speed (expected one of: transport)",
                refusal("seed.example;speed=fast"));
    }

    @Test
    void aKeyIsOnlyWhatTheEntrysNetworkDeclares() {
        assertEquals("'node.example@monero;transport=v1': unknown setting transport (expected none for this network)",
                refusal("node.example@monero;transport=v1"));
    }

    @Test
    void anEmptyValueIsRefused() {
        assertEquals("'seed.example;transport=': setting transport needs a value of 1-64 letters, digits and .+-_"
                + " (transport=<value>): ''", refusal("seed.example;transport="));
        assertEquals(true, refusal("seed.example;transport").contains("setting transport needs a value"));
    }

    @Test
    void aValueOutsideTheAlphabetIsRefused() {
        assertEquals(true, refusal("seed.example;transport=v 1").contains("setting transport needs a value"));
        assertEquals(true, refusal("seed.example;transport=" + "v".repeat(65)).contains("setting transport needs a value"));
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertEquals("'seed.example;transport=v1;transport=v2': setting transport given twice",
                refusal("seed.example;transport=v1;transport=v2"));
    }

    @Test
    void anEmptySettingIsRefused() {
        assertEquals("'seed.example;transport=v1;': a setting without a name (expected ;key=value)",
                refusal("seed.example;transport=v1;"));
        assertEquals(true, refusal("seed.example;=v1").contains("a setting without a name"));
    }

    @Test
    void aBadValueIsTheModulesToRefuseWhenItBuildsTheHandshake() {
        // The alphabet is all parsing checks; "v3" is refused at start by the module (HandshakeBeansSeedSettingsTest).
        assertEquals(Map.of("transport", "v3"), parse("seed.example;transport=v3").settings());
    }

    @Test
    void anEnrtreeEntryIsReadWholeWithoutSettings() {
        assertEquals(new Seed(ENRTREE, 30303, EthereumNetwork.MAINNET), parse(ENRTREE + "@ethereum"));
    }

    @Test
    void anEnrtreeEntrysSettingsAreSplitOffBeforeItsNotationIsRead() {
        // Read whole up to ';' (its '@' is the notation's): then the key is its module's to accept, and it declares none.
        assertEquals("'" + ENRTREE + "@ethereum;transport=v1': unknown setting transport (expected none for this network)",
                refusal(ENRTREE + "@ethereum;transport=v1"));
    }

    @Test
    void aMultiaddrEntryIsReadWholeWithAndWithoutSettings() {
        assertEquals(new Seed(MULTIADDR, 4001, Libp2pNetwork.LIBP2P), parse(MULTIADDR + "@libp2p"));
        assertEquals(true, refusal(MULTIADDR + "@libp2p;transport=v1").endsWith(
                ": unknown setting transport (expected none for this network)"));
    }
}
