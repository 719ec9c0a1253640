package org.nodehandshake.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nodehandshake.bitcoin.BitcoinFrame;
import org.nodehandshake.bitcoin.BitcoinMessage;
import org.nodehandshake.bitcoin.NetAddress;
import org.nodehandshake.bitcoin.VersionMessage;

/**
 * A fake peer on a loopback address that plays a script per connection: for misbehaviour and edge
 * cases only (handshakes with real nodes are proven against the real nodes).
 */
public final class ScriptedPeer implements AutoCloseable {

    /** What the peer does with one accepted connection. */
    @FunctionalInterface
    public interface Script {
        void play(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public ScriptedPeer(String ip, Script script) throws IOException {
        this(ip, 0, script);
    }

    /** @param port the port to listen on; 0 for any free one */
    public ScriptedPeer(String ip, int port, Script script) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(ip), port), 256);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread player = new Thread(() -> {
                        try (socket) {
                            script.play(socket);
                        } catch (IOException e) {
                            // the other side hung up: the script ends
                        }
                    }, "scripted-peer-conn");
                    player.setDaemon(true);
                    player.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-peer-" + ip);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * A well-behaved Bitcoin Core-like v1 responder: reads version, answers version, wtxidrelay, verack. Like
     * a v1-only node, it hangs up at once when the first bytes are not its magic (a v2 key, say).
     */
    public static Script honestBitcoinResponder(byte[] magic, String userAgent, int height) {
        return honestBitcoinResponder(magic, userAgent, height, 0x409);
    }

    /** The same responder advertising {@code services} in its version. */
    public static Script honestBitcoinResponder(byte[] magic, String userAgent, int height, long services) {
        return socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] start = new DataInputStream(in).readNBytes(4);
            if (!java.util.Arrays.equals(start, magic)) {
                return; // the connection is closed
            }
            readFrame(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(start), in));
            out.write(frame(magic, new VersionMessage(70016, services, System.currentTimeMillis() / 1000,
                    NetAddress.unspecified(), NetAddress.unspecified(), OptionalLong.of(42), userAgent, height, true)));
            out.write(frame(magic, "wtxidrelay", new byte[0]));
            out.write(frame(magic, new BitcoinMessage.Verack()));
            out.flush();
            while (in.read() >= 0) {
                // drain until the initiator closes
            }
        };
    }

    /** The 24-byte header and payload of one frame, read without validation. */
    public static byte[] readFrame(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[24];
        data.readFully(header);
        int length = (header[16] & 0xff) | (header[17] & 0xff) << 8 | (header[18] & 0xff) << 16 | (header[19] & 0xff) << 24;
        byte[] payload = new byte[length];
        data.readFully(payload);
        return payload;
    }

    public static byte[] frame(byte[] magic, BitcoinMessage message) {
        ByteBuf scratch = Unpooled.buffer();
        try {
            BitcoinFrame frame = BitcoinFrame.of(message, scratch);
            return bytes(frame, magic);
        } finally {
            scratch.release();
        }
    }

    public static byte[] frame(byte[] magic, String command, byte[] payload) {
        return bytes(new BitcoinFrame(command, payload), magic);
    }

    private static byte[] bytes(BitcoinFrame frame, byte[] magic) {
        ByteBuf out = Unpooled.buffer();
        try {
            frame.write(out, magic);
            byte[] wire = new byte[out.readableBytes()];
            out.readBytes(wire);
            return wire;
        } finally {
            out.release();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** Writes the parts and flushes them together. */
    public static void write(Socket socket, byte[]... parts) throws IOException {
        OutputStream out = socket.getOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        out.flush();
    }

    /** Reads until the other side closes (or resets) the connection. */
    public static void drain(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // reset: closed as well
        }
    }
}
