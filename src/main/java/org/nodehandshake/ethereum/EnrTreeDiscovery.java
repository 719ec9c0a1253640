package org.nodehandshake.ethereum;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.nodehandshake.dns.Discovery;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;
import org.nodehandshake.module.ModuleSettings;
import org.nodehandshake.protocol.HandshakeTarget;

/**
 * How an Ethereum seed becomes targets: an {@code enrtree://<key>@<domain>} seed is an EIP-1459 list,
 * walked through DNS ({@link EnrTreeWalk}); an {@code enode://<id>@<ip>:<port>} seed is one target, with
 * no DNS; any other name is asked for address records ({@link Discovery#ADDRESSES}), whose targets carry
 * no identity (RLPx cannot dial them). Targets from lists and node URLs carry the node's public key
 * (128 hex characters) as {@link HandshakeTarget#identity()} and the record's TCP port.
 */
public final class EnrTreeDiscovery implements Discovery {

    /**
     * The bounds of one list walk, fixed before any lookup. The node records taken from one list are the
     * seed's address cap ({@code handshake.max-addresses-per-seed}), as for any seed.
     *
     * @param maxRecords TXT lookups per walk (roots, branches, leaves, links)
     * @param maxTxtChars a record's text, its strings joined; longer ones are refused unread
     * @param maxBranchWidth children per branch; a wider branch is refused, none of its children read
     * @param maxDepth entries below a root (its e= and l= entries are depth 1)
     * @param maxLinkDepth links followed from the seed's list to another, and on
     * @param deadline the whole walk; what was found by then is used, the rest not read
     * @param parallelLookups lookups in flight at once
     */
    public record Limits(int maxRecords, int maxTxtChars, int maxBranchWidth, int maxDepth, int maxLinkDepth,
                         Duration deadline, int parallelLookups) {

        /** 2,000 records, 1,000 characters, 64 children, depth 10, 3 links, 20 s, 8 lookups at once. */
        public static final Limits DEFAULTS = new Limits(2000, 1000, 64, 10, 3, Duration.ofSeconds(20), 8);

        public static final String MAX_RECORDS_KEY = "handshake.enrtree.max-records";
        public static final String MAX_TXT_CHARS_KEY = "handshake.enrtree.max-txt-chars";
        public static final String MAX_BRANCH_WIDTH_KEY = "handshake.enrtree.max-branch-width";
        public static final String MAX_DEPTH_KEY = "handshake.enrtree.max-depth";
        public static final String MAX_LINK_DEPTH_KEY = "handshake.enrtree.max-link-depth";
        public static final String DEADLINE_MS_KEY = "handshake.enrtree.deadline-ms";
        public static final String PARALLEL_LOOKUPS_KEY = "handshake.enrtree.parallel-lookups";

        // Upper bounds: a limit is there to bound work, so no setting makes it unlimited. 65,535 characters
        // is about the most one DNS message can carry, and a branch that long holds some 2,400 hashes.
        static final int MAX_RECORDS_BOUND = 100_000;
        static final int MAX_TXT_CHARS_BOUND = 65_535;
        static final int MAX_BRANCH_WIDTH_BOUND = 2_500;
        static final int MAX_DEPTH_BOUND = 64;
        static final int MAX_LINK_DEPTH_BOUND = 16;
        static final long DEADLINE_MS_BOUND = 600_000;
        static final int PARALLEL_LOOKUPS_BOUND = 64;

        public Limits {
            if (maxRecords < 1 || maxTxtChars < 1 || maxBranchWidth < 1 || maxDepth < 1 || maxLinkDepth < 0
                    || parallelLookups < 1) {
                throw new IllegalArgumentException("list limits must be positive: " + this);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("the list deadline must be positive: " + deadline);
            }
        }

        /**
         * The {@code handshake.enrtree.*} properties, each defaulting to {@link #DEFAULTS}; a value that is
         * not a whole number within its bounds throws {@link IllegalArgumentException} naming the key.
         */
        public static Limits from(ModuleSettings settings) {
            return new Limits(
                    (int) bounded(settings, MAX_RECORDS_KEY, DEFAULTS.maxRecords(), 1, MAX_RECORDS_BOUND),
                    (int) bounded(settings, MAX_TXT_CHARS_KEY, DEFAULTS.maxTxtChars(), 1, MAX_TXT_CHARS_BOUND),
                    (int) bounded(settings, MAX_BRANCH_WIDTH_KEY, DEFAULTS.maxBranchWidth(), 1, MAX_BRANCH_WIDTH_BOUND),
                    (int) bounded(settings, MAX_DEPTH_KEY, DEFAULTS.maxDepth(), 1, MAX_DEPTH_BOUND),
                    (int) bounded(settings, MAX_LINK_DEPTH_KEY, DEFAULTS.maxLinkDepth(), 0, MAX_LINK_DEPTH_BOUND),
                    Duration.ofMillis(bounded(settings, DEADLINE_MS_KEY, DEFAULTS.deadline().toMillis(), 1, DEADLINE_MS_BOUND)),
                    (int) bounded(settings, PARALLEL_LOOKUPS_KEY, DEFAULTS.parallelLookups(), 1, PARALLEL_LOOKUPS_BOUND));
        }

        private static long bounded(ModuleSettings settings, String key, long fallback, long min, long max) {
            return settings.number(key, fallback, min, max);
        }

        public Limits withDeadline(Duration value) {
            return new Limits(maxRecords, maxTxtChars, maxBranchWidth, maxDepth, maxLinkDepth, value, parallelLookups);
        }
    }

    private final Limits limits;

    public EnrTreeDiscovery() {
        this(Limits.DEFAULTS);
    }

    public EnrTreeDiscovery(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Whether a seed name is written as a list or node URL: for {@code ProtocolModule.ownsNotation}. */
    public static boolean ownsNotation(String name) {
        return EnrTree.isEnrTree(name) || EnodeUrl.isEnode(name);
    }

    @Override
    public CompletableFuture<Resolution> discover(Seed seed, SeedResolver dns) {
        String name = seed.name();
        if (EnrTree.isEnrTree(name)) {
            EnrTree.Url url;
            try {
                url = EnrTree.Url.parse(name);
            } catch (EnrTree.InvalidTreeException e) {
                return CompletableFuture.completedFuture(Resolution.failed(seed, e.getMessage()));
            }
            return new EnrTreeWalk(seed, url, dns, limits).run();
        }
        if (EnodeUrl.isEnode(name)) {
            EnodeUrl enode;
            try {
                enode = EnodeUrl.parse(name);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(Resolution.failed(seed, e.getMessage()));
            }
            // the user typed the address: contacted whatever it is, like an IP literal
            HandshakeTarget target = new HandshakeTarget(name, enode.address(), enode.port(), seed.network(), true,
                    Optional.of(enode.nodeIdHex()));
            return CompletableFuture.completedFuture(new Resolution(seed, List.of(target), Optional.empty(), 0, Map.of()));
        }
        return Discovery.ADDRESSES.discover(seed, dns);
    }
}
