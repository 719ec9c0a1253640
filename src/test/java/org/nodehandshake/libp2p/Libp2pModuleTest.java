package org.nodehandshake.libp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nodehandshake.module.ModuleOption;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolRegistry;

class Libp2pModuleTest {

    private final Libp2pModule module = new Libp2pModule();

    private static ModuleSettings settings(Map<String, String> properties) {
        return new ModuleSettings(k -> Optional.ofNullable(properties.get(k)), Clock.systemUTC());
    }

    /** The seed js-libp2p's test peer uses (generateKeyPairFromSeed of 32 bytes 0x01) and the id it prints. */
    @Test
    void aKeyFileIsTheEd25519SeedAsJsLibp2pTakesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "01".repeat(32) + "\n");
        ModuleSettings s = settings(Map.of(Libp2pModule.NODE_KEY_KEY, file.toString()));
        assertEquals("12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5",
                PeerId.ofEncodedKey(Libp2pModule.identity(s).encodedPublicKey()).toString());
        assertEquals("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5",
                Libp2pModule.logListenerMultiaddr(s, InetAddress.getByName("127.0.0.1"), 4001));
        assertEquals("12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5",
                ((Libp2pProtocol) module.handshake(Libp2pNetwork.IPFS, s)).ourPeerId().toString());
    }

    @Test
    void withoutAKeyFileOneRandomKeyServesTheProcess() {
        ModuleSettings s = settings(Map.of());
        assertEquals(PeerId.ofEncodedKey(Libp2pModule.identity(s).encodedPublicKey()),
                PeerId.ofEncodedKey(Libp2pModule.identity(s).encodedPublicKey()));
    }

    @Test
    void aBadKeyFileIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "not hex");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> module.handshake(Libp2pNetwork.LIBP2P, settings(Map.of(Libp2pModule.NODE_KEY_KEY, file.toString()))));
        assertTrue(e.getMessage().startsWith(Libp2pModule.NODE_KEY_KEY), e.getMessage());
    }

    @Test
    void nodeKeyIsOneOptionSharedWithTheOtherModules() {
        List<ModuleOption> keys = ProtocolRegistry.builtIn().options().stream()
                .filter(o -> o.name().equals("--node-key")).toList();
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).help().contains("Ethereum") && keys.get(0).help().contains("Ed25519"), keys.get(0).help());
    }

    @Test
    void multiaddrsAreTheModulesNotationAndNamesAreDnsaddrSeeds() {
        assertTrue(module.ownsNotation("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5"));
        assertTrue(!module.ownsNotation("bootstrap.libp2p.io"));
        assertEquals("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5",
                ProtocolRegistry.builtIn().parseSeed(
                        "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5@libp2p",
                        ProtocolRegistry.builtIn().defaultNetwork()).name());
    }
}
