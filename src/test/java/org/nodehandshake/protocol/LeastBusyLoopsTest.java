package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections go to the loop with the fewest open, the first on a tie: one at a time stays on one loop. */
class LeastBusyLoopsTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(3, NioIoHandler.newFactory());
    private final LeastBusyLoops loops = new LeastBusyLoops(group);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void oneAtATimeStaysOnTheFirstLoop() {
        for (int i = 0; i < 5; i++) {
            LeastBusyLoops.Slot slot = loops.acquire();
            assertEquals(0, slot.index());
            assertSame(loops.first(), slot.loop());
            loops.release(slot);
        }
        assertArrayEquals(new int[] {0, 0, 0}, loops.openPerLoop());
    }

    @Test
    void aBurstIsSpreadEvenly() {
        List<LeastBusyLoops.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            slots.add(loops.acquire());
        }
        assertArrayEquals(new int[] {3, 3, 3}, loops.openPerLoop());
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2), slots.stream().map(LeastBusyLoops.Slot::index).toList());
    }

    @Test
    void aNewConnectionGoesWhereOneWasGivenBack() {
        List<LeastBusyLoops.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slots.add(loops.acquire());
        }
        loops.release(slots.get(4)); // loop 1 now holds one fewer than the others
        assertEquals(1, loops.acquire().index());
        assertArrayEquals(new int[] {2, 2, 2}, loops.openPerLoop());
    }

    @Test
    void eachLoopIsTheGroupsOwnInItsOrder() {
        List<LeastBusyLoops.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slots.add(loops.acquire());
        }
        List<Object> groupOrder = new ArrayList<>();
        group.forEach(groupOrder::add);
        assertEquals(groupOrder, slots.stream().map(LeastBusyLoops.Slot::loop).toList());
    }
}
