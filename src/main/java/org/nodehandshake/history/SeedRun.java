package org.nodehandshake.history;

import java.time.Instant;

/** One recorded run of one seed: a row of the {@code --history} table. */
public record SeedRun(Instant startedAt, String verdict, int addresses, int success, double successRate) {
}
