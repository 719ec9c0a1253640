package org.nodehandshake.distributed;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.nodehandshake.protocol.PeerInfo;

/** A peer as a worker reported it: its report shape as received, its height and tallies as the worker read them. */
record ObservedPeer(Long claimedHeight, Map<String, List<String>> tallies, Object shape) implements PeerInfo {

    @Override
    public OptionalLong height() {
        return claimedHeight == null ? OptionalLong.empty() : OptionalLong.of(claimedHeight);
    }

    @Override
    public Object report(List<String> messages) {
        return shape;
    }
}
