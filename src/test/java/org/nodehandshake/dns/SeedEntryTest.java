package org.nodehandshake.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.Network;

/** handshake.seeds entries: name[:port][@network][/x<hex>]. */
class SeedEntryTest {

    @Test
    void aBareNameTakesTheDefaultNetworkAndItsPort() {
        assertEquals(new Seed("seed.bitcoin.sipa.be", 8333, Network.BITCOIN), Seed.parse("seed.bitcoin.sipa.be", Network.BITCOIN));
    }

    @Test
    void aNetworkSetsThePortDefault() {
        assertEquals(new Seed("testnet-seed.example", 18333, Network.TESTNET3), Seed.parse("testnet-seed.example@testnet3", Network.BITCOIN));
    }

    @Test
    void anExplicitPortWins() {
        assertEquals(new Seed("seed.test", 19444, Network.LITECOIN_REGTEST), Seed.parse(" seed.test:19444@litecoin-regtest ", Network.BITCOIN));
    }

    @Test
    void aServiceFilterAsksTheSubdomain() {
        Seed seed = Seed.parse("seed.bitcoin.sipa.be/x9", Network.BITCOIN);
        assertEquals(Optional.of("x9"), seed.serviceFilter());
        assertEquals("x9.seed.bitcoin.sipa.be", seed.queryName());
        assertEquals("seed.bitcoin.sipa.be", seed.name());
        assertEquals(Optional.of("x409"), Seed.parse("s.example:8333@bitcoin/X409", Network.BITCOIN).serviceFilter());
    }

    @Test
    void anIpv6LiteralWithPort() {
        assertEquals(new Seed("::1", 18444, Network.REGTEST), Seed.parse("[::1]:18444@regtest", Network.BITCOIN));
    }

    @Test
    void anUnknownNetworkIsRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Seed.parse("s.example@dogecoin", Network.BITCOIN));
        assertEquals(true, e.getMessage().contains("litecoin-regtest"), e.getMessage());
    }

    @Test
    void aBadPortIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Seed.parse("s.example:99999", Network.BITCOIN));
    }

    @Test
    void moneroSeedsTakeMoneroPorts() {
        assertEquals(new Seed("seeds.moneroseeds.se", 18080, Network.MONERO), Seed.parse("seeds.moneroseeds.se@monero", Network.BITCOIN));
        assertEquals(new Seed("node.example", 28080, Network.MONERO_TESTNET), Seed.parse("node.example@monero-testnet", Network.BITCOIN));
        assertEquals(new Seed("node.example", 38080, Network.MONERO_STAGENET), Seed.parse("node.example@monero-stagenet", Network.BITCOIN));
        assertEquals(new Seed("127.0.0.26", 18080, Network.MONERO_REGTEST), Seed.parse("127.0.0.26@monero-regtest", Network.BITCOIN));
    }

    @Test
    void aServiceFilterIsRejectedForMonero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Seed.parse("seeds.moneroseeds.se@monero/x9", Network.BITCOIN));
        assertEquals(true, e.getMessage().contains("Bitcoin-family"), e.getMessage());
    }
}
