package org.nodehandshake.protocol;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Chooses the event loop for a new connection: the one with the fewest connections open, the first of
 * those on a tie. Netty's round robin sends one-at-a-time handshakes to each loop in turn, every one on
 * a thread idle since its last: on loopback with four loops that made a handshake about a sixth slower
 * (BENCHMARKS.md, issue 17, eighth session). This keeps them on one warm thread and still spreads a burst
 * evenly. Thread-safe: connections are taken on the caller's thread and given back on a loop's.
 */
final class LeastBusyLoops {

    private final List<EventLoop> loops;
    private final AtomicIntegerArray open;

    LeastBusyLoops(EventLoopGroup group) {
        List<EventLoop> children = new ArrayList<>();
        group.forEach(child -> {
            if (child instanceof EventLoop loop) {
                children.add(loop);
            }
        });
        this.loops = children.isEmpty() ? List.of(group.next()) : List.copyOf(children);
        this.open = new AtomicIntegerArray(loops.size());
    }

    /** A connection's place: its loop, given back once with {@link #release} when the connection is gone. */
    record Slot(int index, EventLoop loop) {
    }

    /** The least busy loop, counted as holding one more connection from now on. */
    Slot acquire() {
        int best = 0;
        int fewest = open.get(0);
        for (int i = 1; i < loops.size() && fewest > 0; i++) {
            int count = open.get(i);
            if (count < fewest) {
                best = i;
                fewest = count;
            }
        }
        open.incrementAndGet(best);
        return new Slot(best, loops.get(best));
    }

    void release(Slot slot) {
        open.decrementAndGet(slot.index());
    }

    /** Every loop, in the group's order. */
    List<EventLoop> all() {
        return loops;
    }

    /** The loop an idle handshaker starts its next connection on. */
    EventLoop first() {
        return loops.get(0);
    }

    /** Connections open on each loop now, in the group's order. */
    int[] openPerLoop() {
        int[] counts = new int[loops.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = open.get(i);
        }
        return counts;
    }
}
