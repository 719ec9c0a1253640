package org.nodehandshake.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.nodehandshake.protocol.HandshakeTarget;
import org.nodehandshake.protocol.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The shared DNS client of every protocol's {@link Discovery}, never blocking a thread and bounded by one
 * deadline per lookup. {@link #resolve} asks the seed's network how its seeds become targets. For
 * address records ({@link #addresses}) A and AAAA are asked at the same
 * time ({@link DnsClient}: dnsjava's asynchronous resolvers, CNAMEs followed), duplicates are dropped, at most
 * {@code maxAddresses} are taken, and addresses that are not globally routable are marked not to be
 * contacted unless private addresses are allowed. IP literals and {@code localhost} skip DNS and are
 * always contacted: the user typed them. TXT records ({@link #txt}) come back as text, bounded in
 * count and length, for discoveries that read node lists from them.
 *
 * <p>Every question is measured ({@link DnsAnswer}: response code, time, record count, TTLs, truncation
 * and the TCP retry, the resolver's AD flag) and {@link #resolve} puts the figures of the seed's
 * questions, by record type, on its {@link Resolution}.
 */
public final class SeedResolver {

    private static final Logger LOG = LoggerFactory.getLogger(SeedResolver.class);

    private static final List<String> TYPE_ORDER = List.of("A", "AAAA", "TXT");

    private final DnsClient client;
    private final Duration deadline;
    private final int maxAddresses;
    private final boolean allowPrivate;
    private final Function<Network, Discovery> discoveries;
    /** the seed whose questions this view records ({@link #resolve}); null for the shared resolver */
    private final Recorder recorder;

    public SeedResolver(Resolver resolver, Duration deadline, int maxAddresses, boolean allowPrivate) {
        this(resolver, deadline, maxAddresses, allowPrivate, network -> Discovery.ADDRESSES);
    }

    /** @param discoveries how each network's seeds become targets (its protocol module's discovery) */
    public SeedResolver(Resolver resolver, Duration deadline, int maxAddresses, boolean allowPrivate,
                        Function<Network, Discovery> discoveries) {
        this.client = new DnsClient(resolver, deadline);
        this.deadline = deadline;
        this.maxAddresses = maxAddresses;
        this.allowPrivate = allowPrivate;
        this.discoveries = Objects.requireNonNull(discoveries, "discoveries");
        this.recorder = null;
    }

    /** The same resolver, recording every answer for one seed. */
    private SeedResolver(SeedResolver shared, Recorder recorder) {
        this.client = shared.client;
        this.deadline = shared.deadline;
        this.maxAddresses = shared.maxAddresses;
        this.allowPrivate = shared.allowPrivate;
        this.discoveries = shared.discoveries;
        this.recorder = recorder;
    }

    /** The answers of one seed's questions, by record type, in the order asked. */
    private static final class Recorder {
        private final Map<String, List<DnsAnswer>> answers = new LinkedHashMap<>();

        synchronized void add(int type, DnsAnswer answer) {
            answers.computeIfAbsent(Type.string(type), t -> new ArrayList<>()).add(answer);
        }

        synchronized Map<String, DnsQuality> figures() {
            Map<String, DnsQuality> out = new LinkedHashMap<>();
            TYPE_ORDER.stream().filter(answers::containsKey).forEach(t -> out.put(t, DnsQuality.of(answers.get(t))));
            answers.forEach((t, list) -> out.putIfAbsent(t, DnsQuality.of(list)));
            return out;
        }
    }

    /**
     * A resolver for {@code host[:port]} (port 53 by default), or the system's resolvers when empty.
     * Each query times out after {@code timeout}.
     */
    public static Resolver resolverFor(Optional<HostAndPort> server, Duration timeout) throws UnknownHostException {
        Resolver resolver;
        if (server.isPresent()) {
            SimpleResolver simple = new SimpleResolver(InetAddress.getByName(server.get().host()));
            simple.setPort(server.get().port());
            resolver = simple;
        } else {
            resolver = new ExtendedResolver();
        }
        resolver.setTimeout(timeout);
        return resolver;
    }

    /** How long one lookup may take. */
    public Duration deadline() {
        return deadline;
    }

    /** At most this many targets per seed ({@code handshake.max-addresses-per-seed}); a discovery applies it too. */
    public int maxAddresses() {
        return maxAddresses;
    }

    /** Whether addresses that are not globally routable are contacted ({@code handshake.allow-private}). */
    public boolean allowPrivate() {
        return allowPrivate;
    }

    /**
     * The seed's targets, found the way its network's protocol finds them, with the figures of every DNS
     * question the discovery asked ({@link Resolution#dns}).
     */
    public CompletableFuture<Resolution> resolve(Seed seed) {
        Recorder seen = new Recorder();
        SeedResolver view = new SeedResolver(this, seen);
        return discoveries.apply(seed.network()).discover(seed, view).thenApply(r -> {
            Resolution resolution = r.withDns(seen.figures()).withSeedSettings();
            warnPartial(resolution);
            return resolution;
        });
    }

    /** The seed's own question of a type failed beside addresses that came: resolved, but not wholly. */
    private static void warnPartial(Resolution resolution) {
        if (!resolution.resolved()) {
            return;
        }
        resolution.dns().forEach((type, q) -> {
            if (!q.rcode().equals(DnsAnswer.NOERROR)) {
                LOG.warn("DNS lookup of {}: {} answered {} (the seed resolved through its other answers)",
                        resolution.seed().queryName(), type, q.rcode());
            }
        });
    }

    /** The seed's A and AAAA records as targets (IP literals and {@code localhost} skip DNS). */
    public CompletableFuture<Resolution> addresses(Seed seed) {
        Optional<InetAddress> literal = literal(seed.name());
        if (literal.isPresent()) {
            return CompletableFuture.completedFuture(toResolution(seed, List.of(literal.get()), true));
        }
        if (seed.name().equalsIgnoreCase("localhost")) {
            try {
                return CompletableFuture.completedFuture(
                        toResolution(seed, List.of(InetAddress.getAllByName("localhost")), true));
            } catch (UnknownHostException e) {
                return CompletableFuture.completedFuture(Resolution.failed(seed, "localhost does not resolve"));
            }
        }
        Name name;
        try {
            String query = seed.queryName();
            name = Name.fromString(query.endsWith(".") ? query : query + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(Resolution.failed(seed,
                    "not a valid DNS name: " + seed.name() + " (" + e.getMessage() + ")"));
        }
        CompletableFuture<DnsClient.Lookup> a = lookup(name, Type.A);
        CompletableFuture<DnsClient.Lookup> aaaa = lookup(name, Type.AAAA);
        return a.thenCombine(aaaa, (v4, v6) -> {
            List<InetAddress> addresses = new ArrayList<>(addresses(v4));
            addresses.addAll(addresses(v6));
            if (addresses.isEmpty()) {
                String error = "DNS lookup of " + seed.queryName() + " returned no addresses (A: "
                        + v4.answer().problem() + "; AAAA: " + v6.answer().problem() + ")";
                LOG.error(error);
                return Resolution.failed(seed, error);
            }
            return toResolution(seed, addresses, allowPrivate);
        });
    }

    /**
     * A name's TXT records, for discoveries that publish nodes in them: each record's strings joined (as
     * EIP-1459 and dnsaddr define a record's text), in answer order.
     *
     * @param records at most {@code maxRecords}, each at most {@code maxChars} long
     * @param problem empty when the name answered NOERROR (with or without records); otherwise NXDOMAIN,
     *     SERVFAIL, REFUSED, timed out, ...
     * @param oversized records longer than {@code maxChars}, not taken
     * @param beyondCap records beyond {@code maxRecords}, not taken
     */
    public record TxtAnswer(List<String> records, Optional<String> problem, int oversized, int beyondCap) {
        public TxtAnswer {
            records = List.copyOf(records);
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** Asks {@code name}'s TXT records, within the deadline; never completes exceptionally. */
    public CompletableFuture<TxtAnswer> txt(String name, int maxRecords, int maxChars) {
        if (maxRecords < 1 || maxChars < 1) {
            throw new IllegalArgumentException("TXT limits must be at least 1");
        }
        Name query;
        try {
            query = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(new TxtAnswer(List.of(),
                    Optional.of("not a valid DNS name: " + name), 0, 0));
        }
        return lookup(query, Type.TXT)
                .thenApply(result -> {
                    if (!result.answer().rcode().equals(DnsAnswer.NOERROR)) {
                        return new TxtAnswer(List.of(), Optional.of(result.answer().problem()), 0, 0);
                    }
                    List<String> taken = new ArrayList<>();
                    int oversized = 0;
                    int beyond = 0;
                    for (var record : result.records()) {
                        if (!(record instanceof TXTRecord txt)) {
                            continue;
                        }
                        String text = String.join("", txt.getStrings());
                        if (text.length() > maxChars) {
                            oversized++;
                        } else if (taken.size() >= maxRecords) {
                            beyond++;
                        } else {
                            taken.add(text);
                        }
                    }
                    return new TxtAnswer(taken, Optional.empty(), oversized, beyond);
                });
    }

    /** One question, recorded for the seed when this is a seed's view. */
    private CompletableFuture<DnsClient.Lookup> lookup(Name name, int type) {
        return client.lookup(name, type).thenApply(lookup -> {
            if (recorder != null) {
                recorder.add(type, lookup.answer());
            }
            return lookup;
        });
    }

    private static List<InetAddress> addresses(DnsClient.Lookup lookup) {
        List<InetAddress> out = new ArrayList<>();
        // the client took only records of the asked type at the asked name (or its CNAME target)
        for (Record r : lookup.records()) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress());
            } else if (r instanceof AAAARecord aaaa) {
                out.add(aaaa.getAddress());
            }
        }
        return out;
    }

    private Resolution toResolution(Seed seed, List<InetAddress> answer, boolean contactAll) {
        Set<InetAddress> distinct = new LinkedHashSet<>();
        Set<InetAddress> beyondCap = new HashSet<>();
        for (InetAddress address : answer) {
            InetAddress normalized = normalize(address);
            if (distinct.contains(normalized)) {
                continue;
            }
            if (distinct.size() >= maxAddresses) {
                beyondCap.add(normalized);
                continue;
            }
            distinct.add(normalized);
        }
        int dropped = beyondCap.size();
        if (dropped > 0) {
            LOG.warn("{} returned more than {} addresses: {} not taken", seed.name(), maxAddresses, dropped);
        }
        List<HandshakeTarget> targets = distinct.stream()
                .map(ip -> new HandshakeTarget(seed.name(), ip, seed.port(), seed.network(),
                        contactAll || AddressPolicy.isGloballyRoutable(ip)))
                .toList();
        return new Resolution(seed, targets, Optional.empty(), dropped);
    }

    /** IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the IPv4 address, so one host counts once. */
    private static InetAddress normalize(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return address;
    }

    /** An IPv4 or IPv6 literal (IPv6 with or without brackets), parsed without any lookup. */
    static Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        for (int family : new int[] {Address.IPv4, Address.IPv6}) {
            byte[] bytes = Address.toByteArray(bare, family);
            if (bytes != null) {
                try {
                    return Optional.of(InetAddress.getByAddress(bytes));
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return Optional.empty();
    }
}
