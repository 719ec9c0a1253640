package org.nodehandshake.bitcoin;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.nodehandshake.protocol.Network;

/**
 * The Bitcoin-family presets: each fixes the 4-byte message-start magic and the default port. Values
 * from the reference implementations' chain parameters: Bitcoin Core src/kernel/chainparams.cpp and
 * Litecoin Core 0.21 src/chainparams.cpp.
 */
public enum BitcoinNetwork implements Network {
    BITCOIN("bitcoin", 8333, "f9beb4d9"),
    TESTNET3("testnet3", 18333, "0b110907"),
    TESTNET4("testnet4", 48333, "1c163f28"),
    SIGNET("signet", 38333, "0a03cf40"),
    REGTEST("regtest", 18444, "fabfb5da"),
    LITECOIN("litecoin", 9333, "fbc0b6db"),
    LITECOIN_TESTNET("litecoin-testnet", 19335, "fdd2c8f1"),
    LITECOIN_REGTEST("litecoin-regtest", 19444, "fabfb5da");

    private final String id;
    private final int defaultPort;
    private final byte[] magic;

    BitcoinNetwork(String id, int defaultPort, String magicHex) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.magic = HexFormat.of().parseHex(magicHex);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int defaultPort() {
        return defaultPort;
    }

    /** The message-start magic as it appears on the wire; a copy. */
    public byte[] magic() {
        return magic.clone();
    }

    /** The presets whose magic is {@code magic}, comma-separated; empty when none. */
    public static String namesWithMagic(byte[] magic) {
        return Arrays.stream(values()).filter(n -> Arrays.equals(n.magic, magic)).map(BitcoinNetwork::id)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
