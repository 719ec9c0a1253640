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

    private void run(Consumer<Runnable> task) {
        AtomicBoolean released = new AtomicBoolean();
        task.accept(() -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        });
    }

    private void release() {
        Consumer<Runnable> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        run(next);
    }
}
