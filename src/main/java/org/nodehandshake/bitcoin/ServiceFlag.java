package org.nodehandshake.bitcoin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The service bits we know by name: Bitcoin Core's protocol.h ({@code ServiceFlags}) and Litecoin's MWEB
 * bits. The one table behind the report's {@code serviceNames}, the {@code x<hex>} filters' mismatches
 * and the names {@code --services} accepts.
 */
enum ServiceFlag {
    NETWORK(0),
    GETUTXO(1),
    BLOOM(2),
    WITNESS(3),
    COMPACT_FILTERS(6),
    NETWORK_LIMITED(10),
    /** BIP324's NODE_P2P_V2: the node accepts the v2 encrypted transport. */
    P2P_V2(11),
    MWEB_LIGHT_CLIENT(23),
    MWEB(24);

    private final int bit;

    ServiceFlag(int bit) {
        this.bit = bit;
    }

    long mask() {
        return 1L << bit;
    }

    /** As Core names it (NODE_NETWORK), the report's spelling. */
    String reportName() {
        return "NODE_" + name();
    }

    /** NETWORK or NODE_NETWORK, in any case. */
    static Optional<ServiceFlag> named(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("NODE_") ? upper.substring("NODE_".length()) : upper;
        for (ServiceFlag flag : values()) {
            if (flag.name().equals(bare)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    /** The bits of {@code services} by name, lowest bit first; a bit without a name as BIT_n. */
    static List<String> names(long services) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((services & (1L << bit)) != 0) {
                names.add(nameOf(bit));
            }
        }
        return names;
    }

    private static String nameOf(int bit) {
        for (ServiceFlag flag : values()) {
            if (flag.bit == bit) {
                return flag.reportName();
            }
        }
        return "BIT_" + bit;
    }
}
