package org.nodehandshake.protocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The network presets a user can name with {@code --network}. Each fixes the wire protocol, the
 * network's identifier on the wire (Bitcoin's 4-byte message-start magic, Monero's 16-byte network
 * id) and its default port.
 *
 * <p>Values are taken from the reference implementations' chain parameters: Bitcoin Core
 * src/kernel/chainparams.cpp, Litecoin Core 0.21 src/chainparams.cpp and Monero's
 * src/cryptonote_config.h.
 */
public enum Network {
    BITCOIN("bitcoin", Protocol.BITCOIN_V1, 8333, "f9beb4d9"),
    TESTNET3("testnet3", Protocol.BITCOIN_V1, 18333, "0b110907"),
    TESTNET4("testnet4", Protocol.BITCOIN_V1, 48333, "1c163f28"),
    SIGNET("signet", Protocol.BITCOIN_V1, 38333, "0a03cf40"),
    REGTEST("regtest", Protocol.BITCOIN_V1, 18444, "fabfb5da"),
    LITECOIN("litecoin", Protocol.BITCOIN_V1, 9333, "fbc0b6db"),
    LITECOIN_TESTNET("litecoin-testnet", Protocol.BITCOIN_V1, 19335, "fdd2c8f1"),
    LITECOIN_REGTEST("litecoin-regtest", Protocol.BITCOIN_V1, 19444, "fabfb5da"),
    // Monero's NETWORK_ID (16 bytes) plays the magic's part: it is checked in every handshake.
    MONERO("monero", Protocol.LEVIN, 18080, "1230f171610441611731008216a1a110"),
    MONERO_TESTNET("monero-testnet", Protocol.LEVIN, 28080, "1230f171610441611731008216a1a111"),
    MONERO_STAGENET("monero-stagenet", Protocol.LEVIN, 38080, "1230f171610441611731008216a1a112"),
    /** {@code monerod --regtest} (FAKECHAIN) keeps mainnet's network id and ports. */
    MONERO_REGTEST("monero-regtest", Protocol.LEVIN, 18080, "1230f171610441611731008216a1a110");

    /** The wire protocols that a preset can select. */
    public enum Protocol { BITCOIN_V1, LEVIN }

    private final String id;
    private final Protocol protocol;
    private final int defaultPort;
    private final byte[] magic;

    Network(String id, Protocol protocol, int defaultPort, String magicHex) {
        this.id = id;
        this.protocol = protocol;
        this.defaultPort = defaultPort;
        this.magic = HexFormat.of().parseHex(magicHex);
    }

    /** The name users type, e.g. {@code litecoin-regtest}. */
    public String id() {
        return id;
    }

    public Protocol protocol() {
        return protocol;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The network identifier as it appears on the wire; a copy. */
    public byte[] magic() {
        return magic.clone();
    }

    public static Optional<Network> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(n -> n.id.equals(wanted)).findFirst();
    }

    /** The presets whose wire identifier is {@code magic}, comma-separated; empty when none. */
    public static String namesWithMagic(byte[] magic) {
        return Arrays.stream(values()).filter(n -> Arrays.equals(n.magic, magic)).map(Network::id)
                .collect(Collectors.joining(", "));
    }

    /** All preset names, comma-separated, for help and error texts. */
    public static String names() {
        return Arrays.stream(values()).map(Network::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
