package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.module.ModuleSettings;

/** The module's settings: node key file, listen port, notation, presets. */
class EthereumModuleTest {

    private static final String KEY_B = "b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291";
    private final EthereumModule module = new EthereumModule();

    private static ModuleSettings settings(Map<String, String> properties) {
        return new ModuleSettings(k -> Optional.ofNullable(properties.get(k)), Clock.systemUTC());
    }

    @Test
    void aGethNodeKeyFileIsOurIdentity(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nodekey");
        Files.writeString(file, KEY_B + "\n");
        ModuleSettings s = settings(Map.of(EthereumModule.NODE_KEY_KEY, file.toString()));
        NodeKey key = EthereumModule.nodeKey(s);
        // EIP-778's example key: its node id is that record's secp256k1 key, uncompressed
        assertTrue(key.nodeIdHex().startsWith("ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138"));
        assertEquals("enode://" + key.nodeIdHex() + "@127.0.0.1:30303",
                EthereumModule.logListenerEnode(s, InetAddress.getByName("127.0.0.1"), 30303));
        assertEquals(key.nodeIdHex(), ((EthereumProtocol) module.handshake(EthereumNetwork.MAINNET, s)).nodeKey().nodeIdHex());
    }

    @Test
    void withoutAKeyFileOneRandomKeyServesTheProcess() {
        ModuleSettings s = settings(Map.of());
        assertEquals(EthereumModule.nodeKey(s).nodeIdHex(), EthereumModule.nodeKey(s).nodeIdHex());
    }

