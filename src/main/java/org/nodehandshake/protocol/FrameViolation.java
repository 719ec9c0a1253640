package org.nodehandshake.protocol;

/** A frame decoder's report of the first framing rule the stream broke; it reads nothing after it. */
public interface FrameViolation {

    /** What rule was broken, in words for the report. */
    String reason();
}
