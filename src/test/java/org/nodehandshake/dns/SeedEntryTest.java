package org.nodehandshake.dns;

import org.nodehandshake.monero.MoneroNetwork;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.module.ProtocolRegistry;

/** handshake.seeds entries: name[:port][@network][/filter]; the network's module checks the filter. */
class SeedEntryTest {

    private static final ProtocolRegistry REGISTRY = ProtocolRegistry.builtIn();

    @Test
    void aBareNameTakesTheDefaultNetworkAndItsPort() {
        assertEquals(new Seed("seed.bitcoin.sipa.be", 8333, BitcoinNetwork.BITCOIN), REGISTRY.parseSeed("seed.bitcoin.sipa.be", BitcoinNetwork.BITCOIN));
    }

    @Test
    void aNetworkSetsThePortDefault() {
        assertEquals(new Seed("testnet-seed.example", 18333, BitcoinNetwork.TESTNET3), REGISTRY.parseSeed("testnet-seed.example@testnet3", BitcoinNetwork.BITCOIN));
    }

    @Test
    void anExplicitPortWins() {
        assertEquals(new Seed("seed.test", 19444, BitcoinNetwork.LITECOIN_REGTEST), REGISTRY.parseSeed(" seed.test:19444@litecoin-regtest ", BitcoinNetwork.BITCOIN));
    }

    @Test
    void aServiceFilterAsksTheSubdomain() {
        Seed seed = REGISTRY.parseSeed("seed.bitcoin.sipa.be/x9", BitcoinNetwork.BITCOIN);
        assertEquals(Optional.of("x9"), seed.serviceFilter());
        assertEquals("x9.seed.bitcoin.sipa.be", seed.queryName());
        assertEquals("seed.bitcoin.sipa.be", seed.name());
        assertEquals(Optional.of("x409"), REGISTRY.parseSeed("s.example:8333@bitcoin/X409", BitcoinNetwork.BITCOIN).serviceFilter());
    }

    @Test
    void anIpv6LiteralWithPort() {
        assertEquals(new Seed("::1", 18444, BitcoinNetwork.REGTEST), REGISTRY.parseSeed("[::1]:18444@regtest", BitcoinNetwork.BITCOIN));
    }

    @Test
    void anUnknownNetworkIsRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parseSeed("s.example@dogecoin", BitcoinNetwork.BITCOIN));
        assertEquals(true, e.getMessage().contains("litecoin-regtest"), e.getMessage());
    }

    @Test
    void aBadPortIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parseSeed("s.example:99999", BitcoinNetwork.BITCOIN));
    }

    @Test
    void moneroSeedsTakeMoneroPorts() {
        assertEquals(new Seed("seeds.moneroseeds.se", 18080, MoneroNetwork.MONERO), REGISTRY.parseSeed("seeds.moneroseeds.se@monero", BitcoinNetwork.BITCOIN));
        assertEquals(new Seed("node.example", 28080, MoneroNetwork.MONERO_TESTNET), REGISTRY.parseSeed("node.example@monero-testnet", BitcoinNetwork.BITCOIN));
        assertEquals(new Seed("node.example", 38080, MoneroNetwork.MONERO_STAGENET), REGISTRY.parseSeed("node.example@monero-stagenet", BitcoinNetwork.BITCOIN));
        assertEquals(new Seed("127.0.0.26", 18080, MoneroNetwork.MONERO_REGTEST), REGISTRY.parseSeed("127.0.0.26@monero-regtest", BitcoinNetwork.BITCOIN));
    }

    @Test
    void aServiceFilterIsRejectedForMonero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REGISTRY.parseSeed("seeds.moneroseeds.se@monero/x9", BitcoinNetwork.BITCOIN));
        assertEquals(true, e.getMessage().contains("monero seeds answer no service filter"), e.getMessage());
    }
}
