package org.nodehandshake.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;

/** The registry's own rules: unique ids, the default, seed entries in a protocol's own notation. */
class ProtocolRegistryTest {

    private record Net(String id, int defaultPort) implements Network {
    }

    /** A protocol whose seeds may be written tree://key@domain, and its targets /tree/host/port/id. */
    private static final class TreeModule implements ProtocolModule {
        private final List<Net> networks;

        TreeModule(Net... networks) {
            this.networks = List.of(networks);
        }

        @Override
        public String name() {
            return "tree";
        }

        @Override
        public List<Net> networks() {
            return networks;
        }

        @Override
        public HandshakeProtocol handshake(Network network, ModuleSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean ownsNotation(String name) {
            return name.startsWith("tree://") || name.startsWith("/tree/");
        }

        @Override
        public Map<String, String> seedSettings() {
            return Map.of("depth", "handshake.tree.depth");
        }

        @Override
        public String successMeans() {
            return "";
        }

        @Override
        public String partialMeans() {
            return "";
        }
    }

    private static final Net TREE = new Net("tree", 30303);
    private static final Net TREE_TEST = new Net("tree-test", 30304);
    private static final ProtocolRegistry REGISTRY = new ProtocolRegistry(List.of(new TreeModule(TREE, TREE_TEST)));

    @Test
    void theFirstPresetIsTheDefault() {
        assertEquals(TREE, REGISTRY.defaultNetwork());
        assertEquals("tree, tree-test", REGISTRY.names());
    }

    @Test
    void anIdRegisteredTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProtocolRegistry(List.of(new TreeModule(TREE), new TreeModule(new Net("tree", 1)))));
    }

    @Test
    void anEntryInTheProtocolsNotationIsKeptWhole() {
        assertEquals(new Seed("tree://KEY@lists.example.org", 30303, TREE),
                REGISTRY.parseSeed("tree://KEY@lists.example.org", TREE));
        assertEquals(new Seed("tree://KEY@lists.example.org", 30304, TREE_TEST),
                REGISTRY.parseSeed("tree://KEY@lists.example.org@tree-test", TREE));
    }

    @Test
    void aSingleLabelDomainIsNotTakenForANetwork() {
        assertEquals(new Seed("tree://KEY@localdomain", 30303, TREE), REGISTRY.parseSeed("tree://KEY@localdomain", TREE));
    }

    @Test
    void anUnknownNetworkIsStillRefusedForPlainNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REGISTRY.parseSeed("seed.example@nowhere", TREE));
        assertEquals("unknown network in 'seed.example@nowhere' (expected one of: tree, tree-test)", e.getMessage());
    }

    @Test
    void aNotationWithSlashesIsReadWholeNotAsAFilter() {
        assertEquals(new Seed("/tree/127.0.0.1/30303/ID", 30303, TREE), REGISTRY.parseSeed("/tree/127.0.0.1/30303/ID", TREE));
        assertEquals(new Seed("/tree/127.0.0.1/30303/ID", 30304, TREE_TEST),
                REGISTRY.parseSeed("/tree/127.0.0.1/30303/ID@tree-test", TREE));
    }

    @Test
    void aNotationEntrysSettingsAreSplitOffFirstAndItsNameKeptWhole() {
        Map<String, String> depth = Map.of("depth", "3");
        assertEquals(new Seed("tree://KEY@lists.example.org", 30304, TREE_TEST, Optional.empty(), depth),
                REGISTRY.parseSeed("tree://KEY@lists.example.org@tree-test;depth=3", TREE));
        assertEquals(new Seed("tree://KEY@lists.example.org", 30303, TREE, Optional.empty(), depth),
                REGISTRY.parseSeed("tree://KEY@lists.example.org;depth=3", TREE));
        assertEquals(new Seed("/tree/127.0.0.1/30303/ID", 30303, TREE, Optional.empty(), depth),
                REGISTRY.parseSeed("/tree/127.0.0.1/30303/ID;depth=3", TREE));
    }

    /** A protocol that only declares options. */
    private record OptionsModule(String name, List<ModuleOption> options, Net network) implements ProtocolModule {
        @Override
        public List<Net> networks() {
            return List.of(network);
        }

        @Override
        public HandshakeProtocol handshake(Network n, ModuleSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String successMeans() {
            return "";
        }

        @Override
        public String partialMeans() {
            return "";
        }
    }

    private static ModuleOption keyOption(String property, String help) {
        return new ModuleOption("--key", "FILE", property, help);
    }

    @Test
    void modulesShareAnOptionForTheSameProperty() {
        ProtocolRegistry registry = new ProtocolRegistry(List.of(
                new OptionsModule("one", List.of(keyOption("handshake.key", "one's key")), new Net("one", 1)),
                new OptionsModule("two", List.of(keyOption("handshake.key", "two's key")), new Net("two", 2))));
        List<ModuleOption> options = registry.options();
        assertEquals(1, options.size());
        assertEquals("one's key; two's key", options.get(0).help());
    }

    @Test
    void anOptionClaimedForTwoPropertiesIsRefused() {
        ProtocolRegistry registry = new ProtocolRegistry(List.of(
                new OptionsModule("one", List.of(keyOption("handshake.one.key", "one's key")), new Net("one", 1)),
                new OptionsModule("two", List.of(keyOption("handshake.two.key", "two's key")), new Net("two", 2))));
        assertThrows(IllegalArgumentException.class, registry::options);
    }
}
