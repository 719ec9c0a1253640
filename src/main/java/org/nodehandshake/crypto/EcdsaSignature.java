package org.nodehandshake.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Optional;

/**
 * An ECDSA signature (r, s) and its DER form, SEQUENCE { INTEGER r, INTEGER s }. The reader is strict
 * DER (shortest lengths, minimal positive integers, nothing after the sequence) so that one signature has
 * one encoding; it checks no curve: the verifier checks the range of r and s.
 */
public record EcdsaSignature(BigInteger r, BigInteger s) {

    /** Enough for any curve up to 521 bits: two 67-byte integers with their headers, and the sequence's. */
    public static final int MAX_DER_BYTES = 3 + 2 * (2 + 67);

    public EcdsaSignature {
        if (r.signum() <= 0 || s.signum() <= 0) {
            throw new IllegalArgumentException("r and s are positive");
        }
    }

    /** The signature a DER encoding holds, or empty when the bytes are not strict DER of two positive integers. */
    public static Optional<EcdsaSignature> fromDer(byte[] der) {
        if (der.length < 8 || der.length > MAX_DER_BYTES || der[0] != 0x30) {
            return Optional.empty();
        }
        int at = 1;
        int length = der[at++] & 0xff;
        if (length == 0x81) {
            length = der[at++] & 0xff;
            if (length < 0x80) {
                return Optional.empty(); // the long form where the short one fits
            }
        } else if (length > 0x7f) {
            return Optional.empty();
        }
        if (length != der.length - at) {
            return Optional.empty();
        }
        int[] cursor = {at};
        Optional<BigInteger> r = integer(der, cursor);
        Optional<BigInteger> s = r.isPresent() ? integer(der, cursor) : Optional.empty();
        if (s.isEmpty() || cursor[0] != der.length) {
            return Optional.empty();
        }
        return Optional.of(new EcdsaSignature(r.get(), s.get()));
    }

    /** One INTEGER at cursor[0] (moved past it): positive and minimally encoded, or empty. */
    private static Optional<BigInteger> integer(byte[] der, int[] cursor) {
        int at = cursor[0];
        if (der.length - at < 3 || der[at] != 0x02) {
            return Optional.empty();
        }
        int length = der[at + 1] & 0xff;
        at += 2;
        if (length == 0 || length > 0x7f || length > der.length - at) {
            return Optional.empty();
        }
        if ((der[at] & 0x80) != 0) {
            return Optional.empty(); // negative
        }
        if (length > 1 && der[at] == 0 && (der[at + 1] & 0x80) == 0) {
            return Optional.empty(); // a leading zero that is not needed
        }
        BigInteger value = new BigInteger(1, java.util.Arrays.copyOfRange(der, at, at + length));
        if (value.signum() == 0) {
            return Optional.empty();
        }
        cursor[0] = at + length;
        return Optional.of(value);
    }

    public byte[] toDer() {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        int content = 2 + rb.length + 2 + sb.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(content + 3);
        out.write(0x30);
        if (content > 0x7f) {
            out.write(0x81);
        }
        out.write(content);
        out.write(0x02);
        out.write(rb.length);
        out.writeBytes(rb);
        out.write(0x02);
        out.write(sb.length);
        out.writeBytes(sb);
        return out.toByteArray();
    }

    /** r || s, each left-padded to {@code size} bytes (IEEE P1363); IllegalArgumentException when one does not fit. */
    public byte[] toFixed(int size) {
        byte[] out = new byte[2 * size];
        place(r, out, 0, size);
        place(s, out, size, size);
        return out;
    }

    private static void place(BigInteger value, byte[] out, int offset, int size) {
        byte[] b = value.toByteArray();
        int skip = b.length > 1 && b[0] == 0 ? 1 : 0;
        int len = b.length - skip;
        if (len > size) {
            throw new IllegalArgumentException("integer of " + len + " bytes does not fit " + size);
        }
        System.arraycopy(b, skip, out, offset + size - len, len);
    }
}
