package org.nodehandshake.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session's budget: its limits' rules, and the code and words of each limit passed. */
class HandshakeBudgetTest {

    @Test
    void maxFramesMustBeAtLeastOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HandshakeBudget.Limits(0, 1));
        assertEquals("maxFrames must be at least 1: 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HandshakeBudget.Limits(Integer.MIN_VALUE, 1));
    }

    @Test
    void maxBytesMustBeAtLeastOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HandshakeBudget.Limits(1, 0));
        assertEquals("maxBytes must be at least 1: 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HandshakeBudget.Limits(1, -1));
    }

    @Test
    void limitsOfOneAreValid() {
        assertEquals(new HandshakeBudget.Limits(1, 1), new HandshakeBudget(new HandshakeBudget.Limits(1, 1)).limits());
    }

    @Test
    void theFrameOverTheLimitIsTooManyFrames() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(2, 1000));
        assertEquals(Optional.empty(), budget.chargeFrame("messages"));
        assertEquals(Optional.empty(), budget.chargeFrame("messages"));
        assertEquals(Optional.of(new FrameViolation(ReasonCode.TOO_MANY_FRAMES,
                "too many messages before the handshake concluded (limit: 2)")), budget.chargeFrame("messages"));
    }

    @Test
    void theByteOverTheLimitIsTooManyBytes() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(10, 100));
        assertEquals(Optional.empty(), budget.chargeBytes(60));
        assertEquals(Optional.empty(), budget.chargeBytes(40));
        assertEquals(Optional.of(new FrameViolation(ReasonCode.TOO_MANY_BYTES,
                "too many bytes before the handshake concluded (limit: 100)")), budget.chargeBytes(1));
    }

    @Test
    void aClosedBudgetCountsNothing() {
        HandshakeBudget budget = new HandshakeBudget(new HandshakeBudget.Limits(1, 1));
        budget.close();
        assertTrue(budget.isClosed());
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), budget.chargeFrame("packets"));
            assertEquals(Optional.empty(), budget.chargeBytes(1_000_000));
        }
    }
}
