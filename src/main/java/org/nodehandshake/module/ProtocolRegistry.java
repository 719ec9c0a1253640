package org.nodehandshake.module;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.protocol.Network;

/**
 * The protocols this build speaks: the modules listed in
 * {@code META-INF/services/org.nodehandshake.module.ProtocolModule}, in that order (the first preset of
 * the first module is the default network). Everything that lists networks (help, settings, seed
 * entries, the schema's test) asks here.
 */
public final class ProtocolRegistry {

    private static final Pattern ENTRY = Pattern.compile("^(.+?)(?:@([a-z0-9-]+))?(?:/([A-Za-z0-9*-]+))?$");

    private final List<ProtocolModule> modules;
    private final Map<String, Network> byId = new HashMap<>();
    private final Map<Network, ProtocolModule> moduleOf = new IdentityHashMap<>();
    private final List<Network> networks = new ArrayList<>();

    public ProtocolRegistry(List<? extends ProtocolModule> modules) {
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("no protocol module registered");
        }
        this.modules = List.copyOf(modules);
        for (ProtocolModule module : this.modules) {
            for (Network network : module.networks()) {
                if (byId.putIfAbsent(network.id(), network) != null) {
                    throw new IllegalArgumentException("network id registered twice: " + network.id());
                }
                moduleOf.put(network, module);
                networks.add(network);
            }
        }
    }

    /** The modules found on the class path, in their registration order. */
    public static ProtocolRegistry builtIn() {
        return BuiltIn.REGISTRY;
    }

    private static final class BuiltIn {
        static final ProtocolRegistry REGISTRY = new ProtocolRegistry(
                ServiceLoader.load(ProtocolModule.class, ProtocolRegistry.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList());
    }

    /** This registry and one more module after the others (a test's, a plug-in's). */
    public ProtocolRegistry with(ProtocolModule extra) {
        List<ProtocolModule> all = new ArrayList<>(modules);
        all.add(extra);
        return new ProtocolRegistry(all);
    }

    public List<ProtocolModule> modules() {
        return modules;
    }

    /** Every preset, module by module. */
    public List<Network> networks() {
        return List.copyOf(networks);
    }

    /** The preset for {@code handshake.network} when none is set: the first one registered. */
    public Network defaultNetwork() {
        return networks.get(0);
    }

    public Optional<Network> network(String id) {
        return Optional.ofNullable(byId.get(id.trim().toLowerCase(Locale.ROOT)));
    }

    /** A preset by name, or an error that lists the choices. */
    public Network requireNetwork(String id) {
        return network(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown network: " + id + " (expected one of: " + names() + ")"));
    }

    public ProtocolModule moduleOf(Network network) {
        ProtocolModule module = moduleOf.get(network);
        if (module == null) {
            throw new IllegalArgumentException("network not registered: " + network.id());
        }
        return module;
    }

    /** All preset names, comma-separated, for help and error texts. */
    public String names() {
        return networks.stream().map(Network::id).collect(Collectors.joining(", "));
    }

    /** How each network's seeds become targets, with these settings. */
    public Discovery discoveryOf(Network network, ModuleSettings settings) {
        return moduleOf(network).discovery(settings);
    }

    /**
     * Every module's command-line options, in registration order. Modules may share an option by
     * claiming the same name for the same property (one node key file serves every protocol): the help
     * then joins theirs (each module checks the value as it reads it). A name claimed for two properties is refused.
     */
    public List<ModuleOption> options() {
        Map<String, ModuleOption> byName = new LinkedHashMap<>();
        for (ProtocolModule module : modules) {
            for (ModuleOption option : module.options()) {
                ModuleOption other = byName.get(option.name());
                if (other == null) {
                    byName.put(option.name(), option);
                } else if (!other.property().equals(option.property())) {
                    throw new IllegalArgumentException("option " + option.name() + " claimed for two properties");
                } else {
                    byName.put(option.name(), new ModuleOption(option.name(), other.valueName(), option.property(),
                            other.help() + "; " + option.help()));
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /** Every module's seed-health tallies, in registration order, each once. */
    public List<String> healthTallies() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        modules.forEach(m -> names.addAll(m.healthTallies()));
        return List.copyOf(names);
    }

    /**
     * Parses a seed entry {@code name[:port][@network][/filter]}, e.g. {@code seed.example.org/x9}
     * or {@code [::1]:18444@regtest}; port and network default as given, the filter is the network's
     * module's to accept.
     */
    public Seed parseSeed(String entry, Network defaultNetwork) {
        Matcher m = ENTRY.matcher(entry.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not name[:port][@network][/filter]: " + entry);
        }
        String whole = entry.trim();
        // A protocol's own notation is read whole, before any ":port", "@network" or "/filter" is split
        // off: "@label" may be part of it (tree://key@domain), and so may "/..." (/ip4/1.2.3.4/tcp/1/p2p/id).
        int at = whole.lastIndexOf('@');
        if (at > 0) {
            Optional<Network> named = network(whole.substring(at + 1));
            if (named.isPresent() && moduleOf(named.get()).ownsNotation(whole.substring(0, at))) {
                return new Seed(whole.substring(0, at), named.get().defaultPort(), named.get());
            }
        }
        if (moduleOf(defaultNetwork).ownsNotation(whole)) {
            return new Seed(whole, defaultNetwork.defaultPort(), defaultNetwork);
        }
        Network network = m.group(2) == null ? defaultNetwork : network(m.group(2)).orElseThrow(
                () -> new IllegalArgumentException("unknown network in '" + entry + "' (expected one of: "
                        + names() + ")"));
        HostAndPort host = HostAndPort.parse(m.group(1), network.defaultPort()).orElseThrow(
                () -> new IllegalArgumentException("not name[:port] in '" + entry + "'"));
        Optional<String> filter = Optional.ofNullable(m.group(3)).map(f -> moduleOf(network).serviceFilter(network, f));
        return new Seed(host.host(), host.port(), network, filter);
    }
}
