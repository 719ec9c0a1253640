package org.nodehandshake.toy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.nodehandshake.protocol.PeerInfo;

/** What a toy peer tells: its name (or, as responder, the network it knocked for). */
record ToyPeer(String name) implements PeerInfo {

    @Override
    public OptionalLong height() {
        return OptionalLong.empty();
    }

    @Override
    public Report report(List<String> messages) {
        return new Report(name, List.copyOf(messages));
    }

    @Override
    public Map<String, List<String>> tallies() {
        return Map.of("names", List.of(name));
    }

    /** The report's peer for a toy node. */
    record Report(String name, List<String> messages) {
    }
}
