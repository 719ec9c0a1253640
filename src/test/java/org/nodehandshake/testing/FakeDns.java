package org.nodehandshake.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A DNS responder on 127.0.0.1 (or a given loopback address), UDP and TCP on one port, answering from a
 * map of (name, type) to a reply. Unconfigured questions get NOERROR with an empty answer (NODATA). UDP
 * answers fit the client's EDNS payload size (512 bytes without EDNS) and are truncated (TC) beyond it;
 * TCP answers are whole. {@link #validated} sets the AD flag on answers, as a validating resolver does.
 */
public final class FakeDns implements AutoCloseable {

    public record Key(String name, int type) {
        static Key of(Name name, int type) {
            return new Key(name.toString().toLowerCase(Locale.ROOT), type);
        }
    }

    /** rcode and records; silent means no reply at all. */
    private record Reply(int rcode, List<Record> records, boolean silent) {
    }

    private final DatagramSocket socket;
    private final ServerSocket tcpSocket;
    /** The TCP connection being served: closed with the listener, so that no client's pooled connection outlives us. */
    private volatile Socket tcpConnection;
    /** Holds the TCP port once {@link #closeTcp} closed its listener; closed with the server. */
    private volatile Socket tcpPlaceholder;
    private final Map<Key, Reply> replies = new ConcurrentHashMap<>();
    private final List<Key> queries = Collections.synchronizedList(new ArrayList<>());
    private final List<Key> tcpQueries = Collections.synchronizedList(new ArrayList<>());
    private final List<Message> received = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private final Thread tcpThread;
    private volatile boolean validated;
    /** keys whose next UDP question goes unanswered (a lost datagram), and keys whose next is answered late */
    private final Set<Key> dropNext = ConcurrentHashMap.newKeySet();
    private final Map<Key, Long> delayNextMillis = new ConcurrentHashMap<>();
    private volatile boolean tcpSilent;

    public FakeDns() throws SocketException {
        this(InetAddress.getLoopbackAddress());
    }

    /** On {@code bind} (a loopback address), UDP and TCP on the same free port. */
    public FakeDns(InetAddress bind) throws SocketException {
        DatagramSocket udp = null;
        ServerSocket tcp = null;
        for (int attempt = 0; tcp == null; attempt++) {
            udp = new DatagramSocket(new InetSocketAddress(bind, 0));
            try {
                tcp = new ServerSocket();
                tcp.bind(new InetSocketAddress(bind, udp.getLocalPort()));
            } catch (IOException e) {
                udp.close();
                tcp = null;
                if (attempt > 20) {
                    throw e instanceof SocketException se ? se : new SocketException(e.getMessage());
                }
            }
        }
        socket = udp;
        tcpSocket = tcp;
        thread = new Thread(this::serve, "fake-dns-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
        tcpThread = new Thread(this::serveTcp, "fake-dns-tcp-" + socket.getLocalPort());
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    /** Whether answers carry the AD flag (the resolver validated them). */
    public void validated(boolean flag) {
        validated = flag;
    }

    /** Reads questions over TCP but never answers them. */
    public void silenceTcp() {
        tcpSilent = true;
    }

    /** Stops answering over TCP (connections are refused from now on). */
    public void closeTcp() throws IOException {
        InetSocketAddress bound = (InetSocketAddress) tcpSocket.getLocalSocketAddress();
        tcpSocket.close();
        closeConnection();
        // Keep the port: a socket bound to it but not listening makes a connection refused every time. A free
        // port in the ephemeral range could be taken by another socket, or even be picked as the client's own
        // source port (a TCP self-connection that "answers" with the question), and the refusal would not be
        // what the test sees (it failed so twice on clean-clone CI runs: "error" instead of "unreachable").
        // The listener's close completes only once its accept thread has left accept(): retry the bind briefly.
        for (int attempt = 0; ; attempt++) {
            Socket placeholder = new Socket();
            placeholder.setReuseAddress(true);
            try {
                placeholder.bind(bound);
                tcpPlaceholder = placeholder;
                return;
            } catch (java.net.BindException e) {
                placeholder.close();
                if (attempt >= 100) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void closeConnection() {
        Socket connection = tcpConnection;
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Questions that came over TCP. */
    public List<Key> tcpQueries() {
        synchronized (tcpQueries) {
            return List.copyOf(tcpQueries);
        }
    }

    /** Every query message received (UDP and TCP), as it came. */
    public List<Message> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** An absolute name from text, with or without the trailing dot. */
    public static Name name(String text) {
        return Name.fromConstantString(text.endsWith(".") ? text : text + ".");
    }

    /**
     * TXT records at {@code owner}, one per text, each split into character-strings of at most 255
     * bytes, as dnsmasq serves a long {@code txt-record=} (a reader joins them).
     */
    public void txt(String owner, String... texts) {
        List<Record> records = new ArrayList<>();
        for (String text : texts) {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < text.length(); i += 255) {
                strings.add(text.substring(i, Math.min(text.length(), i + 255)));
            }
            if (strings.isEmpty()) {
                strings.add("");
            }
            records.add(new TXTRecord(name(owner), DClass.IN, 0, strings));
        }
        answer(owner, Type.TXT, records.toArray(Record[]::new));
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void answer(String owner, int type, Record... records) {
        replies.put(Key.of(name(owner), type), new Reply(Rcode.NOERROR, List.of(records), false));
    }

    public void nxdomain(String owner, int type) {
        rcode(owner, type, Rcode.NXDOMAIN);
    }

    public void rcode(String owner, int type, int rcode) {
        replies.put(Key.of(name(owner), type), new Reply(rcode, List.of(), false));
    }

    public void silence(String owner, int type) {
        replies.put(Key.of(name(owner), type), new Reply(Rcode.NOERROR, List.of(), true));
    }

    /** The next UDP question for this name and type gets no answer; the ones after it do. */
    public void dropNext(String owner, int type) {
        dropNext.add(Key.of(name(owner), type));
    }

    /** The next UDP question for this name and type is answered {@code millis} late; the ones after it at once. */
    public void delayNext(String owner, int type, long millis) {
        delayNextMillis.put(Key.of(name(owner), type), millis);
    }

    public int queryCount() {
        return queries.size();
    }

    public List<Key> queries() {
        synchronized (queries) {
            return List.copyOf(queries);
        }
    }

    public boolean asked(String owner, int type) {
        return queries().contains(Key.of(name(owner), type));
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            try {
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Key key = keyOf(query);
                queries.add(key);
                Long delay = delayNextMillis.remove(key); // a late answer first, then a drop, when both are set
                if (delay == null && dropNext.remove(key)) {
                    continue;
                }
                OPTRecord opt = query.getOPT();
                byte[] wire = respond(query, opt == null ? 512 : Math.max(512, opt.getPayloadSize()));
                if (wire == null) {
                    continue;
                }
                DatagramPacket reply = new DatagramPacket(wire, wire.length, packet.getSocketAddress());
                if (delay == null) {
                    socket.send(reply);
                } else {
                    Thread late = new Thread(() -> {
                        try {
                            Thread.sleep(delay);
                            socket.send(reply);
                        } catch (IOException | InterruptedException e) {
                            // closed meanwhile
                        }
                    }, "fake-dns-late-answer");
                    late.setDaemon(true);
                    late.start();
                }
            } catch (IOException | RuntimeException e) {
                // a malformed query or a send failure: ignore it, keep serving
            }
        }
    }

    private void serveTcp() {
        while (!tcpSocket.isClosed()) {
            try (Socket connection = tcpSocket.accept()) {
                tcpConnection = connection;
                if (tcpSocket.isClosed()) {
                    return; // closed while this one was being accepted
                }
                connection.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(connection.getInputStream());
                DataOutputStream out = new DataOutputStream(connection.getOutputStream());
                while (true) {
                    int length = in.readUnsignedShort();
                    byte[] bytes = new byte[length];
                    in.readFully(bytes);
                    Message query = new Message(bytes);
                    Key key = keyOf(query);
                    queries.add(key);
                    tcpQueries.add(key);
                    byte[] wire = tcpSilent ? null : respond(query, 65535);
                    if (wire == null) {
                        continue;
                    }
                    out.writeShort(wire.length);
                    out.write(wire);
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // closed, the client went away, or a malformed query: next connection
            }
        }
    }

    private Key keyOf(Message query) {
        received.add(query);
        Record question = query.getQuestion();
        return Key.of(question.getName(), question.getType());
    }

    /** The answer's wire form within {@code maxLength} (TC when cut), or null to stay silent. */
    private byte[] respond(Message query, int maxLength) {
        Record question = query.getQuestion();
        Reply reply = replies.getOrDefault(Key.of(question.getName(), question.getType()),
                new Reply(Rcode.NOERROR, List.of(), false));
        if (reply.silent()) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (validated) {
            response.getHeader().setFlag(Flags.AD);
        }
        response.getHeader().setRcode(reply.rcode());
        response.addRecord(question, Section.QUESTION);
        for (Record r : reply.records()) {
            response.addRecord(r, Section.ANSWER);
        }
        return response.toWire(maxLength);
    }

    @Override
    public void close() {
        socket.close();
        try {
            tcpSocket.close();
            if (tcpPlaceholder != null) {
                tcpPlaceholder.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        closeConnection();
        try {
            thread.join(1000);
            tcpThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
