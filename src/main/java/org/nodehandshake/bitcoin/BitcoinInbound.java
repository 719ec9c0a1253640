package org.nodehandshake.bitcoin;

import org.nodehandshake.protocol.FrameViolation;

/** What the frame decoder hands the handshake: a valid frame, or the first violation it found. */
public sealed interface BitcoinInbound permits BitcoinFrame, BitcoinInbound.FrameError {

    /** The stream broke a framing rule; the decoder reads nothing more after it. */
    record FrameError(String reason) implements BitcoinInbound, FrameViolation {
    }
}
