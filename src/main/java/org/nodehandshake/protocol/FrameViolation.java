package org.nodehandshake.protocol;

import java.util.Objects;

/**
 * A frame decoder's report of the first framing rule the stream broke, handed to the handshake handler
 * in place of a frame; the decoder reads nothing after it.
 *
 * @param code the rule broken, as a code
 * @param reason the same in words, with the values seen and expected
 */
public record FrameViolation(ReasonCode code, String reason) {

    public FrameViolation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
