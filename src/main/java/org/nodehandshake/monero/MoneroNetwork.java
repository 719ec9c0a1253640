package org.nodehandshake.monero;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.nodehandshake.protocol.Network;

/**
 * Monero's presets: each fixes the 16-byte NETWORK_ID checked in every handshake, the default port and
 * the genesis block's hash (what we claim as our top block). Values from Monero's
 * src/cryptonote_config.h, src/blockchain_db/blockchain_db.cpp (mainnet's genesis, also --regtest's)
 * and src/checkpoints/checkpoints.cpp (testnet's and stagenet's height-0 checkpoints).
 */
public enum MoneroNetwork implements Network {
    MONERO("monero", 18080, "1230f171610441611731008216a1a110",
            "418015bb9ae982a1975da7d79277c2705727a56894ba0fb246adaabb1f4632e3"),
    MONERO_TESTNET("monero-testnet", 28080, "1230f171610441611731008216a1a111",
            "48ca7cd3c8de5b6a4d53d2861fbdaedca141553559f9be9520068053cda8430b"),
    MONERO_STAGENET("monero-stagenet", 38080, "1230f171610441611731008216a1a112",
            "76ee3cc98646292206cd3e86f74d88b4dcc1d937088645e9b0cbca84b7ce74eb"),
    /** {@code monerod --regtest} (FAKECHAIN) keeps mainnet's network id, ports and genesis. */
    MONERO_REGTEST("monero-regtest", 18080, "1230f171610441611731008216a1a110",
            "418015bb9ae982a1975da7d79277c2705727a56894ba0fb246adaabb1f4632e3");

    private final String id;
    private final int defaultPort;
    private final byte[] networkId;
    private final byte[] genesis;

    MoneroNetwork(String id, int defaultPort, String networkIdHex, String genesisHex) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.networkId = HexFormat.of().parseHex(networkIdHex);
        this.genesis = HexFormat.of().parseHex(genesisHex);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int defaultPort() {
        return defaultPort;
    }

    /** The 16-byte NETWORK_ID; a copy. */
    public byte[] networkId() {
        return networkId.clone();
    }

    /** The genesis block's hash; a copy. */
    public byte[] genesis() {
        return genesis.clone();
    }

    /** The presets whose network id is {@code networkId}, comma-separated; empty when none. */
    public static String namesWithNetworkId(byte[] networkId) {
        return Arrays.stream(values()).filter(n -> Arrays.equals(n.networkId, networkId)).map(MoneroNetwork::id)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
