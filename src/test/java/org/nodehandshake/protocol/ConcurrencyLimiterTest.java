package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    /** Tasks that record their start and keep their release action for the test to call. */
    private static final class Recorder {
        final List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        final List<Runnable> releases = Collections.synchronizedList(new ArrayList<>());

        void submit(ConcurrencyLimiter limiter, int id) {
            limiter.submit(release -> {
                started.add(id);
                releases.add(release);
            });
        }
    }

    @Test
    void limitBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ConcurrencyLimiter(0));
        assertThrows(IllegalArgumentException.class, () -> new ConcurrencyLimiter(-1));
    }

    @Test
    void tasksUpToTheLimitStartAtOnce() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(3);
        Recorder r = new Recorder();
        for (int i = 0; i < 3; i++) {
            r.submit(limiter, i);
        }
        assertEquals(List.of(0, 1, 2), r.started);
        assertEquals(3, limiter.inFlight());
        assertEquals(0, limiter.queued());
    }

    @Test
    void neverMoreThanTheLimitRun() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
        Recorder r = new Recorder();
        for (int i = 0; i < 5; i++) {
            r.submit(limiter, i);
        }
        assertEquals(List.of(0, 1), r.started, "only two started");
        assertEquals(2, limiter.inFlight());
        assertEquals(3, limiter.queued());
    }

    @Test
    void queuedTasksStartInOrderWhenReleased() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
        Recorder r = new Recorder();
        for (int i = 0; i < 5; i++) {
            r.submit(limiter, i);
        }
        r.releases.get(1).run();
        assertEquals(List.of(0, 1, 2), r.started);
        assertEquals(2, limiter.inFlight(), "the permit passed to the queued task");
        assertEquals(2, limiter.queued());

        r.releases.get(0).run();
        assertEquals(List.of(0, 1, 2, 3), r.started);
        r.releases.get(2).run();
        assertEquals(List.of(0, 1, 2, 3, 4), r.started);
        assertEquals(2, limiter.inFlight());
        assertEquals(0, limiter.queued());

        r.releases.get(3).run();
        assertEquals(1, limiter.inFlight());
        r.releases.get(4).run();
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void releaseWithNothingQueuedFreesThePermit() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        Recorder r = new Recorder();
        r.submit(limiter, 0);
        r.releases.get(0).run();
        assertEquals(0, limiter.inFlight());
        r.submit(limiter, 1);
        assertEquals(List.of(0, 1), r.started, "the next submit starts at once");
    }

    @Test
    void doubleReleaseIsCountedOnce() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
        Recorder r = new Recorder();
        for (int i = 0; i < 4; i++) {
            r.submit(limiter, i);
        }
        Runnable first = r.releases.get(0);
        first.run();
        first.run();
        first.run();
        assertEquals(List.of(0, 1, 2), r.started, "a second release must not start another task");
        assertEquals(2, limiter.inFlight());
        assertEquals(1, limiter.queued());
    }

    @Test
    void doubleReleaseWithNothingQueuedDoesNotGoNegative() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        Recorder r = new Recorder();
        r.submit(limiter, 0);
        r.releases.get(0).run();
        r.releases.get(0).run();
        assertEquals(0, limiter.inFlight());
        r.submit(limiter, 1);
        r.submit(limiter, 2);
        assertEquals(List.of(0, 1), r.started, "still only one at a time");
        assertEquals(1, limiter.inFlight());
    }

    @Test
    void taskThatReleasesAtOnceLetsTheNextRun() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int id = i;
            limiter.submit(release -> {
                started.add(id);
                release.run();
            });
        }
        assertEquals(100, started.size());
        assertEquals(0, limiter.inFlight());
        assertEquals(0, limiter.queued());
    }

    @Test
    void boundHoldsUnderConcurrentSubmitAndRelease() throws Exception {
        int limit = 4;
        int tasks = 2000;
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(limit);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < tasks; i++) {
                workers.execute(() -> limiter.submit(release -> {
                    int now = running.incrementAndGet();
                    maxRunning.accumulateAndGet(now, Math::max);
                    // finish on another thread, as a network callback would
                    workers.execute(() -> {
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            Thread.yield();
                        }
                        running.decrementAndGet();
                        completed.incrementAndGet();
                        release.run();
                        release.run(); // a second call must change nothing
                        done.countDown();
                    });
                }));
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "all tasks ran: " + completed.get());
        } finally {
            workers.shutdownNow();
        }
        assertTrue(maxRunning.get() <= limit, "at most " + limit + " at once, saw " + maxRunning.get());
        assertEquals(tasks, completed.get());
        assertEquals(0, limiter.inFlight());
        assertEquals(0, limiter.queued());
    }
}
