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
     * The bounds of one list walk, fixed before any lookup.
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

        public Limits {
            if (maxRecords < 1 || maxTxtChars < 1 || maxBranchWidth < 1 || maxDepth < 1 || maxLinkDepth < 0
                    || parallelLookups < 1) {
                throw new IllegalArgumentException("list limits must be positive: " + this);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("the list deadline must be positive: " + deadline);
            }
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
