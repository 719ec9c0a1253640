package org.nodehandshake.monero;

import java.util.Arrays;
import java.util.List;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;

/**
 * Monero's Levin P2P protocol: seeds answer A/AAAA (no service filters); the handshake is
 * COMMAND_HANDSHAKE, request and response.
 */
public final class MoneroModule implements ProtocolModule {

    @Override
    public String name() {
        return "levin";
    }

    @Override
    public List<MoneroNetwork> networks() {
        return Arrays.asList(MoneroNetwork.values());
    }

    @Override
    public HandshakeProtocol handshake(Network network, ModuleSettings settings) {
        return new MoneroProtocol((MoneroNetwork) network);
    }

    @Override
    public List<String> healthTallies() {
        return MoneroPeer.TALLIES;
    }

    @Override
    public String successMeans() {
        return "COMMAND_HANDSHAKE answered: their response received (outbound), or ours written (inbound)";
    }

    @Override
    public String partialMeans() {
        return "the node's handshake request or response was accepted, but the handshake did not conclude";
    }
}
