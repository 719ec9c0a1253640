package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryCountTest {

    private static ResultReport outcome(String label) {
        return new ResultReport("1.1.1.1", 8333, label, null, null, "none", null, null, null, Optional.empty());
    }

    private static List<ResultReport> outcomes(int success, int partial, int failed) {
        List<ResultReport> list = new ArrayList<>();
        for (int i = 0; i < failed; i++) {
            list.add(outcome("FAILED"));
        }
        for (int i = 0; i < success; i++) {
            list.add(outcome("SUCCESS"));
        }
        for (int i = 0; i < partial; i++) {
            list.add(outcome("PARTIAL"));
        }
        return list;
    }

    @Test
    void emptyIsAllZero() {
        assertEquals(new Summary(0, 0, 0), Summary.of(List.of()));
    }

    @Test
    void countsEachOutcome() {
        assertEquals(new Summary(3, 2, 4), Summary.of(outcomes(3, 2, 4)));
        assertEquals(new Summary(1, 0, 0), Summary.of(outcomes(1, 0, 0)));
        assertEquals(new Summary(0, 5, 0), Summary.of(outcomes(0, 5, 0)));
        assertEquals(new Summary(0, 0, 6), Summary.of(outcomes(0, 0, 6)));
    }

    @Test
    void totalEqualsTheNumberOfResults() {
        List<ResultReport> results = outcomes(7, 11, 13);
        Summary s = Summary.of(results);
        assertEquals(results.size(), s.success() + s.partial() + s.failed());
    }
}
