package org.nodehandshake.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.bitcoin.BitcoinNetwork;
import org.nodehandshake.bitcoin.BitcoinProtocol;
import org.nodehandshake.bitcoin.BitcoinTransport;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.HandshakeTarget;

/** The handshake is chosen per target: its network and its seed entry's settings over the run's. */
class TargetProtocolsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static TargetProtocols protocols(Map<String, String> runProperties) {
        return new TargetProtocols(ProtocolRegistry.builtIn(),
                new ModuleSettings(k -> Optional.ofNullable(runProperties.get(k)), Clock.systemUTC()));
    }

    private static HandshakeTarget target(String seed, Map<String, String> settings) {
        return new HandshakeTarget(seed, LOOPBACK, 18444, BitcoinNetwork.REGTEST, true, Optional.empty(), settings);
    }

    private static BitcoinTransport transportOf(Object protocol) {
        return ((BitcoinProtocol) protocol).outbound();
    }

    @Test
    void twoEntriesOfOneNetworkWithDifferentTransportsGetDifferentHandshakes() {
        TargetProtocols protocols = protocols(Map.of());
        var v1 = protocols.apply(target("a.example", Map.of("transport", "v1")));
        var v2 = protocols.apply(target("b.example", Map.of("transport", "v2")));
        var plain = protocols.apply(target("c.example", Map.of()));
        assertNotSame(v1, v2);
        assertEquals(BitcoinTransport.V1, transportOf(v1));
        assertEquals(BitcoinTransport.V2, transportOf(v2));
        assertEquals(BitcoinTransport.AUTO, transportOf(plain), "the run's default");
        assertSame(plain, protocols.of(BitcoinNetwork.REGTEST), "no settings: the network's own handshake");
    }

    @Test
    void theSameSettingsShareOneHandshake() {
        TargetProtocols protocols = protocols(Map.of());
        assertSame(protocols.apply(target("a.example", Map.of("transport", "v1"))),
                protocols.apply(target("b.example", Map.of("transport", "v1"))));
    }

    @Test
    void anEntrysSettingWinsOverTheRunsAndTheRestOfTheRunsSettingsStay() {
        TargetProtocols protocols = protocols(Map.of("handshake.transport", "v1", "handshake.user-agent", "/probe:1/"));
        assertEquals(BitcoinTransport.V1, transportOf(protocols.of(BitcoinNetwork.REGTEST)));
        var entry = protocols.apply(target("a.example", Map.of("transport", "auto")));
        assertEquals(BitcoinTransport.AUTO, transportOf(entry));
        ModuleSettings overlaid = new ModuleSettings(k -> Optional.ofNullable(Map.of("handshake.transport", "v1",
                "handshake.user-agent", "/probe:1/").get(k)), Clock.systemUTC()).overlay(Map.of("handshake.transport", "auto"));
        assertEquals(Optional.of("auto"), overlaid.property("handshake.transport"));
        assertEquals(Optional.of("/probe:1/"), overlaid.property("handshake.user-agent"));
    }

    @Test
    void aBadValueIsRefusedNamingTheSourceTheEntryAndTheShortKey() {
        TargetProtocols protocols = protocols(Map.of());
        Seed seed = new Seed("seed.example", 18444, BitcoinNetwork.REGTEST, Optional.empty(), Map.of("transport", "v3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> protocols.check("handshake.seeds", seed));
        assertEquals("handshake.seeds: 'seed.example;transport=v3': transport must be one of auto, v2, v1: v3", e.getMessage());
    }
}
