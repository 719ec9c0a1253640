package org.nodehandshake.camel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.dns.Seed;
import org.nodehandshake.dns.SeedResolver;

/** Route step: a {@link Seed} body becomes its {@link Resolution}, asynchronously. */
public final class SeedResolutionProcessor extends FutureProcessor<Seed, Resolution> {

    private final SeedResolver resolver;

    public SeedResolutionProcessor(SeedResolver resolver, Executor executor) {
        super(Seed.class, executor);
        this.resolver = resolver;
    }

    @Override
    CompletableFuture<Resolution> apply(Seed seed) {
        return resolver.resolve(seed);
    }
}
