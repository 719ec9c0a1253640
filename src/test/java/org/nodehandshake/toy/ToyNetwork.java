package org.nodehandshake.toy;

import org.nodehandshake.protocol.Network;

/** The toy protocol's presets: two, so that a wrong network can be tried. */
enum ToyNetwork implements Network {
    TOY("toy", 7777),
    TOY_TEST("toy-test", 17777);

    private final String id;
    private final int port;

    ToyNetwork(String id, int port) {
        this.id = id;
        this.port = port;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int defaultPort() {
        return port;
    }
}
