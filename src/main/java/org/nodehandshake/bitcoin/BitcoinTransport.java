package org.nodehandshake.bitcoin;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which transport our initiator opens with ({@code --transport}). */
public enum BitcoinTransport {
    /** v2 first; v1 when the peer refuses v2 (closes before any byte of its reply), as Bitcoin Core does. */
    AUTO("auto"),
    /** v2 only: a peer that refuses it is FAILED with {@code v2-refused}. */
    V2("v2"),
    /** v1 only, unencrypted. */
    V1("v1");

    private final String id;

    BitcoinTransport(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** A name as the option and the seed entries write it; an error listing the names otherwise. */
    public static BitcoinTransport parse(String key, String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(key + " must be one of " + Arrays.stream(values()).map(BitcoinTransport::id)
                        .collect(Collectors.joining(", ")) + ": " + text));
    }

    @Override
    public String toString() {
        return id;
    }
}
