package org.nodehandshake.protocol;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Holds new handshakes back while the event loops run late, so that a deadline measures the node and not
 * our own backlog. Without it a one-shot sweep put its whole concurrency (4,096) in flight at once; each
 * connection's first step (under {@code --transport auto} a v2 key) queued on two cores, the loops ran
 * hundreds of milliseconds behind, and live peers that answer at once were reported as timeouts
 * (BENCHMARKS.md, issue 17, eleventh session).
 *
 * <p>While handshakes are in flight, each event loop runs a probe task every {@link #PROBE_PERIOD_NANOS};
 * how late it runs is that loop's lag. Each probe period admits up to an allowance of new starts: doubled
 * (up to the concurrency, at least {@link #MIN_CEILING}) while every loop is on time, halved (down to {@link #MIN_ALLOWANCE}, so a run
 * always progresses) while one is late by more than {@link #HIGH_LAG_NANOS}. A start within the allowance
 * runs at once on the caller's thread, so an idle or lightly loaded run pays nothing but one probe chain.
 * Starts held back run in arrival order from the first loop's probe. Thread-safe.
 */
final class LagGate {

    static final long PROBE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A loop later than this holds starts back. */
    static final long HIGH_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** Every loop within this of its probe's due time lets the allowance grow. */
    static final long LOW_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Starts admitted in the first probe period of a burst. */
    static final int FIRST_ALLOWANCE = 256;
    /** Starts admitted per probe period however late the loops are. */
    static final int MIN_ALLOWANCE = 16;
    /**
     * The allowance grows to at least this, whatever the concurrency: on loopback a handshake is shorter
     * than a probe period, so one period's starts can outnumber the connections in flight (capped at the
     * concurrency, a run of one at a time made one handshake per period: 100/s instead of 5,000/s).
     */
    static final int MIN_CEILING = 1024;

    private final List<EventLoop> loops;
    private final int ceiling;
    private final IntSupplier inFlight;
    private final LongSupplier clock;
    /** Per loop: when its pending probe is due, and how late its last probe ran (nanoseconds). */
    private final AtomicLongArray due;
    private final AtomicLongArray lastLag;

    private final Queue<Runnable> held = new ArrayDeque<>();
    private int allowance;
    private int left;
    /** Probe chains carry the generation that started them; a stopped gate's chains end at their next run. */
    private int generation;
    private boolean probing;
    private long heldTotal;

    /**
     * @param loops    the event loops the handshakes run on (the first also runs the gate's control)
     * @param ceiling  the handshaker's concurrency: the allowance grows up to it, or {@link #MIN_CEILING}
     * @param inFlight handshakes in flight, held ones included: the probes stop when it is 0
     */
    LagGate(List<EventLoop> loops, int ceiling, IntSupplier inFlight) {
        this(loops, ceiling, inFlight, System::nanoTime);
    }

    LagGate(List<EventLoop> loops, int ceiling, IntSupplier inFlight, LongSupplier clock) {
        if (loops.isEmpty()) {
            throw new IllegalArgumentException("no event loops");
        }
        this.loops = List.copyOf(loops);
        this.ceiling = Math.max(MIN_CEILING, ceiling);
        this.inFlight = inFlight;
        this.clock = clock;
        this.due = new AtomicLongArray(loops.size());
        this.lastLag = new AtomicLongArray(loops.size());
        this.allowance = FIRST_ALLOWANCE;
        this.left = allowance;
        // A loop that ends cancels its pending probe: nothing would let the held starts go. Each then meets
        // the closed loop itself and completes as a failed connect. (Termination is told on Netty's global
        // executor, not on the loop that ended.)
        for (EventLoop loop : this.loops) {
            loop.terminationFuture().addListener(ended -> release(drainAll()));
        }
    }

    /** Runs {@code start} now if this period's allowance has room and nothing is held, else later, in order. */
    void admit(Runnable start) {
        boolean now;
        boolean startProbes = false;
        synchronized (this) {
            if (!probing) {
                probing = true;
                generation++;
                startProbes = true;
            }
            // a closing loop will run no probe: hold nothing then
            now = held.isEmpty() && (left > 0 || loops.get(0).isShuttingDown());
            if (now) {
                left = Math.max(0, left - 1);
            } else {
                held.add(start);
                heldTotal++;
            }
        }
        if (startProbes) {
            startProbes();
        }
        if (now) {
            start.run();
        }
    }

    /** Starts held back now. */
    synchronized int held() {
        return held.size();
    }

    /** Starts ever held back (for the logs and tests). */
    synchronized long heldTotal() {
        return heldTotal;
    }

    /** This probe period's allowance. */
    synchronized int allowance() {
        return allowance;
    }

    private void startProbes() {
        int chain;
        synchronized (this) {
            chain = generation;
        }
        for (int i = 0; i < loops.size(); i++) {
            lastLag.set(i, 0); // a past burst's lag says nothing about this one
            schedule(i, chain);
        }
    }

    private void schedule(int loop, int chain) {
        due.set(loop, clock.getAsLong() + PROBE_PERIOD_NANOS);
        try {
            loops.get(loop).schedule(() -> probe(loop, chain), PROBE_PERIOD_NANOS, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The loops are shutting down: nothing will probe again, so nothing may wait for a probe.
            // Each held start then meets the closed loop itself and completes as a failed connect.
            release(drainAll());
        }
    }

    private void probe(int loop, int chain) {
        lastLag.set(loop, Math.max(0, clock.getAsLong() - due.get(loop)));
        synchronized (this) {
            if (chain != generation || !probing) {
                return;
            }
        }
        if (loop == 0) {
            release(control(worstLag()));
        }
        synchronized (this) {
            if (chain != generation || !probing) {
                return;
            }
        }
        schedule(loop, chain);
    }

    /** The latest loop now: a probe not yet run counts as late by the time since it was due. */
    long worstLag() {
        long now = clock.getAsLong();
        long worst = 0;
        for (int i = 0; i < loops.size(); i++) {
            worst = Math.max(worst, Math.max(lastLag.get(i), now - due.get(i)));
        }
        return worst;
    }

    /**
     * One probe period's decision: the new allowance from the worst lag, and the held starts it lets go
     * (the caller runs them outside the lock). Stops the probes once nothing is held or in flight.
     */
    List<Runnable> control(long worstLagNanos) {
        List<Runnable> go = new ArrayList<>();
        synchronized (this) {
            if (worstLagNanos > HIGH_LAG_NANOS) {
                allowance = Math.max(MIN_ALLOWANCE, allowance / 2);
            } else if (worstLagNanos < LOW_LAG_NANOS) {
                allowance = (int) Math.min(ceiling, 2L * allowance);
            }
            left = allowance;
            while (left > 0 && !held.isEmpty()) {
                go.add(held.poll());
                left--;
            }
            if (held.isEmpty() && go.isEmpty() && inFlight.getAsInt() == 0) {
                // Idle: the next burst starts afresh, and no probe runs until it does.
                probing = false;
                allowance = FIRST_ALLOWANCE;
                left = allowance;
            }
        }
        return go;
    }

    private synchronized List<Runnable> drainAll() {
        List<Runnable> go = new ArrayList<>(held);
        held.clear();
        return go;
    }

    private static void release(List<Runnable> starts) {
        for (Runnable start : starts) {
            try {
                start.run();
            } catch (RuntimeException e) {
                // a start reports its own failure through its future; the rest still run
            }
        }
    }
}
