package org.nodehandshake.protocol;

/**
 * A network preset a user can name with {@code --network}. Each protocol module defines its own (as an
 * enum holding what its wire needs: a network identifier, a genesis hash, ...); the engine needs only
 * the name and the port.
 */
public interface Network {

    /** The name users type, e.g. {@code some-testnet}: unique across all modules. */
    String id();

    /** The TCP port a seed's nodes listen on when the seed entry names none. */
    int defaultPort();
}
