package org.nodehandshake.ethereum;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * eth's Status (devp2p caps/eth.md), the first eth message each side sends:
 * <pre>
 *   eth/68: [version, networkid, td, blockhash, genesis, forkid]
 *   eth/69: [version, networkid, genesis, forkid, earliestBlock, latestBlock, latestBlockHash]
 *   forkid = [hash (4 bytes), next]
 * </pre>
 * Read with the negotiated version's layout; extra trailing fields are tolerated.
 *
 * @param headHash blockhash (68) or latestBlockHash (69)
 * @param totalDifficulty eth/68 only
 * @param earliestBlock eth/69 only
 * @param latestBlock eth/69 only
 */
public record EthStatus(int version, long networkId, byte[] genesis, ForkId forkId, byte[] headHash,
                        Optional<BigInteger> totalDifficulty, OptionalLong earliestBlock, OptionalLong latestBlock) {

    private static final int MAX_ITEMS = 32;

    /** What a node holding only {@code network}'s genesis says in {@code version}'s layout. */
    static EthStatus genesisOnly(EthereumNetwork network, int version) {
        byte[] genesis = network.genesisHash();
        return version == 68
                ? new EthStatus(68, network.networkId(), genesis, network.genesisForkId(), genesis,
                        Optional.of(network.genesisDifficulty()), OptionalLong.empty(), OptionalLong.empty())
                : new EthStatus(69, network.networkId(), genesis, network.genesisForkId(), genesis,
                        Optional.empty(), OptionalLong.of(0), OptionalLong.of(0));
    }

    public byte[] encode() {
        Rlp.Item forkIdItem = Rlp.list(Rlp.bytes(new byte[] {(byte) (forkId.hash() >>> 24), (byte) (forkId.hash() >>> 16),
                (byte) (forkId.hash() >>> 8), (byte) forkId.hash()}), Rlp.number(new BigInteger(forkId.nextText())));
        if (version == 68) {
            return Rlp.encode(Rlp.list(Rlp.number(68), Rlp.number(networkId), Rlp.number(totalDifficulty.orElseThrow()),
                    Rlp.bytes(headHash), Rlp.bytes(genesis), forkIdItem));
        }
        return Rlp.encode(Rlp.list(Rlp.number(version), Rlp.number(networkId), Rlp.bytes(genesis), forkIdItem,
                Rlp.number(earliestBlock.orElseThrow()), Rlp.number(latestBlock.orElseThrow()), Rlp.bytes(headHash)));
    }

    public static EthStatus decode(byte[] data, int negotiated) throws MalformedRlpException {
        List<Rlp.Item> f = Rlp.decode(data, MAX_ITEMS).list("Status");
        int required = negotiated == 68 ? 6 : 7;
        if (f.size() < required) {
            throw new MalformedRlpException("eth/" + negotiated + " Status has " + f.size() + " fields (" + required + " expected)");
        }
        long version = f.get(0).number("Status version");
        if (version != negotiated) {
            throw new MalformedRlpException("Status for eth/" + version + " on a connection that negotiated eth/" + negotiated);
        }
        long networkId = f.get(1).number("Status network id");
        if (negotiated == 68) {
            BigInteger td = f.get(2).bigNumber("Status total difficulty");
            if (td.bitLength() > 256) {
                throw new MalformedRlpException("Status total difficulty over 256 bits");
            }
            return new EthStatus(68, networkId, hash(f.get(4), "Status genesis"), forkId(f.get(5)),
                    hash(f.get(3), "Status best hash"), Optional.of(td), OptionalLong.empty(), OptionalLong.empty());
        }
        return new EthStatus((int) version, networkId, hash(f.get(2), "Status genesis"), forkId(f.get(3)),
                hash(f.get(6), "Status latest block hash"), Optional.empty(),
                OptionalLong.of(f.get(4).number("Status earliest block")), OptionalLong.of(f.get(5).number("Status latest block")));
    }

    private static byte[] hash(Rlp.Item item, String what) throws MalformedRlpException {
        byte[] b = item.bytes(what);
        if (b.length != 32) {
            throw new MalformedRlpException(what + " of " + b.length + " bytes (32 expected)");
        }
        return b;
    }

    private static ForkId forkId(Rlp.Item item) throws MalformedRlpException {
        List<Rlp.Item> f = item.list("Status fork id");
        if (f.size() != 2) {
            throw new MalformedRlpException("Status fork id has " + f.size() + " fields (2 expected)");
        }
        byte[] hash = f.get(0).bytes("fork hash");
        if (hash.length != 4) {
            throw new MalformedRlpException("fork hash of " + hash.length + " bytes (4 expected)");
        }
        BigInteger next = f.get(1).bigNumber("fork next");
        if (next.bitLength() > 64) {
            throw new MalformedRlpException("fork next over 64 bits");
        }
        return new ForkId((hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff),
                next.longValue());
    }

    public String genesisHex() {
        return HexFormat.of().formatHex(genesis);
    }

    public String headHashHex() {
        return HexFormat.of().formatHex(headHash);
    }
}
