package org.nodehandshake.module;

import java.net.InetAddress;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.protocol.Network;
import org.nodehandshake.protocol.PeerInfo;
import org.nodehandshake.report.PeerJudge;

/**
 * The protocols this build speaks: the modules listed in
 * {@code META-INF/services/org.nodehandshake.module.ProtocolModule}, in that order (the first preset of
 * the first module is the default network). Everything that lists networks (help, settings, seed
 * entries, the schema's test) asks here.
 */
public final class ProtocolRegistry {

    /** One DNS label of a host name: letters, digits, '-' inside, '_' (service labels such as _dnsaddr). */
    private static final Pattern HOST_LABEL = Pattern.compile("(?i)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?");

    private static final Pattern SETTING_VALUE = Pattern.compile("[A-Za-z0-9.+_-]{1,64}");

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
     * Judges peers by their seed's module: what a filtered seed's node lacks, the module's quality checks.
     */
    public PeerJudge peerJudge() {
        return new PeerJudge() {
            @Override
            public List<String> filterMismatch(Seed seed, PeerInfo peer) {
                return seed.serviceFilter().map(f -> moduleOf(seed.network()).filterMismatch(seed.network(), f, peer))
                        .orElse(List.of());
            }

            @Override
            public Map<String, Boolean> quality(Seed seed, InetAddress address, int port, PeerInfo peer) {
                return moduleOf(seed.network()).quality(seed.network(), address, port, peer);
            }
        };
    }

    /**
     * Parses a seed entry {@code name[:port][@network][/filter][;key=value...]}, e.g.
     * {@code seed.example.org/x9} or {@code [::1]:18444@regtest;transport=v1}; port and network default as
     * given, the filter and the settings ({@link ProtocolModule#seedSettings}) are the network's module's to accept. An entry whose filter stands for several (see {@link #parseSeeds}) is refused.
     */
    public Seed parseSeed(String entry, Network defaultNetwork) {
        List<Seed> seeds = parseSeeds(entry, defaultNetwork);
        if (seeds.size() != 1) {
            throw new IllegalArgumentException("'" + entry + "' stands for " + seeds.size() + " seeds");
        }
        return seeds.get(0);
    }

    /**
     * Parses a seed entry as {@link #parseSeed} does, into one seed per filter the entry's
     * {@code /<filter>} stands for (the module's {@link ProtocolModule#serviceFilters}: several for a name
     * such as {@code /x*}), the seed's name asked once per filter.
     */
    public List<Seed> parseSeeds(String entry, Network defaultNetwork) {
        // The settings are split off first: no protocol's own notation (tree://, /dnsaddr/...) uses ';'.
        String trimmed = entry.trim();
        int semicolon = trimmed.indexOf(';');
        if (semicolon < 0) {
            return parseNotation(trimmed, defaultNetwork);
        }
        List<Seed> seeds = parseNotation(trimmed.substring(0, semicolon).trim(), defaultNetwork);
        Map<String, String> settings = entrySettings(entry, trimmed.substring(semicolon + 1),
                moduleOf(seeds.get(0).network()).seedSettings().keySet());
        return seeds.stream().map(s -> s.withSettings(settings)).toList();
    }

    /**
     * Settings that arrived apart from an entry's text (a distributed job's), checked by the rules of
     * an entry's {@code ;key=value} part for the seed's network.
     */
    public Map<String, String> seedSettings(Seed seed, Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(text.length() == 0 ? "" : ";").append(key).append('=').append(value));
        return entrySettings(seed.name() + ";" + text, text.toString(), moduleOf(seed.network()).seedSettings().keySet());
    }

    /**
     * An entry's {@code key=value;...} part: each key one the entry's module accepts, once, with a value of
     * letters, digits and {@code .+-_} (the module checks the value itself when it builds the handshake).
     */
    private static Map<String, String> entrySettings(String entry, String text, Set<String> accepted) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String part : text.split(";", -1)) {
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "': a setting without a name (expected ;key=value)");
            }
            if (!accepted.contains(key)) {
                throw new IllegalArgumentException("'" + entry + "': unknown setting " + key + " (expected "
                        + (accepted.isEmpty() ? "none for this network" : "one of: " + String.join(", ", new TreeSet<>(accepted))) + ")");
            }
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            if (!SETTING_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + entry + "': setting " + key + " needs a value of 1-64 letters,"
                        + " digits and .+-_ (" + key + "=<value>): '" + value + "'");
            }
            if (settings.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("'" + entry + "': setting " + key + " given twice");
            }
        }
        return settings;
    }

    private List<Seed> parseNotation(String entry, Network defaultNetwork) {
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
                return List.of(new Seed(whole.substring(0, at), named.get().defaultPort(), named.get()));
            }
        }
        if (moduleOf(defaultNetwork).ownsNotation(whole)) {
            return List.of(new Seed(whole, defaultNetwork.defaultPort(), defaultNetwork));
        }
        Network network = m.group(2) == null ? defaultNetwork : network(m.group(2)).orElseThrow(
                () -> new IllegalArgumentException("unknown network in '" + entry + "' (expected one of: "
                        + names() + ")"));
        HostAndPort host = HostAndPort.parse(m.group(1), network.defaultPort()).orElseThrow(
                () -> new IllegalArgumentException("not name[:port] in '" + entry + "'"));
        if (m.group(3) == null) {
            return List.of(new Seed(host.host(), host.port(), network));
        }
        return moduleOf(network).serviceFilters(network, m.group(3)).stream()
                .map(f -> new Seed(host.host(), host.port(), network, Optional.of(f))).toList();
    }

    /**
     * Whether the seed's name can be asked at all: a host name (labels of letters, digits, '-' and '_', at
     * most 253 characters), an IP literal, or a name in its protocol's own notation.
     */
    public boolean isValidName(Seed seed) {
        return isHostName(seed.name()) || isIpLiteral(seed.name()) || moduleOf(seed.network()).ownsNotation(seed.name());
    }

    /** A DNS host name: 1-253 characters (a final dot aside) of labels {@link #HOST_LABEL}. */
    static boolean isHostName(String name) {
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (bare.isEmpty() || bare.length() > 253) {
            return false;
        }
        for (String label : bare.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpLiteral(String text) {
        return org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv4) != null
                || org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv6) != null;
    }
}
