package org.nodehandshake.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server (Debian's dnsmasq) on one loopback address and a free port, answering only for the
 * names it is given: several A/AAAA records per name, CNAME aliases, TXT records ({@code txt-record=}: a
 * text longer than 255 bytes is served as several character-strings, and with TTL 0), NXDOMAIN for other
 * names under {@code .test}, no upstream servers. Not {@code --no-daemon}: in that mode dnsmasq serves TCP in its
 * only process, so one client holding a TCP connection open (dnsjava reuses them) stalls every query.
 */
public final class DnsmasqServer implements AutoCloseable {

    private final String ip;
    private final int port;
    private final Path dir;
    private final Process process;
    private final Thread killHook;

    private DnsmasqServer(String ip, int port, Path dir, Process process) {
        this.ip = ip;
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.killHook = Processes.killOnExit(process);
    }

    /**
     * @param hosts name -> addresses (each name gets one A or AAAA record per address)
     * @param cnames alias -> target name
     */
    public static DnsmasqServer start(String ip, Map<String, List<String>> hosts, Map<String, String> cnames)
            throws Exception {
        return start(ip, hosts, cnames, Map.of());
    }

    /**
     * @param txt name -> TXT records at it (one text per record; no double quotes or backslashes)
     */
    public static DnsmasqServer start(String ip, Map<String, List<String>> hosts, Map<String, String> cnames,
                                      Map<String, List<String>> txt) throws Exception {
        if (hosts.isEmpty() && txt.isEmpty()) {
            throw new IllegalArgumentException("nothing to serve");
        }
        return start(ip, hosts, cnames, txt, List.of());
    }

    /**
     * @param options more lines of dnsmasq's configuration file ({@code address=/name/ip},
     *     {@code server=/name/ip#port} for a name forwarded to another server, {@code local-ttl=300}, ...).
     *     With no hosts and no TXT records the server has no names, no {@code --local=/test/} and no
     *     upstream: it answers every question REFUSED (ready once it answers at all).
     */
    public static DnsmasqServer start(String ip, Map<String, List<String>> hosts, Map<String, String> cnames,
                                      Map<String, List<String>> txt, List<String> options) throws Exception {
        Path dnsmasq = RealBinaries.require("dnsmasq", "dnsmasq-base");
        Path dir = Files.createTempDirectory("dnsmasq-");
        StringBuilder hostsFile = new StringBuilder();
        hosts.forEach((name, addresses) -> addresses.forEach(a -> hostsFile.append(a).append(' ').append(name).append('\n')));
        Path hostsPath = Files.writeString(dir.resolve("hosts"), hostsFile);
        StringBuilder conf = new StringBuilder();
        txt.forEach((name, texts) -> texts.forEach(text -> {
            if (text.contains("\"") || text.contains("\\") || text.contains("\n")) {
                throw new IllegalArgumentException("a TXT text dnsmasq cannot take as it is: " + text);
            }
            conf.append("txt-record=").append(name).append(",\"").append(text).append("\"\n");
        }));
        options.forEach(line -> conf.append(line).append('\n'));
        Path confPath = Files.writeString(dir.resolve("dnsmasq.conf"), conf);
        int port = freeUdpPort(ip);
        List<String> command = new ArrayList<>(List.of(dnsmasq.toString(), "--keep-in-foreground",
                "--conf-file=" + confPath, "--no-resolv", "--no-hosts", "--addn-hosts=" + hostsPath,
                "--listen-address=" + ip, "--bind-interfaces", "--port=" + port,
                "--pid-file=", "--user=" + System.getProperty("user.name"), "--log-facility=-", "--log-queries"));
        if (!hosts.isEmpty() || !txt.isEmpty()) {
            command.add("--local=/test/");
        }
        cnames.forEach((alias, target) -> command.add("--cname=" + alias + "," + target));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq.log").toFile())
                .start();
        DnsmasqServer server = new DnsmasqServer(ip, port, dir, process);
        try {
            if (hosts.isEmpty() && txt.isEmpty()) {
                server.awaitAnyAnswer(Duration.ofSeconds(15));
            } else if (hosts.isEmpty()) {
                server.awaitAnswers(txt.keySet().iterator().next(), Type.TXT, Duration.ofSeconds(15));
            } else {
                server.awaitAnswers(hosts.keySet().iterator().next(), Type.A, Duration.ofSeconds(15));
            }
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code ip:port}, as {@code --dns-server} takes it. */
    public String address() {
        return ip + ":" + port;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("dnsmasq.log"));
    }

    private static int freeUdpPort(String ip) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(ip))) {
            return socket.getLocalPort();
        }
    }

    private void awaitAnswers(String name, int type, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("dnsmasq exited with " + process.exitValue() + ": " + log());
            }
            SimpleResolver resolver = new SimpleResolver(ip);
            resolver.setPort(port);
            resolver.setTimeout(Duration.ofMillis(300));
            Lookup lookup = new Lookup(name + ".", type);
            lookup.setResolver(resolver);
            lookup.setCache(null);
            lookup.run();
            if (lookup.getResult() == Lookup.SUCCESSFUL) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("dnsmasq did not answer for " + name + " within " + timeout + ": " + log());
    }

    private void awaitAnyAnswer(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("dnsmasq exited with " + process.exitValue() + ": " + log());
            }
            SimpleResolver resolver = new SimpleResolver(ip);
            resolver.setPort(port);
            resolver.setTimeout(Duration.ofMillis(300));
            try {
                resolver.send(Message.newQuery(Record.newRecord(Name.fromString("probe.test."), Type.A, DClass.IN)));
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("dnsmasq did not answer within " + timeout + ": " + log());
    }

    @Override
    public void close() {
        try {
            process.destroy();
            Processes.stop(process, Duration.ofSeconds(5));
        } finally {
            Processes.forget(killHook);
            Processes.deleteTree(dir);
        }
    }
}
