package org.nodehandshake.bitcoin;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nodehandshake.module.ModuleSettings;

/**
 * The values our {@code version} announces, the same in both roles: the protocol version, service bits,
 * start height and relay flag. The defaults are honest for a tool that serves nothing: no services, no
 * blocks, no transaction relay, Core's protocol version.
 */
public record AnnouncedVersion(int protocolVersion, long services, int startHeight, boolean relay) {

    public static final String SERVICES_KEY = "handshake.bitcoin.services";
    public static final String START_HEIGHT_KEY = "handshake.bitcoin.start-height";
    public static final String PROTOCOL_VERSION_KEY = "handshake.bitcoin.protocol-version";
    public static final String RELAY_KEY = "handshake.bitcoin.relay";

    /**
     * The lowest version we can announce truthfully: our version always carries BIP37's relay byte (a
     * field of 70001 and later), and we answer a ping with a pong of its nonce (BIP31, after 60000), which
     * a peer below 60001 neither sends nor expects. 70001 is also the oldest bcoin and bitcoin-seeder accept.
     */
    public static final int MIN_PROTOCOL_VERSION = 70001;

    public static final AnnouncedVersion DEFAULT =
            new AnnouncedVersion(BitcoinProtocol.PROTOCOL_VERSION, 0, 0, false);

    /** Hex bits as Core's getnetworkinfo prints them ({@code 0000000000000409}), with or without 0x. */
    private static final Pattern HEX = Pattern.compile("(0[xX])?[0-9a-fA-F]{1,16}");

    public AnnouncedVersion {
        if (protocolVersion < MIN_PROTOCOL_VERSION || protocolVersion > BitcoinProtocol.PROTOCOL_VERSION) {
            throw new IllegalArgumentException("protocol version " + protocolVersion + " not within "
                    + MIN_PROTOCOL_VERSION + "-" + BitcoinProtocol.PROTOCOL_VERSION);
        }
        if (startHeight < 0) {
            throw new IllegalArgumentException("negative start height " + startHeight);
        }
    }

    /** Read once at start from the {@code handshake.bitcoin.*} keys; a bad value names its key. */
    public static AnnouncedVersion from(ModuleSettings settings) {
        return new AnnouncedVersion(
                (int) settings.number(PROTOCOL_VERSION_KEY, DEFAULT.protocolVersion(), MIN_PROTOCOL_VERSION,
                        BitcoinProtocol.PROTOCOL_VERSION),
                settings.property(SERVICES_KEY).map(text -> services(SERVICES_KEY, text)).orElse(DEFAULT.services()),
                (int) settings.number(START_HEIGHT_KEY, DEFAULT.startHeight(), 0, Integer.MAX_VALUE),
                settings.bool(RELAY_KEY, DEFAULT.relay()));
    }

    /**
     * Comma-separated service names ({@link ServiceFlag}: NETWORK or NODE_NETWORK, any case) or hex bits,
     * mixed at will and joined: {@code NETWORK,WITNESS} = {@code 9} = {@code 0x1,WITNESS}.
     */
    static long services(String key, String text) {
        long services = 0;
        for (String item : text.split(",", -1)) {
            String part = item.trim();
            if (HEX.matcher(part).matches()) {
                services |= Long.parseUnsignedLong(part.replaceFirst("^0[xX]", ""), 16);
            } else {
                Optional<ServiceFlag> flag = ServiceFlag.named(part);
                if (flag.isEmpty()) {
                    throw new IllegalArgumentException(key + ": " + (part.isEmpty() ? "an empty service"
                            : "unknown service " + part) + " (expected names "
                            + Arrays.stream(ServiceFlag.values()).map(Enum::name).collect(Collectors.joining(", "))
                            + " or hex bits, comma-separated)");
                }
                services |= flag.get().mask();
            }
        }
        return services;
    }
}
