package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.nodehandshake.protocol.Network;

/**
 * The Ethereum presets, from go-ethereum's params/config.go (chain ids, fork blocks and times up to
 * Osaka and the two blob-parameter forks), core/genesis.go (genesis difficulty and timestamp) and
 * params/bootnodes.go (the EIP-1459 lists of discv4 nodes at {@code all.<net>.ethdisco.net}, signed by
 * the key in {@code dnsPrefix}). The network id devp2p's Status carries is the chain id on all three.
 */
public enum EthereumNetwork implements Network {
    MAINNET("ethereum", 1, "d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3",
            new BigInteger("17179869184"), 0,
            List.of(1_150_000L, 1_920_000L, 2_463_000L, 2_675_000L, 2_675_000L, 4_370_000L, 7_280_000L, 7_280_000L,
                    9_069_000L, 9_200_000L, 12_244_000L, 12_965_000L, 13_773_000L, 15_050_000L),
            List.of(1681338455L, 1710338135L, 1746612311L, 1764798551L, 1765290071L, 1767747671L),
            "mainnet"),
    SEPOLIA("sepolia", 11155111, "25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf5138993e6dd9",
            BigInteger.valueOf(0x20000), 1633267481L,
            List.of(0L, 1_735_371L), // every block fork at genesis, then MergeNetsplit
            List.of(1677557088L, 1706655072L, 1741159776L, 1760427360L, 1761017184L, 1761607008L),
            "sepolia"),
    HOODI("hoodi", 560048, "bbe312868b376a3001692a646dd2d7d1e4406380dfd86b98aa8a34d1557c971b",
            BigInteger.ONE, 1742212800L,
            List.of(0L), // every block fork, MergeNetsplit included, at genesis
            List.of(0L, 0L, 1742999832L, 1761677592L, 1762365720L, 1762955544L), // Shanghai and Cancun at genesis
            "hoodi");

    /** The devp2p TCP port. */
    public static final int DEFAULT_PORT = 30303;
    /** go-ethereum's params/bootnodes.go dnsPrefix: the tree key every ethdisco.net list is signed with. */
    public static final String ENRTREE_PREFIX = "enrtree://AKA3AM6LPBYEUDMVNU3BSVQJ5AD45Y7YPOHJLEF6W26QOE4VTUDPE@";

    private final String id;
    private final long networkId;
    private final byte[] genesisHash;
    private final BigInteger genesisDifficulty;
    private final long genesisTime;
    private final ForkId.Schedule forks;
    private final String listName;

    EthereumNetwork(String id, long networkId, String genesisHex, BigInteger genesisDifficulty, long genesisTime,
                    List<Long> blockForks, List<Long> timeForks, String listName) {
        this.id = id;
        this.networkId = networkId;
        this.genesisHash = HexFormat.of().parseHex(genesisHex);
        this.genesisDifficulty = genesisDifficulty;
        this.genesisTime = genesisTime;
        this.forks = new ForkId.Schedule(genesisHash, genesisTime, blockForks, timeForks);
        this.listName = listName;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    /** The id Status carries (the chain id). */
    public long networkId() {
        return networkId;
    }

    public byte[] genesisHash() {
        return genesisHash.clone();
    }

    public String genesisHashHex() {
        return HexFormat.of().formatHex(genesisHash);
    }

    /** The genesis block's difficulty: the total difficulty of a node holding only genesis. */
    public BigInteger genesisDifficulty() {
        return genesisDifficulty;
    }

    public long genesisTime() {
        return genesisTime;
    }

    public ForkId.Schedule forks() {
        return forks;
    }

    /** The fork id of a node holding only genesis (head 0, genesis time): what we announce. */
    public ForkId genesisForkId() {
        return forks.id(0, genesisTime);
    }

    /** The EIP-1459 list of this network's nodes that go-ethereum's bootnodes.go names. */
    public String defaultNodeList() {
        return ENRTREE_PREFIX + "all." + listName + ".ethdisco.net";
    }

    /** The presets whose network id is {@code networkId}, comma-separated; empty when none. */
    public static String namesWithNetworkId(long networkId) {
        return String.join(", ", Arrays.stream(values()).filter(n -> n.networkId == networkId).map(EthereumNetwork::id).toList());
    }

    /** The presets whose genesis is {@code genesis}, comma-separated; empty when none. */
    public static String namesWithGenesis(byte[] genesis) {
        return String.join(", ", Arrays.stream(values()).filter(n -> Arrays.equals(n.genesisHash, genesis))
                .map(EthereumNetwork::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
