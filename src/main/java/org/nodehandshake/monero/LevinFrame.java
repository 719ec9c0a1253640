package org.nodehandshake.monero;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/** One Levin packet: a validated header and its body (an epee portable-storage blob). */
public record LevinFrame(LevinHeader header, byte[] body) {

    public LevinFrame {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        if (header.bodySize() != body.length) {
            throw new IllegalArgumentException("header declares " + header.bodySize() + " bytes, body has " + body.length);
        }
    }

    public int command() {
        return header.command();
    }

    /** How the report lists it: "handshake response", "support_flags request", ... */
    public String describe() {
        String kind = header.isResponse() ? "response" : header.expectsResponse() ? "request" : "notification";
        return LevinHeader.commandName(header.command()) + " " + kind;
    }

    public void write(ByteBuf out) {
        header.write(out);
        out.writeBytes(body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LevinFrame f && f.header.equals(header) && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "LevinFrame[" + header + ", " + body.length + " bytes]";
    }
}
