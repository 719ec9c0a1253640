package org.nodehandshake.toy;

import java.util.Arrays;
import java.util.List;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.protocol.HandshakeProtocol;
import org.nodehandshake.protocol.Network;

/**
 * A protocol that exists only in the tests, to show that a module plugs in without any change to
 * shared code: two phases with different framing, as real protocols have (RLPx: auth, then frames).
 * <pre>
 *   phase 1, text lines:      initiator "KNOCK &lt;network&gt;"   responder "WELCOME &lt;name&gt;"
 *   phase 2, 1-byte lengths:  initiator frame "ping"        responder frame "pong"
 * </pre>
 * SUCCESS: the pong arrived (initiator) or was written (responder). PARTIAL: the other side's line was
 * accepted, no pong. A responder that does not like the network closes without a word.
 */
final class ToyModule implements ProtocolModule {

    /** Set by a test: what our responder calls itself. */
    static final String KEY_NAME = "handshake.toy.name";

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public List<ToyNetwork> networks() {
        return Arrays.asList(ToyNetwork.values());
    }

    @Override
    public HandshakeProtocol handshake(Network network, ModuleSettings settings) {
        return new ToyProtocol((ToyNetwork) network, settings.property(KEY_NAME).orElse("toy-node"));
    }

    @Override
    public List<String> healthTallies() {
        return List.of("names");
    }

    @Override
    public String successMeans() {
        return "knock, welcome, ping and pong exchanged";
    }

    @Override
    public String partialMeans() {
        return "the other side's line was accepted, but no pong";
    }
}
