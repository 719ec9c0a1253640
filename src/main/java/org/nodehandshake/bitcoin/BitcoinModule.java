package org.nodehandshake.bitcoin;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.dns.AddressPolicy;
import org.nodehandshake.module.ModuleOption;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;
import org.nodehandshake.protocol.PeerInfo;

/**
 * Bitcoin's v1 transport and its family (Bitcoin, its test networks, Litecoin): seeds answer A/AAAA
 * and {@code x<hex>.<name>} service filters; the handshake is version/verack.
 */
public final class BitcoinModule implements ProtocolModule {

    /** The user agent we announce ({@code handshake.user-agent}); empty = /node-handshake:&lt;version&gt;/. */
    public static final String USER_AGENT_KEY = "handshake.user-agent";

    /** What our initiator opens with ({@code --transport}): auto (default), v2 or v1. */
    public static final String TRANSPORT_KEY = "handshake.transport";
    /** What our responder serves ({@code --listen-transport}): v2+v1 (default, one port) or v1. */
    public static final String LISTEN_TRANSPORT_KEY = "handshake.listen.transport";
    static final String SERVE_BOTH = "v2+v1";
    static final String SERVE_V1 = "v1";

    private static final Pattern FILTER = Pattern.compile("x[0-9a-f]{1,16}");

    /** The filter name that stands for every filter in {@link #ALL_FILTERS}. */
    static final String ALL = "x*";

    /**
     * Every filter bitcoin-seeder answers by default, which includes every filter Bitcoin Core's seed
     * list names: sipa/bitcoin-seeder main.cpp lines 207-222 at ff482e4 (the {@code -w} default
     * {@code filter_whitelist}: x1, x5, x9, x49, x809, x849, xd, x400, x404, x408, x448, xc08, xc48, x40c),
     * the same list as the comments on {@code vSeeds} in Bitcoin Core src/kernel/chainparams.cpp ("Ava Chow,
     * only supports x1, x5, x9, x49, x809, x849, xd, x400, x404, x408, x448, xc08, xc48, x40c"; the others
     * name subsets such as "only supports x1, x5, x9, and xd"), and x9 is what Core itself asks
     * (src/net.cpp: {@code strprintf("x%x.%s", SeedsServiceFlags(), seed)}, NODE_NETWORK | NODE_WITNESS).
     */
    static final List<String> ALL_FILTERS = List.of("x1", "x5", "x9", "x49", "x809", "x849", "xd",
            "x400", "x404", "x408", "x448", "xc08", "xc48", "x40c");

    static final long NODE_NETWORK = ServiceFlag.NETWORK.mask();
    /**
     * The quality check of a node that advertises NODE_P2P_V2 when we tried v2: whether it spoke it
     * (health.quality.failed.p2pV2 counts those that did not). Absent for other nodes.
     */
    static final String P2P_V2_CHECK = "p2pV2";
    /**
     * bitcoin-seeder's REQUIRE_VERSION (db.h line 15 at ff482e4): {@code IsGood} refuses a node whose
     * client version is lower.
     */
    static final int REQUIRE_VERSION = 70001;

    @Override
    public String name() {
        return "bitcoin-v1";
    }

    @Override
    public List<BitcoinNetwork> networks() {
        return Arrays.asList(BitcoinNetwork.values());
    }

    /** A seed entry's {@code ;transport=auto|v2|v1} sets {@code handshake.transport} for that entry. */
    @Override
    public Map<String, String> seedSettings() {
        return Map.of("transport", TRANSPORT_KEY);
    }

    @Override
    public HandshakeProtocol handshake(Network network, ModuleSettings settings) {
        String userAgent = settings.property(USER_AGENT_KEY).orElse(BuildInfo.defaultUserAgent());
        userAgentProblem(userAgent).ifPresent(p -> {
            throw new IllegalArgumentException(USER_AGENT_KEY + ": " + p);
        });
        BitcoinTransport outbound = settings.property(TRANSPORT_KEY).map(t -> BitcoinTransport.parse(TRANSPORT_KEY, t))
                .orElse(BitcoinTransport.AUTO);
        return new BitcoinProtocol((BitcoinNetwork) network, userAgent, settings.clock(), AnnouncedVersion.from(settings),
                outbound, servesV2(settings));
    }

    /** {@code handshake.listen.transport}: v2+v1 (default) or v1. */
    static boolean servesV2(ModuleSettings settings) {
        String served = settings.property(LISTEN_TRANSPORT_KEY).orElse(SERVE_BOTH).toLowerCase(Locale.ROOT);
        if (!served.equals(SERVE_BOTH) && !served.equals(SERVE_V1)) {
            throw new IllegalArgumentException(LISTEN_TRANSPORT_KEY + " must be " + SERVE_BOTH + " or " + SERVE_V1 + ": " + served);
        }
        return served.equals(SERVE_BOTH);
    }

