package org.nodehandshake.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * A UDP DNS responder on 127.0.0.1, answering from a map of (name, type) to a reply. Unconfigured
 * questions get NOERROR with an empty answer (NODATA). Answers fit the client's EDNS payload size (512
 * bytes without EDNS); there is no TCP.
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
    private final Map<Key, Reply> replies = new ConcurrentHashMap<>();
    private final List<Key> queries = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    public FakeDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-dns-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
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
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                Key key = Key.of(question.getName(), question.getType());
                queries.add(key);
                Reply reply = replies.getOrDefault(key, new Reply(Rcode.NOERROR, List.of(), false));
                if (reply.silent()) {
                    continue;
                }
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                response.getHeader().setFlag(Flags.RA);
                if (query.getHeader().getFlag(Flags.RD)) {
                    response.getHeader().setFlag(Flags.RD);
                }
                response.getHeader().setRcode(reply.rcode());
                response.addRecord(question, Section.QUESTION);
                for (Record r : reply.records()) {
                    response.addRecord(r, Section.ANSWER);
                }
                byte[] wire = response.toWire(512);
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // a malformed query or a send failure: ignore it, keep serving
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
