package org.nodehandshake.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted peer that is up (an honest responder) or down (accepts and closes at once, so no handshake
 * concludes) as the test says; it counts the connections it accepted.
 */
public final class TogglePeer implements AutoCloseable {

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicInteger connections = new AtomicInteger();
    private final ScriptedPeer peer;

    public TogglePeer(String ip, byte[] magic) throws IOException {
        this(ip, magic, () -> { });
    }

    /** @param onConnect runs on every accepted connection, before the script (a test's side effect) */
    public TogglePeer(String ip, byte[] magic, Runnable onConnect) throws IOException {
        ScriptedPeer.Script honest = ScriptedPeer.honestBitcoinResponder(magic, "/toggle:1/", 10);
        peer = new ScriptedPeer(ip, socket -> {
            connections.incrementAndGet();
            onConnect.run();
            if (up.get()) {
                honest.play(socket);
            } else {
                socket.close();
            }
        });
    }

    public void up(boolean value) {
        up.set(value);
    }

    public int port() {
        return peer.port();
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        peer.close();
    }
}
