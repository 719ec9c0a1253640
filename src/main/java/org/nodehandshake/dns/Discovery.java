package org.nodehandshake.dns;

import java.util.concurrent.CompletableFuture;

/**
 * How a protocol turns a seed into handshake targets, through the shared, bounded DNS client: address
 * records for most seeds; TXT-based lists (node records, dnsaddr) for protocols whose seeds publish them.
 * The future completes within the resolver's deadline and never exceptionally: a failure is a
 * {@link Resolution} with an error.
 */
@FunctionalInterface
public interface Discovery {

    CompletableFuture<Resolution> discover(Seed seed, SeedResolver dns);

    /** A and AAAA records (IP literals and {@code localhost} skip DNS). */
    Discovery ADDRESSES = (seed, dns) -> dns.addresses(seed);
}
