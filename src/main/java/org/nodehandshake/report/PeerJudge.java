package org.nodehandshake.report;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.protocol.PeerInfo;

/**
 * How a peer that concluded its handshake measures up to what its seed promised and to what the seed's
 * own crawler would accept: answered by the seed's protocol (the registry asks the seed's module).
 */
public interface PeerJudge {

    /** Judges nothing: no filter mismatches, no quality checks. */
    PeerJudge NONE = new PeerJudge() {
        @Override
        public List<String> filterMismatch(Seed seed, PeerInfo peer) {
            return List.of();
        }

        @Override
        public Map<String, Boolean> quality(Seed seed, InetAddress address, int port, PeerInfo peer) {
            return Map.of();
        }
    };

    /** What the peer lacks of the seed's service filter, by name; empty when it has it all or none was asked. */
    List<String> filterMismatch(Seed seed, PeerInfo peer);

    /** The protocol's node-quality checks by name, in order; empty when it names none. */
    Map<String, Boolean> quality(Seed seed, InetAddress address, int port, PeerInfo peer);
}