    @Test
    void aBadKeyFileIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nodekey");
        Files.writeString(file, "not hex");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> module.handshake(EthereumNetwork.MAINNET, settings(Map.of(EthereumModule.NODE_KEY_KEY, file.toString()))));
        assertTrue(e.getMessage().startsWith(EthereumModule.NODE_KEY_KEY), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> module.handshake(
                EthereumNetwork.MAINNET, settings(Map.of(EthereumModule.NODE_KEY_KEY, dir.resolve("missing").toString()))));
        assertTrue(missing.getMessage().startsWith(EthereumModule.NODE_KEY_KEY), missing.getMessage());
    }

    @Test
    void ourHelloAnnouncesTheListenersPortOnly() {
        assertEquals(0, EthereumModule.listenPort(settings(Map.of())));
        assertEquals(30311, EthereumModule.listenPort(settings(Map.of("handshake.listen", "127.0.0.1:30311"))));
        EthereumProtocol p = (EthereumProtocol) module.handshake(EthereumNetwork.HOODI,
                settings(Map.of("handshake.listen", "[::1]:30312")));
        Hello hello = p.ourHello();
        assertEquals(30312, hello.listenPort());
        assertEquals("node-handshake/" + BuildInfo.version(), hello.clientId());
        assertEquals(List.of(new Hello.Capability("eth", 68), new Hello.Capability("eth", 69)), hello.capabilities());
    }

    @Test
    void enodeAndEnrtreeNamesAreKeptWhole() {
        assertTrue(module.ownsNotation("enode://" + "ab".repeat(64) + "@127.0.0.1:30303"));
        assertTrue(module.ownsNotation("enrtree://AKA3AM6LPBYEUDMVNU3BSVQJ5AD45Y7YPOHJLEF6W26QOE4VTUDPE@all.mainnet.ethdisco.net"));
        assertTrue(module.ownsNotation("ENODE://" + "ab".repeat(64) + "@127.0.0.1:30303"));
        assertFalse(module.ownsNotation("127.0.0.1:30303"));
        assertInstanceOf(EnrTreeDiscovery.class, module.discovery(settings(Map.of())));
    }

    @Test
    void theListLimitsDefaultAsDocumented() {
        assertEquals(EnrTreeDiscovery.Limits.DEFAULTS, limits(Map.of()));
        assertEquals(EnrTreeDiscovery.Limits.DEFAULTS, limits(Map.of(EnrTreeDiscovery.Limits.MAX_RECORDS_KEY, " ")),
                "a blank value is unset");
    }

    @Test
    void everyListLimitIsAHandshakeProperty() {
        EnrTreeDiscovery.Limits l = limits(Map.of(
                "handshake.enrtree.max-records", "50",
                "handshake.enrtree.max-txt-chars", "2000",
                "handshake.enrtree.max-branch-width", "13",
                "handshake.enrtree.max-depth", "4",
                "handshake.enrtree.max-link-depth", "0",
                "handshake.enrtree.deadline-ms", "1500",
                "handshake.enrtree.parallel-lookups", "2"));
        assertEquals(new EnrTreeDiscovery.Limits(50, 2000, 13, 4, 0, java.time.Duration.ofMillis(1500), 2), l);
    }

    @Test
    void anInvalidListLimitIsRefusedNamingTheKeyAndTheRange() {
        for (String bad : List.of("0", "-3", "100001", "ten", "1e3", "99999999999999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> limits(Map.of(EnrTreeDiscovery.Limits.MAX_RECORDS_KEY, bad)), bad);
            String expected = bad.matches("-?[0-9]{1,18}")
                    ? "handshake.enrtree.max-records out of range: " + bad + " (expected: 1-100000)"
                    : "handshake.enrtree.max-records is not a number: " + bad;
            assertEquals(expected, e.getMessage());
        }
        // zero links is a setting (follow none); zero depth or deadline is not
        assertEquals(0, limits(Map.of(EnrTreeDiscovery.Limits.MAX_LINK_DEPTH_KEY, "0")).maxLinkDepth());
        for (String key : List.of(EnrTreeDiscovery.Limits.MAX_DEPTH_KEY, EnrTreeDiscovery.Limits.DEADLINE_MS_KEY,
                EnrTreeDiscovery.Limits.MAX_TXT_CHARS_KEY, EnrTreeDiscovery.Limits.MAX_BRANCH_WIDTH_KEY,
                EnrTreeDiscovery.Limits.PARALLEL_LOOKUPS_KEY)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> limits(Map.of(key, "0")), key);
            assertTrue(e.getMessage().startsWith(key + " out of range: 0 (expected: 1-"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> limits(Map.of(EnrTreeDiscovery.Limits.MAX_TXT_CHARS_KEY, "65536")), "more than a DNS message");
        // the module's discovery applies them, so a bad value fails the start like a bad node key
        assertThrows(IllegalArgumentException.class,
                () -> module.discovery(settings(Map.of(EnrTreeDiscovery.Limits.DEADLINE_MS_KEY, "600001"))));
        assertEquals(1500, ((EnrTreeDiscovery) module.discovery(settings(Map.of(EnrTreeDiscovery.Limits.DEADLINE_MS_KEY,
                "1500")))).limits().deadline().toMillis());
    }

    private static EnrTreeDiscovery.Limits limits(Map<String, String> properties) {
        return EnrTreeDiscovery.Limits.from(settings(properties));
    }

    @Test
    void presets() {
        assertEquals(List.of("ethereum", "sepolia", "hoodi"), module.networks().stream().map(EthereumNetwork::id).toList());
        assertEquals(List.of(1L, 11155111L, 560048L), module.networks().stream().map(EthereumNetwork::networkId).toList());
        assertEquals("enrtree://AKA3AM6LPBYEUDMVNU3BSVQJ5AD45Y7YPOHJLEF6W26QOE4VTUDPE@all.mainnet.ethdisco.net",
                EthereumNetwork.MAINNET.defaultNodeList());
        assertEquals("enrtree://AKA3AM6LPBYEUDMVNU3BSVQJ5AD45Y7YPOHJLEF6W26QOE4VTUDPE@all.hoodi.ethdisco.net",
                EthereumNetwork.HOODI.defaultNodeList());
        module.networks().forEach(n -> assertEquals(30303, n.defaultPort()));
        assertEquals(List.of("clients", "ethVersions", "forkIds", "networkIds"), module.healthTallies());
    }

    @Test
    void clientNamesForTheTally() {
        assertEquals("Geth/v1.14.0", EthereumPeer.clientName("Geth/v1.14.0-stable-87246f3c/linux-amd64/go1.22.1"));
        assertEquals("Nethermind/v1.25.4", EthereumPeer.clientName("Nethermind/v1.25.4+20b10b35/linux-x64/dotnet8.0.2"));
        assertEquals("reth/v0.2.0", EthereumPeer.clientName("reth/v0.2.0-beta.5-54f75cd/x86_64-unknown-linux-gnu"));
        assertEquals("ethereumjs-devp2p", EthereumPeer.clientName("ethereumjs-devp2p/linux-x64/nodejs"));
        assertEquals("(empty)", EthereumPeer.clientName(""));
    }
}
