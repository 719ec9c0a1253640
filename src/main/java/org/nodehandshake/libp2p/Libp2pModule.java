package org.nodehandshake.libp2p;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.module.KeyFile;
import org.nodehandshake.module.ModuleOption;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.OnFirstUse;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p over TCP: multistream-select, Noise XX, yamux or mplex, Identify. Seeds are dnsaddr names
 * ({@code bootstrap.libp2p.io}: TXT records at {@code _dnsaddr.<name>}) and targets multiaddrs
 * ({@code /ip4/1.2.3.4/tcp/4001/p2p/12D3Koo...}), kept whole for the module's discovery to read.
 *
 * <p>Our identity is an Ed25519 key, one per process unless {@link #NODE_KEY_KEY} names a key file
 * (its 32 bytes are the key's seed, as RFC 8032 and js-libp2p's generateKeyPairFromSeed take it).
 */
public final class Libp2pModule implements ProtocolModule {

    private static final Logger LOG = LoggerFactory.getLogger(Libp2pModule.class);

    /** The key file property every module with a 32-byte key shares ({@code --node-key}). */
    public static final String NODE_KEY_KEY = "handshake.node-key";
    static final String LISTEN_KEY = "handshake.listen";

    /** This process's random identity, made when a handshake first needs it. */
    private static final OnFirstUse<Libp2pIdentity> PROCESS_IDENTITY = OnFirstUse.of(Libp2pIdentity::random);
    private static final Discovery DISCOVERY = new DnsaddrDiscovery();

    @Override
    public String name() {
        return "libp2p";
    }

    @Override
    public List<Libp2pNetwork> networks() {
        return Arrays.asList(Libp2pNetwork.values());
    }

    @Override
    public HandshakeProtocol handshake(Network network, ModuleSettings settings) {
        return new Libp2pProtocol((Libp2pNetwork) network, identitySource(settings), agentVersion(), listening(settings));
    }

    /** Our identity: the seed in the file {@link #NODE_KEY_KEY} names, or this process's random key. */
    public static Libp2pIdentity identity(ModuleSettings settings) {
        return identitySource(settings).get();
    }

    /** The same, the file read now (a bad one fails the start), the random identity made on first use. */
    private static Supplier<Libp2pIdentity> identitySource(ModuleSettings settings) {
        return settings.property(NODE_KEY_KEY).<Supplier<Libp2pIdentity>>map(path -> {
            try {
                return OnFirstUse.made(Libp2pIdentity.fromSeed(KeyFile.read32(Path.of(path))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(NODE_KEY_KEY + ": " + e.getMessage(), e);
            }
        }).orElse(PROCESS_IDENTITY);
    }

    static Optional<InetSocketAddress> listening(ModuleSettings settings) {
        return settings.property(LISTEN_KEY).flatMap(l -> HostAndPort.parse(l, Libp2pNetwork.DEFAULT_PORT))
                .map(h -> new InetSocketAddress(h.host(), h.port()));
    }

    @Override
    public List<ModuleOption> options() {
        return List.of(new ModuleOption("--node-key", "FILE", NODE_KEY_KEY,
                "libp2p: the same 32 bytes are our Ed25519 identity's seed (default: a random key per run)"));
    }


    /** The agent our Identify carries: {@code node-handshake/<version>}. */
    public static String agentVersion() {
        return "node-handshake/" + BuildInfo.version();
    }

    /** Our listener's full multiaddr goes to the log, so that a user can dial it from a libp2p node. */
    @Override
    public void listening(Network network, ModuleSettings settings, InetAddress address, int port) {
        logListenerMultiaddr(settings, address, port);
    }

    public static String logListenerMultiaddr(ModuleSettings settings, InetAddress address, int port) {
        String addr = Multiaddr.tcp(new InetSocketAddress(address, port)) + "/p2p/"
                + PeerId.ofEncodedKey(identity(settings).encodedPublicKey());
        LOG.info("libp2p listener: {}", addr);
        return addr;
    }

    @Override
    public Discovery discovery(ModuleSettings settings) {
        return DISCOVERY;
    }

    @Override
    public boolean ownsNotation(String name) {
        return DnsaddrDiscovery.ownsNotation(name.trim());
    }

    @Override
    public List<String> healthTallies() {
        return Libp2pPeer.TALLIES;
    }

    @Override
    public String successMeans() {
        return "Noise authenticated the node as the peer id dialed, a stream muxer agreed and its Identify read";
    }

    @Override
    public String partialMeans() {
        return "Noise authenticated the node, but no stream muxer or no Identify (or not one the network expects)";
    }
}
