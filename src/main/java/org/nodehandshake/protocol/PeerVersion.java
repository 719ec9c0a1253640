package org.nodehandshake.protocol;

/**
 * What a Bitcoin-family peer told us about itself in its version message.
 *
 * @param protocolVersion the highest protocol version the peer speaks
 * @param userAgent the peer's self-description (Bitcoin's subver), already length-checked
 * @param services the service bits the peer advertises
 * @param startHeight the best block height the peer claims
 * @param relay whether the peer wants transactions relayed to it
 */
public record PeerVersion(int protocolVersion, String userAgent, long services, long startHeight, boolean relay)
        implements PeerInfo {

    @Override
    public long height() {
        return startHeight;
    }
}
