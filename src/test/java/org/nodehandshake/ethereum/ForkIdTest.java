package org.nodehandshake.ethereum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EIP-2124 fork ids: EIP-2124's mainnet table, continued to the forks go-ethereum's
 * core/forkid/forkid_test.go lists today (Shanghai ... BPO2), Sepolia's and Hoodi's, and the
 * validation rules on the same test's cases.
 */
class ForkIdTest {

    @ParameterizedTest(name = "{0} at block {1}, time {2}: {3}/{4}")
    @CsvSource({
        // EIP-2124's table (mainnet)
        "ethereum, 0, 0, fc64ec04, 1150000",
        "ethereum, 1149999, 0, fc64ec04, 1150000",
        "ethereum, 1150000, 0, 97c2c34c, 1920000",
        "ethereum, 1919999, 0, 97c2c34c, 1920000",
        "ethereum, 1920000, 0, 91d1f948, 2463000",
        "ethereum, 2462999, 0, 91d1f948, 2463000",
        "ethereum, 2463000, 0, 7a64da13, 2675000",
        "ethereum, 2674999, 0, 7a64da13, 2675000",
        "ethereum, 2675000, 0, 3edd5b10, 4370000",
        "ethereum, 4369999, 0, 3edd5b10, 4370000",
        "ethereum, 4370000, 0, a00bc324, 7280000",
        "ethereum, 7279999, 0, a00bc324, 7280000",
        "ethereum, 7280000, 0, 668db0af, 9069000",
        "ethereum, 9068999, 0, 668db0af, 9069000",
        "ethereum, 9069000, 0, 879d6e30, 9200000",
        "ethereum, 9199999, 0, 879d6e30, 9200000",
        "ethereum, 9200000, 0, e029e991, 12244000",
        // go-ethereum's continuation
        "ethereum, 12244000, 0, 0eb440f6, 12965000",
        "ethereum, 12965000, 0, b715077d, 13773000",
        "ethereum, 13773000, 0, 20c327fc, 15050000",
        "ethereum, 15050000, 0, f0afd0e3, 1681338455",
        "ethereum, 20000000, 1681338454, f0afd0e3, 1681338455",
        "ethereum, 20000000, 1681338455, dce96c2d, 1710338135",
        "ethereum, 30000000, 1710338135, 9f3d2254, 1746612311",
        "ethereum, 30000000, 1746612311, c376cf8b, 1764798551",
        "ethereum, 30000000, 1764798551, 5167e2a6, 1765290071",
        "ethereum, 30000000, 1765290071, cba2a1c0, 1767747671",
        "ethereum, 30000000, 1767747670, cba2a1c0, 1767747671",
        "ethereum, 30000000, 1767747671, 07c9462e, 0",
        "ethereum, 50000000, 2000000000, 07c9462e, 0",
        "sepolia, 0, 0, fe3366e7, 1735371",
        "sepolia, 1735371, 0, b96cbd13, 1677557088",
        "sepolia, 1735372, 1677557088, f7f9bc08, 1706655072",
        "sepolia, 1735372, 1706655072, 88cf81d9, 1741159776",
        "sepolia, 1735372, 1741159776, ed88b5fd, 1760427360",
        "sepolia, 1735372, 1760427360, e2ae4999, 1761017184",
        "sepolia, 1735372, 1761017184, 56078a1e, 1761607008",
        "sepolia, 1735372, 1761607008, 268956b6, 0",
        "hoodi, 0, 0, bef71d30, 1742999832",
        "hoodi, 123, 1742999832, 0929e24e, 1761677592",
        "hoodi, 123, 1761677592, e7e0e7ff, 1762365720",
        "hoodi, 123, 1762365720, 3893353e, 1762955544",
        "hoodi, 123, 1762955544, 23aa1351, 0",
    })
    void idsMatchTheTables(String network, long head, long time, String hash, String next) {
        ForkId id = network(network).forks().id(head, time);
        assertEquals(hash, id.hashHex());
        assertEquals(next, id.nextText());
    }

    @ParameterizedTest(name = "{0}: what a node holding only genesis announces")
    @CsvSource({"ethereum, fc64ec04, 1150000", "sepolia, fe3366e7, 1735371", "hoodi, bef71d30, 1742999832"})
    void genesisForkIds(String network, String hash, String next) {
        ForkId id = network(network).genesisForkId();
        assertEquals(hash, id.hashHex());
        assertEquals(next, id.nextText());
    }

    @ParameterizedTest(name = "local {0}/{1}, remote {2}/{3}: {4}")
    @CsvSource({
        // go-ethereum's TestValidation, mainnet with its time forks
        "15050000, 0, f0afd0e3, 0, COMPATIBLE",
        "15050000, 0, f0afd0e3, 1681338455, COMPATIBLE",
        "15050000, 0, f0afd0e3, 18446744073709551615, COMPATIBLE",
        "20000000, 1681338455, f0afd0e3, 1681338455, COMPATIBLE",
        "20123456, 1681338456, f0afd0e3, 1681338455, COMPATIBLE",
        "20000000, 1681338455, 20c327fc, 15050000, COMPATIBLE",
        "15050000, 0, dce96c2d, 0, COMPATIBLE",
        "13773000, 0, f0afd0e3, 0, COMPATIBLE",
        "20000000, 1681338455, f0afd0e3, 0, REMOTE_STALE",
        "888888888, 1660000000, f0afd0e3, 1660000000, LOCAL_INCOMPATIBLE_OR_STALE",
        "19999999, 1667999999, f0afd0e3, 1667999999, LOCAL_INCOMPATIBLE_OR_STALE",
        "20000000, 1681338455, dce96c2d, 0, COMPATIBLE",
        "20000000, 1681338455, dce96c2d, 18446744073709551615, COMPATIBLE",
        // a syncing peer at genesis that knows Homestead is next (rule 2): what we announce
        "50000000, 2000000000, fc64ec04, 1150000, COMPATIBLE",
        "50000000, 2000000000, fc64ec04, 0, REMOTE_STALE",
        "50000000, 2000000000, 07c9462e, 0, COMPATIBLE",
        // another chain's genesis (Sepolia's) on mainnet
        "50000000, 2000000000, fe3366e7, 1735371, LOCAL_INCOMPATIBLE_OR_STALE",
    })
    void mainnetValidation(long head, long time, String hash, String next, ForkId.Verdict verdict) {
        ForkId remote = new ForkId(Integer.parseUnsignedInt(hash, 16), Long.parseUnsignedLong(next));
        assertEquals(verdict, EthereumNetwork.MAINNET.forks().check(remote, head, time));
    }

    private static EthereumNetwork network(String id) {
        for (EthereumNetwork n : EthereumNetwork.values()) {
            if (n.id().equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException(id);
    }
}
