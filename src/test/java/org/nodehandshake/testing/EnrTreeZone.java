package org.nodehandshake.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodehandshake.ethereum.EnrTree;
import org.nodehandshake.ethereum.EthCrypto;

/**
 * An EIP-1459 list built and signed by a test, as go-ethereum's {@code dnsdisc} publishes one: node
 * records and links in branches of at most {@code width} children, each record named by its hash under
 * the domain, the root at the domain signed with the list's key. {@link #records()} can be changed
 * before serving (a tampered leaf, a forged root).
 */
public final class EnrTreeZone {

    /** go-ethereum's branch size: 13 hashes (about 370 characters, more than one 255-byte string). */
    public static final int DEFAULT_WIDTH = 13;

    private final String domain;
    private final BigInteger key;
    private final LinkedHashMap<String, String> records = new LinkedHashMap<>();
    private final String enrRoot;
    private final String linkRoot;

    private EnrTreeZone(String domain, BigInteger key, long seq, List<String> enrs, List<String> links, int width) {
        this.domain = domain;
        this.key = key;
        this.enrRoot = subtree(enrs, width);
        this.linkRoot = subtree(links, width);
        LinkedHashMap<String, String> all = new LinkedHashMap<>();
        all.put(domain, EnrTree.signRoot(enrRoot, linkRoot, seq, key));
        all.putAll(records);
        records.clear();
        records.putAll(all);
    }

    /**
     * @param enrs node records' texts ({@code enr:...})
     * @param links other lists' URLs ({@code enrtree://...})
     */
    public static EnrTreeZone build(String domain, BigInteger key, long seq, List<String> enrs, List<String> links) {
        return new EnrTreeZone(domain, key, seq, enrs, links, DEFAULT_WIDTH);
    }

    public static EnrTreeZone build(String domain, BigInteger key, long seq, List<String> enrs, List<String> links,
                                    int width) {
        return new EnrTreeZone(domain, key, seq, enrs, links, width);
    }

    /**
     * Prints a list for dnsmasq ({@code --conf-file}), as the README's Ethereum walk-through uses it: a
     * comment line with the list's URL (a fresh list key each run), then one {@code txt-record=} line per
     * record. Arguments: the domain, then one {@code ip:tcp-port:node-private-key-hex} per node (its
     * record is signed with its own key, as a node publishes it).
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EnrTreeZone <domain> <ip:tcp-port:node-private-key-hex>...");
            System.exit(2);
        }
        List<String> enrs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] node = args[i].split(":");
            enrs.add(org.nodehandshake.ethereum.Enr.builder(1).ip(java.net.InetAddress.getByName(node[0]))
                    .tcp(Integer.parseInt(node[1])).udp(Integer.parseInt(node[1]))
                    .sign(new BigInteger(node[2], 16)).text());
        }
        EnrTreeZone zone = build(args[0], EthCrypto.newPrivateKey(), 1, enrs, List.of());
        System.out.println("# " + zone.url());
        zone.records().forEach((name, text) -> System.out.println("txt-record=" + name + ",\"" + text + "\""));
    }

    /** Records the leaves, then branches over them until one hash is left; returns the subtree's hash. */
    private String subtree(List<String> leaves, int width) {
        List<String> level = new ArrayList<>();
        for (String leaf : leaves) {
            level.add(put(leaf));
        }
        do {
            List<String> up = new ArrayList<>();
            for (int i = 0; i < level.size() || (i == 0 && level.isEmpty()); i += width) {
                List<String> children = level.subList(i, Math.min(level.size(), i + width));
                up.add(put(EnrTree.BRANCH_PREFIX + String.join(",", children)));
            }
            level = up;
        } while (level.size() > 1);
        return level.get(0);
    }

    private String put(String text) {
        String hash = EnrTree.hashOf(text);
        records.put(hash + "." + domain, text);
        return hash;
    }

    /** {@code enrtree://<key>@<domain>}. */
    public String url() {
        return new EnrTree.Url(EthCrypto.publicKey(key), domain).toString();
    }

    public String domain() {
        return domain;
    }

    public String enrRoot() {
        return enrRoot;
    }

    public String linkRoot() {
        return linkRoot;
    }

    /** Name (absolute, no trailing dot) to the record's text; the root first. Changeable. */
    public Map<String, String> records() {
        return records;
    }

    /** The name a record with this text is published under. */
    public String nameOf(String text) {
        return EnrTree.hashOf(text) + "." + domain;
    }

    /** Serves every record from the fake DNS. */
    public void serve(FakeDns dns) {
        records.forEach(dns::txt);
    }
}
