package org.nodehandshake.ethereum;

import java.io.ByteArrayOutputStream;

/**
 * Snappy's block format (google/snappy format_description.txt), as devp2p p2p v5 compresses every
 * message after Hello with it. Written here rather than taken from a library: the decoder must refuse
 * an oversized message from its preamble before allocating anything and check every copy against what
 * was already produced, which is a few dozen lines; the common Java libraries (snappy-java, with its
 * native code, or aircompressor) bring far more than that and decide their own limits. The encoder
 * writes literals only: valid Snappy that every decoder reads, and our messages are a few hundred bytes.
 */
public final class Snappy {

    private Snappy() {
    }

    /** Input that is not valid Snappy, or declares more than the cap. */
    public static final class SnappyException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean oversized;

        SnappyException(String message, boolean oversized) {
            super(message);
            this.oversized = oversized;
        }

        /** True when the declared length passed the cap (nothing was decompressed). */
        public boolean oversized() {
            return oversized;
        }
    }

    /** The uncompressed length the preamble declares (a varint of at most 32 bits). */
    public static long declaredLength(byte[] in) throws SnappyException {
        long length = 0;
        for (int i = 0, shift = 0; i < 5; i++, shift += 7) {
            if (i >= in.length) {
                throw new SnappyException("snappy: truncated length preamble", false);
            }
            int b = in[i] & 0xff;
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (length > 0xffffffffL) {
                    throw new SnappyException("snappy: length preamble over 32 bits", false);
                }
                return length;
            }
        }
        throw new SnappyException("snappy: length preamble longer than 5 bytes", false);
    }

    private static int preambleSize(byte[] in) {
        int i = 0;
        while ((in[i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    /** Decompresses a block, refusing before any work when the declared length exceeds {@code maxLength}. */
    public static byte[] decompress(byte[] in, int maxLength) throws SnappyException {
        long declared = declaredLength(in);
        if (declared > maxLength) {
            throw new SnappyException("snappy: declares " + declared + " bytes uncompressed (limit: " + maxLength + ")", true);
        }
        byte[] out = new byte[(int) declared];
        int o = 0;
        int i = preambleSize(in);
        while (i < in.length) {
            int tag = in[i++] & 0xff;
            int length;
            int offset;
            switch (tag & 3) {
                case 0 -> {
                    int code = tag >>> 2;
                    if (code < 60) {
                        length = code + 1;
                    } else {
                        int bytes = code - 59;
                        if (i + bytes > in.length) {
                            throw new SnappyException("snappy: truncated literal length", false);
                        }
                        long l = 0;
                        for (int k = 0; k < bytes; k++) {
                            l |= (long) (in[i + k] & 0xff) << (8 * k);
                        }
                        i += bytes;
                        if (l + 1 > out.length - o) {
                            throw new SnappyException("snappy: literal runs past the declared length", false);
                        }
                        length = (int) l + 1;
                    }
                    if (length > out.length - o || length > in.length - i) {
                        throw new SnappyException("snappy: literal runs past the declared length or the input", false);
                    }
                    System.arraycopy(in, i, out, o, length);
                    i += length;
                    o += length;
                    continue;
                }
                case 1 -> {
                    if (i + 1 > in.length) {
                        throw new SnappyException("snappy: truncated copy", false);
                    }
                    length = 4 + ((tag >>> 2) & 7);
                    offset = ((tag >>> 5) << 8) | (in[i++] & 0xff);
                }
                case 2 -> {
                    if (i + 2 > in.length) {
                        throw new SnappyException("snappy: truncated copy", false);
                    }
                    length = 1 + (tag >>> 2);
                    offset = (in[i] & 0xff) | (in[i + 1] & 0xff) << 8;
                    i += 2;
                }
                default -> {
                    if (i + 4 > in.length) {
                        throw new SnappyException("snappy: truncated copy", false);
                    }
                    length = 1 + (tag >>> 2);
                    long off = (in[i] & 0xffL) | (in[i + 1] & 0xffL) << 8 | (in[i + 2] & 0xffL) << 16 | (in[i + 3] & 0xffL) << 24;
                    i += 4;
                    if (off > o) {
                        throw new SnappyException("snappy: copy offset " + off + " before the start of the output", false);
                    }
                    offset = (int) off;
                }
            }
            if (offset == 0 || offset > o) {
                throw new SnappyException("snappy: copy offset " + offset + " at output position " + o, false);
            }
            if (length > out.length - o) {
                throw new SnappyException("snappy: copy runs past the declared length", false);
            }
            for (int k = 0; k < length; k++, o++) {
                out[o] = out[o - offset]; // byte by byte: a copy may overlap what it produces
            }
        }
        if (o != out.length) {
            throw new SnappyException("snappy: " + o + " bytes produced, " + out.length + " declared", false);
        }
        return out;
    }

    /** A valid Snappy block of literals only. */
    public static byte[] compress(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 8 + in.length / 60000 * 3);
        long n = in.length;
        do {
            int b = (int) (n & 0x7f);
            n >>>= 7;
            out.write(n == 0 ? b : b | 0x80);
        } while (n != 0);
        for (int i = 0; i < in.length; ) {
            int chunk = Math.min(65536, in.length - i);
            int code = chunk - 1;
            if (code < 60) {
                out.write(code << 2);
            } else if (code < 256) {
                out.write(60 << 2);
                out.write(code);
            } else {
                out.write(61 << 2);
                out.write(code & 0xff);
                out.write(code >>> 8);
            }
            out.write(in, i, chunk);
            i += chunk;
        }
        return out.toByteArray();
    }
}
