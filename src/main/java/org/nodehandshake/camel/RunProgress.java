package org.nodehandshake.camel;

import java.util.Objects;
import java.util.function.IntSupplier;
import org.nodehandshake.dns.Resolution;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.Outcome;

/**
 * How far the runs of {@code check-seeds} have come, counted where the route already knows it: a seed's
 * resolution (its addresses), each handshake's result, a seed's end. The route calls it as a bean
 * ({@code runProgress}) from its continuation threads, never from an event loop; a reader (the one-shot
 * run's progress line) takes {@link #counts()} whenever it likes. Counts since the bean was made: one
 * one-shot run, or every run of a service.
 */
public final class RunProgress {

    /** One consistent reading. {@code inFlight} is the engine's, at the time of reading. */
    public record Counts(long seedsDone, long addressesKnown, long addressesDone, int inFlight,
                         long success, long partial, long failed) {

        /** Addresses resolved and neither done nor in flight: waiting for a permit or for the route. */
        public long queued() {
            return Math.max(0, addressesKnown - addressesDone - inFlight);
        }
    }

    private final IntSupplier inFlight;
    private long seedsDone;
    private long addressesKnown;
    private long addressesDone;
    private long success;
    private long partial;
    private long failed;

    /** @param inFlight handshakes in flight now (the engine's limiter) */
    public RunProgress(IntSupplier inFlight) {
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    /** A seed resolved: its addresses are now known (none when it did not resolve). */
    public synchronized void resolved(Resolution resolution) {
        addressesKnown += resolution.targets().size();
    }

    /** One address done, with its outcome. */
    public synchronized void handshakeDone(HandshakeResult result) {
        addressesDone++;
        Outcome outcome = result.outcome();
        if (outcome instanceof Outcome.Success) {
            success++;
        } else if (outcome instanceof Outcome.Partial) {
            partial++;
        } else {
            failed++;
        }
    }

    /** A seed's report is made (resolved or not). */
    public synchronized void seedDone() {
        seedsDone++;
    }

    public Counts counts() {
        int flying = inFlight.getAsInt(); // read outside our lock: the limiter has its own
        synchronized (this) {
            return new Counts(seedsDone, addressesKnown, addressesDone, flying, success, partial, failed);
        }
    }
}
