package org.nodehandshake.protocol;

/**
 * What a peer told us about itself during the handshake. Each wire protocol family says different
 * things, so each has its own record; what every report needs from all of them is here.
 */
public sealed interface PeerInfo permits PeerVersion, MoneroPeer {

    /** The best block height the peer claims (Bitcoin's start_height, Monero's current_height). */
    long height();
}
