package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LagGateTest {

    private static final long LATE = LagGate.HIGH_LAG_NANOS + 1;
    private static final long ON_TIME = 0;
    private static final long SOMEWHAT_LATE = (LagGate.LOW_LAG_NANOS + LagGate.HIGH_LAG_NANOS) / 2;

    private final List<DefaultEventLoop> loops = new ArrayList<>();
    private final List<Integer> started = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Holds a frozen loop's thread; opened after each test. */
    private final CountDownLatch thaw = new CountDownLatch(1);

    @AfterEach
    void stopLoops() {
        thaw.countDown();
        loops.forEach(loop -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }

    /**
     * A gate on one loop that runs no probe until the test ends: the test plays the probes itself through
     * {@link LagGate#control}, so a real probe (due 10 ms after the first admission) cannot release starts
     * between an admission and the assertion that counts them, as it did on a slow CI machine.
     */
    private LagGate gate(int ceiling) throws InterruptedException {
        DefaultEventLoop loop = new DefaultEventLoop();
        loops.add(loop);
        CountDownLatch frozen = new CountDownLatch(1);
        loop.execute(() -> {
            frozen.countDown();
            awaitQuietly(thaw);
        });
        frozen.await();
        return new LagGate(List.of(loop), ceiling, inFlight::get);
    }

    /** A gate whose loops run their probes for real. */
    private LagGate runningGate(int ceiling, int loopCount) {
        for (int i = 0; i < loopCount; i++) {
            loops.add(new DefaultEventLoop());
        }
        return new LagGate(List.copyOf(loops), ceiling, inFlight::get);
    }

    /** Admits starts 0..n-1, each counted in flight from admission as the handshaker's limiter counts it. */
    private void admit(LagGate gate, int from, int to) {
        for (int i = from; i < to; i++) {
            int id = i;
            inFlight.incrementAndGet();
            gate.admit(() -> started.add(id));
        }
    }

    private static void runAll(List<Runnable> starts) {
        starts.forEach(Runnable::run);
    }

    @Test
    void noLoopsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LagGate(List.<EventLoop>of(), 8, () -> 0));
    }

    @Test
    void aBurstStartsAtMostTheFirstAllowanceAtOnce() throws InterruptedException {
        LagGate gate = gate(4096);
        admit(gate, 0, LagGate.FIRST_ALLOWANCE + 44);
        assertEquals(LagGate.FIRST_ALLOWANCE, started.size());
        assertEquals(44, gate.held());
        assertEquals(44, gate.heldTotal());
    }

    @Test
    void aConcurrencyOfOneStillStartsAWholeAllowancePerPeriod() throws InterruptedException {
        // one at a time, each shorter than a probe period (loopback): not one handshake per period
        LagGate gate = gate(1);
        admit(gate, 0, LagGate.FIRST_ALLOWANCE);
        assertEquals(LagGate.FIRST_ALLOWANCE, started.size());
        assertEquals(0, gate.held());
    }

    @Test
    void onTimeLoopsDoubleTheAllowanceUpToTheConcurrency() throws InterruptedException {
        LagGate gate = gate(3000);
        admit(gate, 0, 1);
        runAll(gate.control(ON_TIME));
        assertEquals(512, gate.allowance());
        for (int i = 0; i < 4; i++) {
            runAll(gate.control(ON_TIME));
        }
        assertEquals(3000, gate.allowance(), "capped at the concurrency");
    }

    @Test
    void aSmallConcurrencyCapsTheAllowanceAtTheMinimumCeiling() throws InterruptedException {
        LagGate gate = gate(64);
        admit(gate, 0, 1);
        for (int i = 0; i < 6; i++) {
            runAll(gate.control(ON_TIME));
        }
        assertEquals(LagGate.MIN_CEILING, gate.allowance());
    }

    @Test
    void lateLoopsHalveTheAllowanceDownToTheMinimum() throws InterruptedException {
        LagGate gate = gate(4096);
        admit(gate, 0, 1);
        runAll(gate.control(LATE));
        assertEquals(LagGate.FIRST_ALLOWANCE / 2, gate.allowance());
        for (int i = 0; i < 20; i++) {
            runAll(gate.control(LATE));
        }
        assertEquals(LagGate.MIN_ALLOWANCE, gate.allowance(), "never below the minimum: a run always progresses");
    }

    @Test
    void aLagBetweenTheThresholdsKeepsTheAllowance() throws InterruptedException {
        LagGate gate = gate(4096);
        admit(gate, 0, 1);
        runAll(gate.control(SOMEWHAT_LATE));
        assertEquals(LagGate.FIRST_ALLOWANCE, gate.allowance());
    }

    @Test
    void heldStartsGoInArrivalOrderWithinEachPeriodsAllowance() throws InterruptedException {
        LagGate gate = gate(4096);
        admit(gate, 0, LagGate.FIRST_ALLOWANCE + 200);
        started.clear();
        runAll(gate.control(LATE)); // allowance 128
        assertEquals(128, started.size());
        assertEquals(LagGate.FIRST_ALLOWANCE, started.get(0));
        assertEquals(LagGate.FIRST_ALLOWANCE + 127, started.get(127));
        assertEquals(72, gate.held());
        runAll(gate.control(LATE)); // 64
        assertEquals(192, started.size());
        assertEquals(8, gate.held());
    }

    @Test
    void nothingJumpsTheQueueWhileStartsAreHeld() throws InterruptedException {
        LagGate gate = gate(4096);
        admit(gate, 0, LagGate.FIRST_ALLOWANCE + 1); // one held
        runAll(gate.control(LATE)); // the held one goes, 127 left in this period
        started.clear();
        admit(gate, 1000, 1001);
        assertEquals(List.of(1000), started, "room in the period and nothing held: at once");
    }

    @Test
    void anIdleGateStartsTheNextBurstAfresh() throws InterruptedException {
        LagGate gate = gate(4096);
        admit(gate, 0, 1);
        for (int i = 0; i < 5; i++) {
            runAll(gate.control(LATE));
        }
        inFlight.set(0);
        runAll(gate.control(LATE));
        assertEquals(LagGate.FIRST_ALLOWANCE, gate.allowance(), "idle: the allowance is the first one again");
    }

    @Test
    void realProbesLetEveryHeldStartGoAndStopWhenIdle() throws Exception {
        LagGate gate = runningGate(100_000, 2);
        CountDownLatch blocked = new CountDownLatch(1);
        // The second loop runs 100 ms late, as a loop busy with many connections' first steps would
        loops.get(1).execute(() -> {
            blocked.countDown();
            sleep(100);
        });
        blocked.await();
        int total = 3000;
        for (int i = 0; i < total; i++) {
            int id = i;
            inFlight.incrementAndGet();
            gate.admit(() -> {
                started.add(id);
                inFlight.decrementAndGet(); // done at once: a start that needs no more time
            });
        }
        assertTrue(started.size() <= LagGate.FIRST_ALLOWANCE, "at most the first allowance before a probe ran");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(total, started.size(), "every held start ran");
        for (int i = 0; i < total; i++) {
            assertEquals(i, started.get(i), "in arrival order");
        }
        assertTrue(gate.heldTotal() > 0);
        // idle now: the first loop's probe stops the chains and resets the allowance
        while (gate.allowance() != LagGate.FIRST_ALLOWANCE && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(LagGate.FIRST_ALLOWANCE, gate.allowance());
    }

    @Test
    void aClosingLoopLetsTheHeldStartsGo() throws Exception {
        LagGate gate = gate(4096);
        admit(gate, 0, LagGate.FIRST_ALLOWANCE + 10);
        assertEquals(10, gate.held());
        // the loop closes while its probe is pending: it never runs, or runs once on the way out
        Future<?> closed = loops.get(0).shutdownGracefully(0, 0, TimeUnit.SECONDS);
        thaw.countDown();
        closed.await(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.held() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, gate.held(), "a closed loop holds nothing back");
        assertEquals(LagGate.FIRST_ALLOWANCE + 10, started.size());
        admit(gate, 1000, 1300);
        assertEquals(LagGate.FIRST_ALLOWANCE + 10 + 300, started.size(), "after the close, starts run at once");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
