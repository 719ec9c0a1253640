package org.nodehandshake.ethereum;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.nodehandshake.dns.AddressPolicy;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.protocol.HandshakeTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk of an EIP-1459 list, asynchronous through {@link SeedResolver#txt} (no thread waits), bounded
 * before any work: records fetched, TXT length, branch width, depth, links followed, node records taken
 * (the seed's address cap), and one deadline for the whole walk. A hash met twice is fetched once (a
 * duplicate, or a loop when it is its own ancestor); so is a list linked twice. Everything refused is
 * counted by reason and never contacted: a root that does not verify against the URL's key (then
 * nothing under it is read), a record that does not hash to its name, a node record that breaks
 * EIP-778 or has no TCP endpoint. Valid records whose address is not globally routable are listed with
 * {@code contact = false} unless private addresses are allowed, as address records are.
 */
final class EnrTreeWalk {

    private static final Logger LOG = LoggerFactory.getLogger(EnrTreeWalk.class);
    /** TXT records taken per name: a tree name holds one; a few more let a stray record not hide it. */
    private static final int TXT_RECORDS_PER_NAME = 4;

    private enum Subtree { NODES, LINKS }

    /** A lookup to make: a list's root, or an entry under one. */
    private sealed interface Task permits RootTask, EntryTask {
    }

    /**
     * @param linkDepth 0 for the seed's own list, n for a list reached through n links
     * @param lists the lists above this one (domain and key), to tell a loop of links from a duplicate
     */
    private record RootTask(EnrTree.Url url, int linkDepth, List<String> lists) implements Task {
    }

    /**
     * @param ancestors the hashes above this entry in its list, to tell a loop from a duplicate subtree
     * @param depth 1 for the root's e= and l= entries
     */
    private record EntryTask(RootTask list, String hash, Subtree subtree, int depth, List<String> ancestors)
            implements Task {
        String name() {
            return hash + "." + list.url().domain();
        }
    }

    private final Seed seed;
    private final EnrTree.Url url;
    private final SeedResolver dns;
    private final EnrTreeDiscovery.Limits limits;
    private final long deadlineNanos;
    private final CompletableFuture<Resolution> result = new CompletableFuture<>();

    // guarded by this
    private final Deque<Task> pending = new ArrayDeque<>();
    private final Set<String> seenEntries = new HashSet<>();
    private final Set<String> seenLists = new HashSet<>();
    private final LinkedHashMap<String, Enr> nodes = new LinkedHashMap<>();
    private final TreeMap<String, Integer> invalid = new TreeMap<>();
    private int inFlight;
    private int fetched;
    private int duplicates;
    private int loops;
    private int linksFollowed;
    private int beyondCap;
    private Long seq;
    private String rootError;
    private String truncated;
    private boolean finished;

    EnrTreeWalk(Seed seed, EnrTree.Url url, SeedResolver dns, EnrTreeDiscovery.Limits limits) {
        this.seed = seed;
        this.url = url;
        this.dns = dns;
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.deadline().toNanos();
    }

    CompletableFuture<Resolution> run() {
        CompletableFuture.delayedExecutor(limits.deadline().toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::deadlineReached);
        synchronized (this) {
            seenLists.add(listId(url));
            pending.add(new RootTask(url, 0, List.of(listId(url))));
            pump();
        }
        return result;
    }

    private static String listId(EnrTree.Url url) {
        return url.domain() + "|" + url.keyText();
    }

    private synchronized void deadlineReached() {
        if (!finished) {
            truncate("deadline (" + limits.deadline().toMillis() + " ms)");
            finish();
        }
    }

    private void truncate(String why) {
        if (truncated == null) {
            truncated = why;
            LOG.warn("{}: reading the list stopped early: {}", seed.name(), why);
        }
        pending.clear();
    }

