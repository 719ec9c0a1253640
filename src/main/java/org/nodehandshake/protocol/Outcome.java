package org.nodehandshake.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * How one handshake ended. What SUCCESS and PARTIAL mean in a protocol's words its module says; for
 * every protocol PARTIAL means the peer's hello was accepted but the handshake did not conclude.
 */
public sealed interface Outcome permits Outcome.Success, Outcome.Partial, Outcome.Failed {

    /** The report's word for this outcome: SUCCESS, PARTIAL or FAILED. */
    String label();

    /** Why the handshake did not conclude, in words; empty on success. */
    Optional<String> reason();

    /** Why, as a code of the one vocabulary; empty on success. */
    Optional<ReasonCode> reasonCode();

    record Success() implements Outcome {
        @Override
        public String label() {
            return "SUCCESS";
        }

        @Override
        public Optional<String> reason() {
            return Optional.empty();
        }

        @Override
        public Optional<ReasonCode> reasonCode() {
            return Optional.empty();
        }
    }

    record Partial(ReasonCode code, String why) implements Outcome {
        public Partial {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(why, "why");
        }

        @Override
        public String label() {
            return "PARTIAL";
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(why);
        }

        @Override
        public Optional<ReasonCode> reasonCode() {
            return Optional.of(code);
        }
    }

    record Failed(ReasonCode code, String why) implements Outcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(why, "why");
        }

        @Override
        public String label() {
            return "FAILED";
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(why);
        }

        @Override
        public Optional<ReasonCode> reasonCode() {
            return Optional.of(code);
        }
    }
}
