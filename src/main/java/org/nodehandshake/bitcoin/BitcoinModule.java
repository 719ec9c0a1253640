package org.nodehandshake.bitcoin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.module.ModuleOption;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;

/**
 * Bitcoin's v1 transport and its family (Bitcoin, its test networks, Litecoin): seeds answer A/AAAA
 * and {@code x<hex>.<name>} service filters; the handshake is version/verack.
 */
public final class BitcoinModule implements ProtocolModule {

    /** The user agent we announce ({@code handshake.user-agent}); empty = /node-handshake:&lt;version&gt;/. */
    public static final String USER_AGENT_KEY = "handshake.user-agent";

    private static final Pattern FILTER = Pattern.compile("x[0-9a-f]{1,16}");

    @Override
    public String name() {
        return "bitcoin-v1";
    }

    @Override
    public List<BitcoinNetwork> networks() {
        return Arrays.asList(BitcoinNetwork.values());
    }

    @Override
    public HandshakeProtocol handshake(Network network, ModuleSettings settings) {
        String userAgent = settings.property(USER_AGENT_KEY).orElse(BuildInfo.defaultUserAgent());
        userAgentProblem(userAgent).ifPresent(p -> {
            throw new IllegalArgumentException(USER_AGENT_KEY + ": " + p);
        });
        return new BitcoinProtocol((BitcoinNetwork) network, userAgent, settings.clock());
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

    @Override
    public List<ModuleOption> options() {
        return List.of(new ModuleOption("--user-agent", "UA", USER_AGENT_KEY,
                "user agent in our version, Bitcoin family only (default /node-handshake:<version>/)"));
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