    /** Bitcoin Core's seeder answers {@code x<hex service bits>.<name>} with nodes offering those services. */
    @Override
    public String serviceFilter(Network network, String filter) {
        String label = filter.toLowerCase(Locale.ROOT);
        if (!FILTER.matcher(label).matches()) {
            throw new IllegalArgumentException("service filter must be x<hex flags>, e.g. x9: " + filter);
        }
        return label;
    }

    /** {@code /x*} stands for {@link #ALL_FILTERS}, each asked and reported apart. */
    @Override
    public List<String> serviceFilters(Network network, String filter) {
        return ALL.equals(filter) ? ALL_FILTERS : List.of(serviceFilter(network, filter));
    }

    /** The service bits a filter label asks for: {@code x9} -> NODE_NETWORK | NODE_WITNESS. */
    static long requiredServices(String filter) {
        return Long.parseUnsignedLong(filter.substring(1), 16);
    }

    /**
     * The services of {@code filter} the peer does not advertise, by name: a seed answering
     * {@code x<hex>} promises nodes with all of those bits (bitcoin-seeder db.cpp {@code GetIPs_}:
     * {@code (services & requestedFlags) == requestedFlags}).
     */
    @Override
    public List<String> filterMismatch(Network network, String filter, PeerInfo peer) {
        if (!(peer instanceof BitcoinPeer bitcoin) || !FILTER.matcher(filter).matches()) {
            return List.of();
        }
        long missing = requiredServices(filter) & ~bitcoin.services();
        return BitcoinPeer.serviceNames(missing);
    }

    /**
     * bitcoin-seeder's {@code CAddrInfo::IsGood} (db.h lines 104-109 at ff482e4), the checks one handshake
     * can make: the node listens on the network's default port, advertises NODE_NETWORK (the seeder
     * requires that bit; a node offering only NODE_NETWORK_LIMITED is not good), is routable, and speaks
     * at least protocol version {@link #REQUIRE_VERSION}. Its uptime windows need history; its minimum
     * height is judged by the report as {@code notBehind}.
     */
    @Override
    public Map<String, Boolean> quality(Network network, InetAddress address, int port, PeerInfo peer) {
        if (!(peer instanceof BitcoinPeer bitcoin)) {
            return Map.of();
        }
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("defaultPort", port == network.defaultPort());
        checks.put("services", (bitcoin.services() & NODE_NETWORK) != 0);
        checks.put("routable", AddressPolicy.isGloballyRoutable(address));
        checks.put("protocolVersion", bitcoin.protocolVersion() >= REQUIRE_VERSION);
        bitcoin.speaksAdvertisedV2().ifPresent(spoke -> checks.put(P2P_V2_CHECK, spoke));
        return checks;
    }

    @Override
    public List<ModuleOption> options() {
        return List.of(new ModuleOption("--user-agent", "UA", USER_AGENT_KEY,
                        "user agent in our version, Bitcoin family only (default /node-handshake:<version>/)"),
                new ModuleOption("--services", "BITS", AnnouncedVersion.SERVICES_KEY,
                        "Bitcoin family: services our version announces, names or hex, e.g. NETWORK,WITNESS (default 0)"),
                new ModuleOption("--start-height", "N", AnnouncedVersion.START_HEIGHT_KEY,
                        "Bitcoin family: start height our version announces (default 0)"),
                new ModuleOption("--protocol-version", "N", AnnouncedVersion.PROTOCOL_VERSION_KEY,
                        "Bitcoin family: protocol version our version announces, " + AnnouncedVersion.MIN_PROTOCOL_VERSION + "-"
                                + BitcoinProtocol.PROTOCOL_VERSION + " (default " + BitcoinProtocol.PROTOCOL_VERSION + ")"),
                new ModuleOption("--relay", "true|false", AnnouncedVersion.RELAY_KEY,
                        "Bitcoin family: relay flag of our version, true asks for transactions (default false)"),
                new ModuleOption("--transport", "auto|v2|v1", TRANSPORT_KEY,
                        "transport our initiator opens with, Bitcoin family only: auto (default: BIP324 v2, v1 when"
                                + " the node refuses v2), v2 or v1"),
                new ModuleOption("--listen-transport", "v2+v1|v1", LISTEN_TRANSPORT_KEY,
                        "transports the listener serves, Bitcoin family only: v2+v1 (default, one port;"
                                + " we announce NODE_P2P_V2) or v1"));
    }

    /** A user agent is what Core accepts in a version: 1-256 printable ASCII characters. */
    static Optional<String> userAgentProblem(String userAgent) {
        return userAgent.isEmpty() || userAgent.length() > 256 || !userAgent.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                ? Optional.of("1-256 printable ASCII characters expected") : Optional.empty();
    }

    @Override
    public List<String> healthTallies() {
        return BitcoinPeer.TALLIES;
    }

    @Override
    public String successMeans() {
        return "both versions and both veracks exchanged (our verack written)";
    }

    @Override
    public String partialMeans() {
        return "the node's version arrived and was accepted, but the handshake did not conclude";
    }
}
