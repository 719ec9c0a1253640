package org.nodehandshake.bitcoin;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The 26-byte network address inside a version message: services (uint64 LE), an IPv6 address
 * (IPv4 as {@code ::ffff:a.b.c.d}) and a big-endian port.
 */
public record NetAddress(long services, InetAddress address, int port) {

    public static final int SIZE = 26;
    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    public NetAddress {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The address field we send for "unknown": all zeros, as Core sends for its own address. */
    public static NetAddress unspecified() {
        try {
            return new NetAddress(0, InetAddress.getByAddress(new byte[16]), 0);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static NetAddress read(WireReader in) throws MalformedMessageException {
        long services = in.int64();
        byte[] ip = in.bytes(16);
        int port = in.uint16BigEndian();
        try {
            // getByAddress turns ::ffff:a.b.c.d into an Inet4Address by itself.
            return new NetAddress(services, InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes always form an address", e);
        }
    }

    void write(ByteBuf out) {
        out.writeLongLE(services);
        if (address instanceof Inet4Address) {
            out.writeBytes(IPV4_MAPPED_PREFIX);
        }
        out.writeBytes(address.getAddress());
        out.writeShort(port);
    }
}
