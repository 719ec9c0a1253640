package org.nodehandshake.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/** A scripted client for responder tests: plays bytes on a raw socket, then waits for the responder to close it. */
public final class RawInitiator {

    private RawInitiator() {
    }

    /** What the client sends; an IOException (the responder closed first) ends it early. */
    @FunctionalInterface
    public interface Behaviour {
        void play(OutputStream out) throws IOException;
    }

    /** How one scripted connection ended: the client's port (the responder's key for it) and how long it lasted. */
    public record Ended(int localPort, long millis) {
    }

    /**
     * Connects, plays the behaviour, then reads (and ignores) whatever comes back until the responder
     * closes the connection; fails when it is still open after {@code closeWithinMillis}.
     */
    public static Ended playUntilClosed(InetSocketAddress responder, Behaviour behaviour, int closeWithinMillis)
            throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(responder, 2000);
            try {
                behaviour.play(socket.getOutputStream());
            } catch (IOException e) {
                // the responder closed while we were still talking: checked below
            }
            socket.setSoTimeout(closeWithinMillis);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // a responder may answer before closing
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the responder did not close the connection within " + closeWithinMillis + " ms", e);
            } catch (IOException e) {
                // reset by the responder: closed
            }
            return new Ended(socket.getLocalPort(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }
}
