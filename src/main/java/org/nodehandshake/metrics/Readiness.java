package org.nodehandshake.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What {@code /ready} answers: whether the process does its job now, and why not when it does not. */
public interface Readiness {

    /** The answer at {@code now}. */
    Status status(Instant now);

    /** Ready, or not with the one line that says why. */
    sealed interface Status permits Ready, NotReady {
        String reason();
    }

    record Ready(String reason) implements Status {
    }

    record NotReady(String reason) implements Status {
    }

    /** When a schedule fires next after an instant; empty when it never fires again. */
    @FunctionalInterface
    interface Schedule {
        Optional<Instant> nextFireAfter(Instant instant);
    }

    /** The responder: ready while the listener is bound. */
    static Readiness listener(BooleanSupplier bound, String address) {
        return now -> bound.getAsBoolean() ? new Ready("listening on " + address)
                : new NotReady("not listening on " + address);
    }

    /**
     * The scheduled service: ready when the last run finished and its report was written within two schedule
     * periods (the period being the gap between the next two fire times after that run ended); not ready
     * before the first run ends, and while the last run's report could not be written.
     */
    static Readiness service(Schedule schedule, Supplier<Optional<RunMetrics.FinishedRun>> lastRun) {
        return now -> {
            Optional<RunMetrics.FinishedRun> run = lastRun.get();
            if (run.isEmpty()) {
                return new NotReady("no scheduled run has finished yet");
            }
            Instant ended = run.get().finishedAt();
            if (run.get().reportWriteError().isPresent()) {
                return new NotReady("the last run's report was not written: " + run.get().reportWriteError().get());
            }
            Optional<Duration> period = schedule.nextFireAfter(ended)
                    .flatMap(first -> schedule.nextFireAfter(first).map(second -> Duration.between(first, second)));
            if (period.isPresent() && Duration.between(ended, now).compareTo(period.get().multipliedBy(2)) > 0) {
                return new NotReady("the last report was written at " + ended + ", more than two schedule periods ("
                        + period.get().multipliedBy(2).toSeconds() + " s) ago");
            }
            return new Ready("the last report was written at " + ended);
        };
    }
}
