package org.nodehandshake.module;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;
import org.nodehandshake.protocol.PeerInfo;

/**
 * One protocol, as the rest of the tool sees it: its network presets, how its seeds become handshake
 * targets, the handshake for each direction, and what its peers add to the report and to seed health.
 * Registered by one line in {@code META-INF/services/org.nodehandshake.module.ProtocolModule}; see
 * ARCHITECTURE.md.
 */
public interface ProtocolModule {

    /** The protocol's name in help and logs, e.g. {@code toy}. */
    String name();

    /** Its presets, in the order help, the README and the schema list them; ids unique across modules. */
    List<? extends Network> networks();

    /**
     * One of its networks' handshake (both directions: the session says which), reading what this
     * protocol needs of the {@code handshake.*} properties. Invalid settings throw
     * {@link IllegalArgumentException} naming the key.
     */
    HandshakeProtocol handshake(Network network, ModuleSettings settings);

    /**
     * How a seed of this protocol becomes targets: DNS A and AAAA unless the protocol says otherwise,
     * bounded by what this protocol reads of the {@code handshake.*} properties. Built once at start;
     * invalid settings throw {@link IllegalArgumentException} naming the key.
     */
    default Discovery discovery(ModuleSettings settings) {
        return Discovery.ADDRESSES;
    }

    /**
     * Whether {@code name} is written in this protocol's own notation for a seed or a target (a node
     * list URL such as {@code tree://key@domain}, a node URL such as {@code node://id@host:port}) rather than
     * {@code host[:port]}: such a name is kept whole for the protocol's {@link #discovery} to read.
     */
    default boolean ownsNotation(String name) {
        return false;
    }

    /**
     * A seed entry's {@code /<filter>} suffix for one of its networks, checked and normalized (the label
     * asked in front of the seed's name). A protocol whose seeds answer no such labels refuses it.
     */
    default String serviceFilter(Network network, String filter) {
        throw new IllegalArgumentException(network.id() + " seeds answer no service filter: /" + filter);
    }

    /**
     * The filters a seed entry's {@code /<filter>} stands for, each checked and normalized as
     * {@link #serviceFilter} does: one, unless the protocol knows a name for several (a seed asked
     * once per filter, each reported apart).
     */
    default List<String> serviceFilters(Network network, String filter) {
        return List.of(serviceFilter(network, filter));
    }

    /**
     * What a peer that concluded its handshake lacks of what a seed's {@code filter} promised (the
     * missing services by name); empty when it offers all of it.
     */
    default List<String> filterMismatch(Network network, String filter, PeerInfo peer) {
        return List.of();
    }

    /**
     * The node-quality checks this protocol's seeders make that one handshake can make, by name, in
     * order, for a peer reached at {@code address:port} (e.g. {@code defaultPort -> true}); empty when
     * the protocol names none. The report adds {@code notBehind} (heights) and {@code good} (all passed).
     */
    default Map<String, Boolean> quality(Network network, InetAddress address, int port, PeerInfo peer) {
        return Map.of();
    }

    /**
     * The seed-health tallies its peers count under ({@code health.<name>}: value -> nodes), declared so
     * that every report carries them, empty when no such peer answered.
     */
    default List<String> healthTallies() {
        return List.of();
    }

    /**
     * The settings a seed entry of this protocol may carry itself ({@code seed.example;transport=v1}): short
     * name -> the {@code handshake.*} property it sets for that entry's handshakes. Its values are checked as
     * {@link #handshake} checks the property. Empty when the protocol takes none.
     */
    default Map<String, String> seedSettings() {
        return Map.of();
    }

    /** The command-line options this protocol adds (each sets one of the properties it reads). */
    default List<ModuleOption> options() {
        return List.of();
    }

    /**
     * The tool is about to listen for this network's peers on {@code address:port}: a protocol whose
     * peers need more than the address to reach us says how here (a node URL with our public key, in the
     * log). Invalid settings throw {@link IllegalArgumentException} naming the key.
     */
    default void listening(Network network, ModuleSettings settings, InetAddress address, int port) {
    }

    /** What SUCCESS means in this protocol's words, for help and documentation. */
    String successMeans();

    /** What PARTIAL means in this protocol's words: the peer's hello was accepted, and then? */
    String partialMeans();
}