    /** Starts lookups while there is work, room in flight and budget; finishes when all is done. */
    private void pump() {
        while (!finished && inFlight < limits.parallelLookups() && !pending.isEmpty()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                truncate("deadline (" + limits.deadline().toMillis() + " ms)");
                break;
            }
            if (fetched >= limits.maxRecords()) {
                truncate("record limit (" + limits.maxRecords() + ")");
                break;
            }
            if (nodes.size() >= dns.maxAddresses()) {
                truncate("address limit (" + dns.maxAddresses() + ")");
                break;
            }
            Task task = pending.poll();
            String name = task instanceof RootTask root ? root.url().domain() : ((EntryTask) task).name();
            fetched++;
            inFlight++;
            dns.txt(name, TXT_RECORDS_PER_NAME, limits.maxTxtChars()).whenComplete((answer, error) -> {
                synchronized (EnrTreeWalk.this) {
                    inFlight--;
                    if (finished) {
                        return;
                    }
                    try {
                        if (error != null) {
                            count("unresolved");
                        } else if (task instanceof RootTask root) {
                            onRoot(root, answer);
                        } else {
                            onEntry((EntryTask) task, answer);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("{}: a list record could not be read", seed.name(), e);
                        count("unreadable");
                    }
                    pump();
                }
            });
        }
        if (!finished && inFlight == 0 && pending.isEmpty()) {
            finish();
        }
    }

    private void count(String reason) {
        invalid.merge(reason, 1, Integer::sum);
    }

    private void onRoot(RootTask task, SeedResolver.TxtAnswer answer) {
        boolean own = task.linkDepth() == 0;
        String domain = task.url().domain();
        if (answer.problem().isPresent() || answer.records().isEmpty()) {
            count(answer.oversized() > 0 ? "oversized" : "unresolved");
            if (own) {
                rootError = "the list's root at " + domain + " did not resolve ("
                        + answer.problem().orElse(answer.oversized() > 0 ? "longer than " + limits.maxTxtChars()
                        + " characters" : "no TXT record") + ")";
            }
            return;
        }
        Optional<String> text = answer.records().stream().filter(r -> r.startsWith(EnrTree.ROOT_PREFIX)).findFirst();
        if (text.isEmpty()) {
            count("no-root");
            if (own) {
                rootError = "no enrtree-root record at " + domain;
            }
            return;
        }
        EnrTree.Root root;
        try {
            root = EnrTree.Root.parse(text.get());
        } catch (EnrTree.InvalidTreeException e) {
            count(e.reason());
            if (own) {
                rootError = "the list's root at " + domain + " is malformed: " + e.getMessage();
            }
            return;
        }
        if (!root.signedBy(task.url().key())) {
            count("bad-root-signature");
            LOG.warn("{}: the root at {} is not signed by the key its URL names: nothing under it is read",
                    seed.name(), domain);
            if (own) {
                rootError = "the list's root at " + domain + " is not signed by the URL's key: nothing contacted";
            }
            return;
        }
        if (own) {
            seq = root.seq();
        }
        enqueueEntry(task, root.enrRoot(), Subtree.NODES, 1, List.of());
        enqueueEntry(task, root.linkRoot(), Subtree.LINKS, 1, List.of());
    }

    private void enqueueEntry(RootTask list, String hash, Subtree subtree, int depth, List<String> ancestors) {
        String key = hash.toUpperCase(Locale.ROOT) + "." + list.url().domain();
        if (ancestors.contains(hash)) {
            loops++;
            return;
        }
        if (!seenEntries.add(key)) {
            duplicates++;
            return;
        }
        if (depth > limits.maxDepth()) {
            count("too-deep");
            return;
        }
        pending.add(new EntryTask(list, hash, subtree, depth, ancestors));
    }

