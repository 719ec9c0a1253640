package org.nodehandshake.libp2p;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.libp2p.Multiaddr.Protocol;
import org.nodehandshake.libp2p.Multiaddr.TcpEndpoint;
import org.nodehandshake.protocol.HandshakeTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a libp2p seed becomes targets. A name ({@code bootstrap.libp2p.io}) is a dnsaddr seed (multiaddr's
 * protocols/DNSADDR.md): the TXT records of {@code _dnsaddr.<name>}, each {@code dnsaddr=<multiaddr>}, a
 * {@code /dnsaddr/<name>/...} entry read the same way, recursively. A multiaddr seed
 * ({@code /ip4/1.2.3.4/tcp/4001/p2p/12D3KooW…}, {@code /dns4/…}, {@code /dnsaddr/…}) is taken as the user
 * wrote it. Every target carries its {@code /p2p/} peer id (base58btc) as {@link HandshakeTarget#identity()}:
 * the handshake must see the peer prove it.
 *
 * <p>DNS is untrusted. The walk is bounded before any work (depth, TXT records, lookups, the seed's address
 * cap, one deadline for all of it), reads a name once per expected peer id (a name that is its own ancestor
 * is a loop), and counts what it does not take, by reason, for the seed's report: an entry whose
 * {@code /p2p/} id differs from the one its parent entry named is dropped (js-libp2p drops it too), an
 * address without a peer id cannot be authenticated, a QUIC/WebTransport/WebSocket/WebRTC/relay address is
 * counted under its transport as not supported (only plain TCP is dialled). {@code /dns*}{@code /tcp}
 * entries are resolved through the seed resolver's A/AAAA lookups. Addresses that are not globally routable
 * are listed with {@code contact = false} unless private addresses are allowed, as address records are.
 */
public final class DnsaddrDiscovery implements Discovery {

    private static final Logger LOG = LoggerFactory.getLogger(DnsaddrDiscovery.class);

    /** What a dnsaddr TXT record starts with. */
    public static final String PREFIX = "dnsaddr=";
    /** The label a dnsaddr name's records live under. */
    public static final String SUBDOMAIN = "_dnsaddr.";

    /**
     * The bounds of one walk, fixed before any lookup.
     *
     * @param maxDepth {@code /dnsaddr/} hops below the seed's own name (bootstrap.libp2p.io needs one)
     * @param maxRecords TXT records read in the whole walk
     * @param maxLookups DNS questions in the whole walk (TXT, and A/AAAA for {@code /dns*} entries)
     * @param recordsPerName TXT records taken from one name; more are counted, not read
     * @param maxTxtChars a record's text, its strings joined; longer ones are refused unread
     * @param deadline the whole walk; what was found by then is used, the rest not read
     * @param parallelLookups lookups in flight at once
     */
    public record Limits(int maxDepth, int maxRecords, int maxLookups, int recordsPerName, int maxTxtChars,
                         Duration deadline, int parallelLookups) {

        /**
         * Depth 4, 256 records, 64 lookups, 64 records a name, 1,100 characters (the prefix and a 1 KiB
         * multiaddr, with room to spare), 15 s, 8 lookups at once.
         */
        public static final Limits DEFAULTS = new Limits(4, 256, 64, 64, 1100, Duration.ofSeconds(15), 8);

        public Limits {
            if (maxDepth < 0 || maxRecords < 1 || maxLookups < 1 || recordsPerName < 1 || maxTxtChars < 1
                    || parallelLookups < 1) {
                throw new IllegalArgumentException("dnsaddr limits must be positive: " + this);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("the dnsaddr deadline must be positive: " + deadline);
            }
        }

        public Limits withDeadline(Duration value) {
            return new Limits(maxDepth, maxRecords, maxLookups, recordsPerName, maxTxtChars, value, parallelLookups);
        }
    }

    private final Limits limits;

    public DnsaddrDiscovery() {
        this(Limits.DEFAULTS);
    }

    public DnsaddrDiscovery(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Whether a seed name is written as a multiaddr ({@code /ip4/…}, {@code /ip6/…}, {@code /dns/…},
     * {@code /dns4/…}, {@code /dns6/…}, {@code /dnsaddr/…}), for {@code ProtocolModule.ownsNotation}. Plain
     * names are dnsaddr seeds whenever the network is a libp2p one; that is the module's to decide.
     */
    public static boolean ownsNotation(String name) {
        String n = name.trim();
        for (String start : new String[] {"/ip4/", "/ip6/", "/dns/", "/dns4/", "/dns6/", "/dnsaddr/"}) {
            if (n.startsWith(start)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletableFuture<Resolution> discover(Seed seed, SeedResolver dns) {
        String name = seed.name().trim();
        if (name.startsWith("/")) {
            Multiaddr address;
            try {
                address = Multiaddr.parse(name);
            } catch (MalformedMessageException e) {
                return failed(seed, "not a valid multiaddr: " + name + " (" + e.getMessage() + ")");
            }
            Multiaddr.Component first = address.components().get(0);
            if (first.protocol() == Protocol.DNSADDR) {
                return new Walk(seed, normalize(first.valueText()), address.peerId(), dns, limits).run();
            }
            return single(seed, address, dns);
        }
        if (isIpLiteral(name) || name.equalsIgnoreCase("localhost")) {
            return failed(seed, name + " is an address, not a dnsaddr name: give a multiaddr such as /ip4/<ip>/tcp/"
                    + "<port>/p2p/<peer id>");
        }
        String query = normalize(seed.queryName());
        if (query.startsWith(SUBDOMAIN)) {
            query = query.substring(SUBDOMAIN.length()); // the user wrote the record's own name
        }
        return new Walk(seed, query, Optional.empty(), dns, limits).run();
    }

    private static CompletableFuture<Resolution> failed(Seed seed, String error) {
        LOG.error("{}: {}", seed.name(), error);
        return CompletableFuture.completedFuture(Resolution.failed(seed, error));
    }

    /** A multiaddr the user typed: one TCP target (its name resolved when it is a {@code /dns*} one). */
    private static CompletableFuture<Resolution> single(Seed seed, Multiaddr address, SeedResolver dns) {
        Optional<PeerId> id = address.peerId();
        if (id.isEmpty()) {
            return failed(seed, address + " has no /p2p/<peer id>: the handshake must know whom it dials");
        }
        Optional<TcpEndpoint> endpoint = address.tcpEndpoint();
        if (endpoint.isEmpty()) {
            return failed(seed, address + " is a " + address.transport().label()
                    + " address: only plain TCP (/ip4|ip6|dns*/<host>/tcp/<port>/p2p/<id>) is supported");
        }
        TcpEndpoint ep = endpoint.get();
        Optional<String> identity = Optional.of(id.get().toString());
        Optional<InetAddress> ip = ep.address();
        if (ip.isPresent()) {
            // the user typed the address: contacted whatever it is, like an IP literal
            HandshakeTarget target = new HandshakeTarget(seed.name(), ip.get(), ep.port(), seed.network(), true, identity);
            return CompletableFuture.completedFuture(new Resolution(seed, List.of(target), Optional.empty(), 0, Map.of()));
        }
        return dns.addresses(new Seed(ep.host(), ep.port(), seed.network())).thenApply(r -> {
            List<HandshakeTarget> targets = r.targets().stream()
                    .filter(t -> family(ep.hostProtocol(), t.address()))
                    .map(t -> new HandshakeTarget(seed.name(), t.address(), ep.port(), seed.network(), t.contact(), identity))
                    .toList();
            Optional<String> error = targets.isEmpty()
                    ? Optional.of(r.error().orElse("/" + ep.hostProtocol().text() + "/" + ep.host()
                            + " resolved to no address of its family"))
                    : Optional.empty();
            return new Resolution(seed, targets, error, r.dropped(), Map.of());
        });
    }

    /** dns4 takes IPv4 answers only, dns6 IPv6 only, dns both. */
    private static boolean family(Protocol host, InetAddress address) {
        return switch (host) {
            case DNS4 -> address instanceof Inet4Address;
            case DNS6 -> address instanceof Inet6Address;
            default -> true;
        };
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT); // DNS names match case-insensitively
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static boolean isIpLiteral(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return org.xbill.DNS.Address.isDottedQuad(bare)
                || org.xbill.DNS.Address.toByteArray(bare, org.xbill.DNS.Address.IPv6) != null;
    }

    /**
     * One walk, asynchronous through {@link SeedResolver#txt} and {@link SeedResolver#addresses} (no thread
     * waits), every field guarded by the walk's monitor.
     */
    private static final class Walk {

        /** A lookup to make: a dnsaddr name's TXT records, or a {@code /dns*} entry's addresses. */
        private sealed interface Task permits Visit, HostLookup {
        }

        /**
         * @param depth 0 for the seed's own name
         * @param expected the peer id the entry that led here named: entries naming another are dropped
         * @param ancestors the names above this one, to tell a loop from a duplicate
         */
        private record Visit(String name, int depth, Optional<PeerId> expected, List<String> ancestors) implements Task {
        }

        private record HostLookup(TcpEndpoint endpoint, PeerId id) implements Task {
        }

        private final Seed seed;
        private final String rootName;
        private final SeedResolver dns;
        private final Limits limits;
        private final long deadlineNanos;
        private final CompletableFuture<Resolution> result = new CompletableFuture<>();

        private final Deque<Task> pending = new ArrayDeque<>();
        /** One TXT lookup per name, shared by every visit of it (a name may be asked for several ids). */
        private final Map<String, CompletableFuture<SeedResolver.TxtAnswer>> answers = new HashMap<>();
        private final Set<String> visited = new HashSet<>();
        private final LinkedHashMap<String, HandshakeTarget> targets = new LinkedHashMap<>();
        private final TreeMap<String, Integer> skipped = new TreeMap<>();
        private final TreeMap<String, Integer> notSupported = new TreeMap<>();
        private int inFlight;
        private int lookups;
        private int records;
        private int duplicates;
        private int loops;
        private int beyondCap;
        private String rootError;
        private String truncated;
        private boolean finished;

        Walk(Seed seed, String rootName, Optional<PeerId> expected, SeedResolver dns, Limits limits) {
            this.seed = seed;
            this.rootName = rootName;
            this.dns = dns;
            this.limits = limits;
            this.deadlineNanos = System.nanoTime() + limits.deadline().toNanos();
            visited.add(visitKey(rootName, expected));
            pending.add(new Visit(rootName, 0, expected, List.of()));
        }

        CompletableFuture<Resolution> run() {
            CompletableFuture.delayedExecutor(limits.deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(this::deadlineReached);
            synchronized (this) {
                pump();
            }
            return result;
        }

        private static String visitKey(String name, Optional<PeerId> expected) {
            return name + "|" + expected.map(PeerId::toString).orElse("");
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
                LOG.warn("{}: reading dnsaddr records stopped early: {}", seed.name(), why);
            }
            pending.clear();
        }

        private void count(Map<String, Integer> map, String reason, int n) {
            map.merge(reason, n, Integer::sum);
        }

        private void skip(String reason) {
            count(skipped, reason, 1);
        }

        /** Starts lookups while there is work, room in flight and budget; finishes when all is done. */
        private void pump() {
            while (!finished && inFlight < limits.parallelLookups() && !pending.isEmpty()) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    truncate("deadline (" + limits.deadline().toMillis() + " ms)");
                    break;
                }
                if (targets.size() >= dns.maxAddresses()) {
                    truncate("address limit (" + dns.maxAddresses() + ")");
                    break;
                }
                Task task = pending.peek();
                boolean cached = task instanceof Visit v && answers.containsKey(v.name());
                if (!cached && lookups >= limits.maxLookups()) {
                    truncate("lookup limit (" + limits.maxLookups() + ")");
                    break;
                }
                pending.poll();
                inFlight++;
                try {
                    start(task);
                } catch (RuntimeException e) {
                    // a lookup that could not even start (a name dnsjava refuses, ...): counted, the walk goes on
                    LOG.warn("{}: a dnsaddr lookup could not start", seed.name(), e);
                    inFlight--;
                    skip("unreadable");
                }
            }
            if (!finished && inFlight == 0 && pending.isEmpty()) {
                finish();
            }
        }

        private void start(Task task) {
            if (task instanceof Visit visit) {
                CompletableFuture<SeedResolver.TxtAnswer> answer = answers.get(visit.name());
                if (answer == null) {
                    lookups++;
                    answer = dns.txt(SUBDOMAIN + visit.name(), limits.recordsPerName(), limits.maxTxtChars());
                    answers.put(visit.name(), answer);
                }
                answer.whenComplete((a, error) -> done(() -> {
                    if (error != null) {
                        skip("unresolved");
                    } else {
                        onAnswer(visit, a);
                    }
                }));
            } else if (task instanceof HostLookup host) {
                lookups++;
                TcpEndpoint ep = host.endpoint();
                dns.addresses(new Seed(ep.host(), ep.port(), seed.network())).whenComplete((r, error) -> done(() -> {
                    if (error != null) {
                        skip("unresolved-host");
                    } else {
                        onHost(host, r);
                    }
                }));
            }
        }

        /** An answer's handling, under the walk's monitor; a late answer (after the deadline) is ignored. */
        private void done(Runnable handling) {
            synchronized (this) {
                inFlight--;
                if (finished) {
                    return;
                }
                try {
                    handling.run();
                } catch (RuntimeException e) {
                    LOG.warn("{}: a dnsaddr answer could not be read", seed.name(), e);
                    skip("unreadable");
                }
                pump();
            }
        }

        private void onAnswer(Visit visit, SeedResolver.TxtAnswer answer) {
            if (answer.oversized() > 0) {
                count(skipped, "oversized", answer.oversized());
            }
            if (answer.beyondCap() > 0) {
                count(skipped, "beyond-name-cap", answer.beyondCap());
            }
            if (answer.problem().isPresent() || answer.records().isEmpty()) {
                String why = answer.problem().orElse(answer.oversized() > 0
                        ? "longer than " + limits.maxTxtChars() + " characters" : "no TXT record");
                if (visit.depth() == 0) {
                    rootError = SUBDOMAIN + visit.name() + " did not resolve (" + why + ")";
                } else {
                    skip("unresolved");
                    LOG.debug("{}: {}{} did not resolve ({})", seed.name(), SUBDOMAIN, visit.name(), why);
                }
                return;
            }
            for (String text : answer.records()) {
                if (records >= limits.maxRecords()) {
                    truncate("record limit (" + limits.maxRecords() + ")");
                    return;
                }
                records++;
                onRecord(visit, text);
            }
        }

        private void onRecord(Visit visit, String text) {
            if (!text.startsWith(PREFIX)) {
                skip("not-dnsaddr"); // another TXT record under the name: not ours to read
                return;
            }
            Multiaddr address;
            try {
                address = Multiaddr.parse(text.substring(PREFIX.length()).trim());
            } catch (MalformedMessageException e) {
                skip("malformed");
                LOG.debug("{}: a dnsaddr record at {} is no multiaddr: {}", seed.name(), visit.name(), e.getMessage());
                return;
            }
            Optional<PeerId> id = address.peerId();
            if (visit.expected().isPresent() && !visit.expected().equals(id)) {
                // the parent entry named this peer; a record for another (or none) is not it
                skip("peer-id-mismatch");
                return;
            }
            Multiaddr.Component first = address.components().get(0);
            if (first.protocol() == Protocol.DNSADDR) {
                onLink(visit, normalize(first.valueText()), id);
                return;
            }
            if (id.isEmpty()) {
                skip("missing-identity");
                return;
            }
            Optional<TcpEndpoint> endpoint = address.tcpEndpoint();
            if (endpoint.isEmpty()) {
                Multiaddr.Transport transport = address.transport();
                if (transport == Multiaddr.Transport.TCP) {
                    skip("no-port"); // tcp/0
                } else {
                    count(notSupported, transport.label(), 1);
                }
                return;
            }
            TcpEndpoint ep = endpoint.get();
            Optional<InetAddress> ip = ep.address();
            if (ip.isPresent()) {
                addTarget(ip.get(), ep.port(), id.get());
            } else {
                pending.add(new HostLookup(ep, id.get()));
            }
        }

        /** A {@code /dnsaddr/<name>} entry: read next, once per name and expected id, within the depth. */
        private void onLink(Visit from, String name, Optional<PeerId> id) {
            if (name.equals(from.name()) || from.ancestors().contains(name)) {
                loops++;
                return;
            }
            if (!visited.add(visitKey(name, id))) {
                duplicates++;
                return;
            }
            if (from.depth() + 1 > limits.maxDepth()) {
                skip("too-deep");
                return;
            }
            List<String> ancestors = new ArrayList<>(from.ancestors());
            ancestors.add(from.name());
            pending.add(new Visit(name, from.depth() + 1, id, List.copyOf(ancestors)));
        }

        private void onHost(HostLookup host, Resolution r) {
            Protocol family = host.endpoint().hostProtocol();
            List<InetAddress> addresses = r.addresses().stream().filter(a -> family(family, a)).toList();
            if (addresses.isEmpty()) {
                skip("unresolved-host");
                return;
            }
            addresses.forEach(a -> addTarget(a, host.endpoint().port(), host.id()));
        }

        private void addTarget(InetAddress address, int port, PeerId id) {
            String key = address.getHostAddress() + "|" + port + "|" + id;
            if (targets.containsKey(key)) {
                duplicates++;
                return;
            }
            if (targets.size() >= dns.maxAddresses()) {
                beyondCap++;
                return;
            }
            // from DNS, so the policy decides, even for a name that says localhost
            boolean contact = dns.allowPrivate() || AddressPolicy.isGloballyRoutable(address);
            targets.put(key, new HandshakeTarget(seed.name(), address, port, seed.network(), contact,
                    Optional.of(id.toString())));
        }

        private void finish() {
            finished = true;
            pending.clear();
            List<HandshakeTarget> found = List.copyOf(targets.values());
            long notRoutable = found.stream().filter(t -> !AddressPolicy.isGloballyRoutable(t.address())).count();
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("list", "dnsaddr");
            facts.put("recordsFetched", records);
            facts.put("lookups", lookups);
            facts.put("addressesFound", found.size() + beyondCap);
            facts.put("notRoutable", (int) notRoutable);
            facts.put("duplicates", duplicates);
            facts.put("loops", loops);
            facts.put("skipped", new LinkedHashMap<>(skipped));
            facts.put("notSupported", new LinkedHashMap<>(notSupported));
            if (truncated != null) {
                facts.put("truncated", truncated);
            }
            Optional<String> error = Optional.empty();
            if (rootError != null) {
                error = Optional.of(rootError);
            } else if (found.isEmpty()) {
                error = Optional.of(SUBDOMAIN + rootName + " holds no TCP address with a peer id"
                        + (notSupported.isEmpty() ? "" : "; not supported: " + describe(notSupported))
                        + (skipped.isEmpty() ? "" : "; skipped: " + describe(skipped))
                        + (truncated != null ? " (stopped: " + truncated + ")" : ""));
            }
            error.ifPresent(e -> LOG.error("{}: {}", seed.name(), e));
            if (beyondCap > 0) {
                LOG.warn("{}: more than {} addresses: {} not taken", seed.name(), dns.maxAddresses(), beyondCap);
            }
            LOG.info("{}: {} dnsaddr records, {} lookups, {} addresses, not supported {}, skipped {}", seed.name(),
                    records, lookups, found.size() + beyondCap, notSupported, skipped);
            result.complete(new Resolution(seed, found, error, beyondCap, facts));
        }

        private static String describe(Map<String, Integer> counts) {
            return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }
    }
}
