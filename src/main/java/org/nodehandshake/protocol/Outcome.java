package org.nodehandshake.protocol;

import java.util.Optional;

/** How one handshake ended. PARTIAL means the peer's version arrived but the handshake did not conclude. */
public sealed interface Outcome permits Outcome.Success, Outcome.Partial, Outcome.Failed {

    /** The report's word for this outcome: SUCCESS, PARTIAL or FAILED. */
    String label();

    /** Why the handshake did not conclude; empty on success. */
    Optional<String> reason();

    record Success() implements Outcome {
        @Override
        public String label() {
            return "SUCCESS";
        }

        @Override
        public Optional<String> reason() {
            return Optional.empty();
        }
    }

    record Partial(String why) implements Outcome {
        @Override
        public String label() {
            return "PARTIAL";
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(why);
        }
    }

    record Failed(String why) implements Outcome {
        @Override
        public String label() {
            return "FAILED";
        }

        @Override
        public Optional<String> reason() {
            return Optional.of(why);
        }
    }
}
