package org.nodehandshake.protocol;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Bounds how many tasks are in flight without holding a thread: a task beyond the bound waits in a
 * queue and starts when a running one releases its permit.
 */
public final class ConcurrencyLimiter {

    private final int limit;
    private final Queue<Consumer<Runnable>> waiting = new ArrayDeque<>();
    private int inFlight;
    private int pendingReleases;
    private boolean draining;

    public ConcurrencyLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Runs the task now or once a permit is free. The task receives its release action, which it
     * must call once when done; further calls are ignored.
     */
    public void submit(Consumer<Runnable> task) {
        synchronized (this) {
            if (inFlight >= limit) {
                waiting.add(task);
                return;
            }
            inFlight++;
        }
        run(task);
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int queued() {
        return waiting.size();
    }

    /** Starts a task; a task that throws gives its permit back at once. */
    private void run(Consumer<Runnable> task) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        };
        try {
            task.accept(release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /**
     * Hands the permit to the next waiting task. A task that releases synchronously while being
     * started does not recurse: the loop in the outermost release starts its successor.
     */
    private void release() {
        synchronized (this) {
            pendingReleases++;
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Consumer<Runnable> next;
            synchronized (this) {
                if (pendingReleases == 0) {
                    draining = false;
                    return;
                }
                pendingReleases--;
                next = waiting.poll();
                if (next == null) {
                    inFlight--;
                    continue;
                }
            }
            try {
                run(next);
            } catch (RuntimeException e) {
                // the failed task has already given its permit back; keep draining
            }
        }
    }
}
