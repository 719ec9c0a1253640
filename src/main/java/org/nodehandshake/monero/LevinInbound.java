package org.nodehandshake.monero;

import org.nodehandshake.protocol.FrameViolation;

/** What the Levin decoder hands the handshake: a valid packet, or the first violation it found. */
public sealed interface LevinInbound permits LevinFrame, LevinInbound.FrameError {

    /** The stream broke a framing rule; the decoder reads nothing more after it. */
    record FrameError(String reason) implements LevinInbound, FrameViolation {
    }
}
