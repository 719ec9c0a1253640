package org.nodehandshake.ethereum;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.nodehandshake.BuildInfo;
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.module.ModuleOption;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.OnFirstUse;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ethereum's devp2p: RLPx with EIP-8, Hello, and eth/68 or eth/69 Status. Seeds are EIP-1459 node
 * lists ({@code enrtree://...}) and targets enode URLs ({@code enode://<node id>@host:port}), kept
 * whole for the module's discovery to read.
 *
 * <p>Our node key is one per process unless {@link #NODE_KEY_KEY} names a key file; the same key
 * serves every network and both directions (a peer that met us once meets the same node id again).
 */
public final class EthereumModule implements ProtocolModule {

    private static final Logger LOG = LoggerFactory.getLogger(EthereumModule.class);

    /**
     * A file holding our node key as 64 hex digits (geth's nodekey); unset: a random key per process.
     * The property (and {@code --node-key}) is shared with the other modules that have a 32-byte key.
     */
    public static final String NODE_KEY_KEY = "handshake.node-key";
    /** The listener's HOST:PORT when the tool listens: its port is announced in our Hello (else 0). */
    static final String LISTEN_KEY = "handshake.listen";

    /** This process's random key, made when a handshake first needs it. */
    private static final OnFirstUse<NodeKey> PROCESS_KEY = OnFirstUse.of(NodeKey::random);

    @Override
    public String name() {
        return "ethereum-devp2p";
    }

    @Override
    public List<EthereumNetwork> networks() {
        return Arrays.asList(EthereumNetwork.values());
    }

    @Override
    public HandshakeProtocol handshake(Network network, ModuleSettings settings) {
        return new EthereumProtocol((EthereumNetwork) network, nodeKeySource(settings), clientId(), listenPort(settings),
                settings.clock());
    }

    /** Our node key: the file {@link #NODE_KEY_KEY} names, or this process's random one. */
    public static NodeKey nodeKey(ModuleSettings settings) {
        return nodeKeySource(settings).get();
    }

    /** The same, the file read now (a bad one fails the start), the random key made on first use. */
    private static Supplier<NodeKey> nodeKeySource(ModuleSettings settings) {
        return settings.property(NODE_KEY_KEY).<Supplier<NodeKey>>map(path -> {
            try {
                return OnFirstUse.made(NodeKey.read(Path.of(path)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(NODE_KEY_KEY + ": " + e.getMessage(), e);
            }
        }).orElse(PROCESS_KEY);
    }

    /** The port our Hello announces: the listener's when the tool listens, else 0 (none). */
    static int listenPort(ModuleSettings settings) {
        return settings.property(LISTEN_KEY).flatMap(l -> HostAndPort.parse(l, 0)).map(HostAndPort::port).orElse(0);
    }

    @Override
    public List<ModuleOption> options() {
        return List.of(new ModuleOption("--node-key", "FILE", NODE_KEY_KEY,
                "our Ethereum node key: a file of 64 hex digits, as geth's nodekey (default: a random key per run)"));
    }


    /** The client id our Hello carries: {@code node-handshake/<version>}. */
    public static String clientId() {
        return "node-handshake/" + BuildInfo.version();
    }

    /** Our listener's {@code enode://} URL goes to the log, so that a user can {@code admin.addPeer} it from geth. */
    @Override
    public void listening(Network network, ModuleSettings settings, InetAddress address, int port) {
        logListenerEnode(settings, address, port);
    }

    /** Logs and returns our {@code enode://} URL for a listener on {@code address:port}. */
    public static String logListenerEnode(ModuleSettings settings, InetAddress address, int port) {
        String url = nodeKey(settings).enodeUrl(address, port);
        LOG.info("Ethereum listener: {}", url);
        return url;
    }

    /**
     * EIP-1459 lists are walked and enode URLs read by the discovery of {@link EnrTreeDiscovery}, within
     * the {@code handshake.enrtree.*} limits.
     */
    @Override
    public Discovery discovery(ModuleSettings settings) {
        return new EnrTreeDiscovery(EnrTreeDiscovery.Limits.from(settings));
    }

    @Override
    public boolean ownsNotation(String name) {
        return EnrTreeDiscovery.ownsNotation(name.trim());
    }

    @Override
    public List<String> healthTallies() {
        return EthereumPeer.TALLIES;
    }

    @Override
    public String successMeans() {
        return "RLPx authenticated, Hello exchanged both ways and a valid Status both ways (ours written)";
    }

    @Override
    public String partialMeans() {
        return "RLPx authenticated and the node's Hello accepted, but no valid Status (e.g. Disconnect: too many peers)";
    }
}