    private void onEntry(EntryTask task, SeedResolver.TxtAnswer answer) {
        if (answer.problem().isPresent() || answer.records().isEmpty()) {
            count(answer.oversized() > 0 ? "oversized" : "unresolved");
            return;
        }
        Optional<String> text = answer.records().stream().filter(r -> EnrTree.hashMatches(task.hash(), r)).findFirst();
        if (text.isEmpty()) {
            count("hash-mismatch");
            LOG.warn("{}: the record at {} does not hash to its name: refused", seed.name(), task.name());
            return;
        }
        EnrTree.Entry entry;
        try {
            entry = EnrTree.parseEntry(text.get(), limits.maxBranchWidth());
        } catch (EnrTree.InvalidTreeException e) {
            count(e.reason());
            return;
        } catch (InvalidEnrException e) {
            count(e.reason());
            return;
        }
        if (entry instanceof EnrTree.Branch branch) {
            List<String> ancestors = new ArrayList<>(task.ancestors());
            ancestors.add(task.hash());
            List<String> path = List.copyOf(ancestors);
            for (String child : branch.children()) {
                enqueueEntry(task.list(), child, task.subtree(), task.depth() + 1, path);
            }
        } else if (entry instanceof EnrTree.Leaf leaf) {
            if (task.subtree() != Subtree.NODES) {
                count("wrong-entry-type");
            } else {
                onNode(leaf.enr());
            }
        } else if (entry instanceof EnrTree.Link link) {
            if (task.subtree() != Subtree.LINKS) {
                count("wrong-entry-type");
            } else {
                onLink(task.list(), link.url());
            }
        }
    }

    private void onNode(Enr enr) {
        if (enr.tcpEndpoint().isEmpty()) {
            count("no-tcp-endpoint");
            return;
        }
        String id = enr.publicKeyHex();
        Enr known = nodes.get(id);
        if (known != null) {
            duplicates++;
            if (Long.compareUnsigned(enr.seq(), known.seq()) > 0) {
                nodes.put(id, enr); // the newer record of the same node
            }
            return;
        }
        if (nodes.size() >= dns.maxAddresses()) {
            beyondCap++;
            return;
        }
        nodes.put(id, enr);
    }

    private void onLink(RootTask from, EnrTree.Url link) {
        String id = listId(link);
        if (from.lists().contains(id)) {
            loops++;
            return;
        }
        if (!seenLists.add(id)) {
            duplicates++;
            return;
        }
        if (from.linkDepth() + 1 > limits.maxLinkDepth()) {
            count("link-too-deep");
            return;
        }
        linksFollowed++;
        List<String> lists = new ArrayList<>(from.lists());
        lists.add(id);
        pending.add(new RootTask(link, from.linkDepth() + 1, List.copyOf(lists)));
    }

    private void finish() {
        finished = true;
        pending.clear();
        int notRoutable = 0;
        List<HandshakeTarget> targets = new ArrayList<>();
        for (Enr enr : nodes.values()) {
            InetSocketAddress endpoint = enr.tcpEndpoint().orElseThrow();
            boolean routable = AddressPolicy.isGloballyRoutable(endpoint.getAddress());
            notRoutable += routable ? 0 : 1;
            targets.add(new HandshakeTarget(seed.name(), endpoint.getAddress(), endpoint.getPort(), seed.network(),
                    routable || dns.allowPrivate(), Optional.of(enr.publicKeyHex())));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("list", "enrtree");
        if (seq != null) {
            facts.put("seq", seq);
        }
        facts.put("recordsFetched", fetched);
        facts.put("nodesFound", nodes.size() + beyondCap);
        facts.put("notRoutable", notRoutable);
        facts.put("linksFollowed", linksFollowed);
        facts.put("duplicates", duplicates);
        facts.put("loops", loops);
        facts.put("invalid", new LinkedHashMap<>(invalid));
        if (truncated != null) {
            facts.put("truncated", truncated);
        }
        Optional<String> error = Optional.empty();
        if (rootError != null) {
            error = Optional.of(rootError);
        } else if (targets.isEmpty()) {
            error = Optional.of("the list at " + url.domain() + " holds no usable node record"
                    + (truncated != null ? " (stopped: " + truncated + ")" : "")
                    + (invalid.isEmpty() ? "" : "; refused: " + invalid.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        }
        error.ifPresent(e -> LOG.error("{}: {}", seed.name(), e));
        if (beyondCap > 0) {
            LOG.warn("{}: more than {} node records: {} not taken", seed.name(), dns.maxAddresses(), beyondCap);
        }
        LOG.info("{}: list seq {}, {} records fetched, {} node records, invalid {}", seed.name(), seq, fetched,
                nodes.size() + beyondCap, invalid);
        result.complete(new Resolution(seed, targets, error, beyondCap, facts));
    }
}
