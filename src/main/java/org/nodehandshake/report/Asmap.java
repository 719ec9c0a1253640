package org.nodehandshake.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An asmap: the asmap format (a bit-packed ASN lookup program, as src/util/asmap.cpp of the reference
 * client defines it), read from a file, checked once, then run for each address to find its autonomous
 * system number (0: not mapped).
 *
 * <p>The program is a bit string: the file's bytes, each byte's bits from the least significant. Its
 * input is the 128 bits of an IPv6 address from the most significant bit; an IPv4 address (or an IPv6
 * address embedding one, see {@link #lookup(InetAddress)}) is looked up as {@code ::ffff:a.b.c.d}. Four
 * instructions: RETURN asn (the answer), JUMP offset (consume one input bit; when it is 1 skip
 * {@code offset} program bits), MATCH bits (compare up to 8 input bits with a pattern; on a mismatch the
 * answer is the current default), DEFAULT asn (set the default). Numbers are written in a variable-length
 * code: a minimum value, then per bit-size class a continuation bit (1: add 2^size and go on to the next
 * class; 0: a mantissa of that many bits follows, most significant first); the last class has no
 * continuation bit. Instruction type: classes 0, 0, 1 from 0 (RETURN 0, JUMP 10, MATCH 110, DEFAULT
 * 111); ASN: classes 15..24 from 1; MATCH pattern: classes 1..8 from 2 (a leading 1 then the bits to
 * compare); JUMP offset: classes 5..30 from 17.
 *
 * <p>The sanity check (SanityCheckASMap there) walks every path of the program once, so a file that
 * passes is known to answer every 128-bit input with a RETURN or a mismatching MATCH, never jumping past
 * its end; each lookup then moves forward through the program only and takes at most one step per
 * input bit plus one per instruction it decodes, bounded by the program's length.
 */
public final class Asmap {

    /** The largest file read, as the reference client's limit: 8 MiB. */
    public static final int MAX_FILE_BYTES = 8 * 1024 * 1024;
    /** The input's width: an IPv6 address. */
    public static final int INPUT_BITS = 128;

    private static final int INVALID = -1;
    private static final int RETURN = 0;
    private static final int JUMP = 1;
    private static final int MATCH = 2;
    private static final int DEFAULT = 3;

    private static final int[] TYPE_SIZES = {0, 0, 1};
    private static final int[] ASN_SIZES = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    private static final int[] MATCH_SIZES = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] JUMP_SIZES = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        24, 25, 26, 27, 28, 29, 30};

    private final byte[] program;
    private final long bits;

    private Asmap(byte[] program) {
        this.program = program;
        this.bits = 8L * program.length;
    }

    /**
     * The asmap in a file, checked.
     *
     * @throws IllegalArgumentException when the file cannot be read, is larger than {@link #MAX_FILE_BYTES}
     *     or fails the sanity check; the message says which
     */
    public static Asmap read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no asmap file " + file, e);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot read asmap file " + file + ": " + e, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("asmap file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            return of(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("asmap file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * An asmap from its bytes, checked.
     *
     * @throws IllegalArgumentException when the bytes fail the sanity check (an empty file does too)
     */
    public static Asmap of(byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("larger than " + MAX_FILE_BYTES + " bytes");
        }
        byte[] copy = bytes.clone();
        if (!sanityCheck(copy, INPUT_BITS)) {
            throw new IllegalArgumentException("not a valid asmap (" + copy.length
                    + " bytes failed the sanity check: truncated, padded or not in the asmap format)");
        }
        return new Asmap(copy);
    }

    /** The program's size in bytes. */
    public int size() {
        return program.length;
    }

    @Override
    public String toString() {
        return "Asmap[" + program.length + " bytes]";
    }

    /**
     * The ASN of an address; 0 when the asmap maps it to none. An IPv4 address, and an IPv6 address that
     * embeds one (6to4, Teredo, NAT64, IPv4-translated: as {@link AddressGroups} reads them), is looked up
     * as the IPv4-mapped {@code ::ffff:a.b.c.d}; any other IPv6 address by its 128 bits.
     */
    public int lookup(InetAddress address) {
        byte[] ip = new byte[16];
        byte[] linked = AddressGroups.linkedIpv4(address);
        if (linked != null) {
            ip[10] = (byte) 0xff;
            ip[11] = (byte) 0xff;
            System.arraycopy(linked, 0, ip, 12, 4);
        } else {
            ip = address.getAddress();
        }
        return lookup(ip);
    }

    /** The ASN the program answers for 128 input bits (16 bytes, the first bit the most significant of byte 0). */
    public int lookup(byte[] ip) {
        if (ip.length != 16) {
            throw new IllegalArgumentException("asmap input is 16 bytes, not " + ip.length);
        }
        long[] pos = {0};
        int inputLeft = INPUT_BITS;
        int fallback = 0;
        // Every iteration decodes an instruction and so moves pos forward: the program's length bounds the
        // steps; the cap only guards against a program that the sanity check should have refused.
        for (long step = 0; step <= bits; step++) {
            if (pos[0] >= bits) {
                break;
            }
            int type = decode(pos, 0, TYPE_SIZES);
            if (type == RETURN) {
                int asn = decode(pos, 1, ASN_SIZES);
                if (asn == INVALID) {
                    break;
                }
                return asn;
            } else if (type == JUMP) {
                int jump = decode(pos, 17, JUMP_SIZES);
                if (jump == INVALID || inputLeft == 0 || jump >= bits - pos[0]) {
                    break;
                }
                if (inputBit(ip, INPUT_BITS - inputLeft)) {
                    pos[0] += jump;
                }
                inputLeft--;
            } else if (type == MATCH) {
                int match = decode(pos, 2, MATCH_SIZES);
                if (match == INVALID) {
                    break;
                }
                int length = 31 - Integer.numberOfLeadingZeros(match);
                if (inputLeft < length) {
                    break;
                }
                for (int i = 0; i < length; i++) {
                    boolean want = ((match >> (length - 1 - i)) & 1) == 1;
                    if (inputBit(ip, INPUT_BITS - inputLeft) != want) {
                        return fallback;
                    }
                    inputLeft--;
                }
            } else if (type == DEFAULT) {
                fallback = decode(pos, 1, ASN_SIZES);
                if (fallback == INVALID) {
                    break;
                }
            } else {
                break;
            }
        }
        // Only a program the sanity check refuses ends here; the reference client asserts it cannot.
        throw new IllegalStateException("asmap program ended without an answer");
    }

    /**
     * Whether a program is sane for inputs of {@code inputBits} bits, by the rules of SanityCheckASMap:
     * every path ends in a RETURN; no jump lands past the end, inside an instruction or across another
     * path's target; no code is unreachable; no path consumes more input than there is; no RETURN directly
     * after a DEFAULT nor two DEFAULTs in a row; in a run of MATCHes at most one compares fewer than 8 bits;
     * after the last RETURN at most 7 padding bits, all zero.
     */
    static boolean sanityCheck(byte[] program, int inputBits) {
        long end = 8L * program.length;
        Asmap reader = new Asmap(program);
        long[] pos = {0};
        // Targets of the jumps taken so far, innermost last, each with the input bits left after its jump.
        long[] targets = new long[inputBits + 1];
        int[] leftAt = new int[inputBits + 1];
        int pending = 0;
        int left = inputBits;
        int previous = JUMP;
        boolean hadIncompleteMatch = false;
        while (pos[0] != end) {
            if (pending > 0 && pos[0] >= targets[pending - 1]) {
                return false; // a jump into the middle of the instruction before
            }
            int type = reader.decode(pos, 0, TYPE_SIZES);
            if (type == RETURN) {
                if (previous == DEFAULT) {
                    return false; // a DEFAULT then a RETURN: one RETURN would do
                }
                if (reader.decode(pos, 1, ASN_SIZES) == INVALID) {
                    return false;
                }
                if (pending == 0) {
                    if (end - pos[0] > 7) {
                        return false; // more padding than to the next byte
                    }
                    while (pos[0] != end) {
                        if (reader.bit(pos[0]++)) {
                            return false; // padding that is not zero
                        }
                    }
                    return true;
                }
                if (pos[0] != targets[pending - 1]) {
                    return false; // code no path reaches
                }
                pending--;
                left = leftAt[pending];
                previous = JUMP;
            } else if (type == JUMP) {
                int jump = reader.decode(pos, 17, JUMP_SIZES);
                if (jump == INVALID || jump > end - pos[0] || left == 0) {
                    return false;
                }
                left--;
                long target = pos[0] + jump;
                if (pending > 0 && target >= targets[pending - 1]) {
                    return false; // jumps that cross
                }
                if (pending == targets.length) {
                    return false; // cannot happen: each pending jump consumed an input bit
                }
                targets[pending] = target;
                leftAt[pending] = left;
                pending++;
                previous = JUMP;
            } else if (type == MATCH) {
                int match = reader.decode(pos, 2, MATCH_SIZES);
                if (match == INVALID) {
                    return false;
                }
                int length = 31 - Integer.numberOfLeadingZeros(match);
                if (previous != MATCH) {
                    hadIncompleteMatch = false;
                }
                if (length < 8 && hadIncompleteMatch) {
                    return false; // two short MATCHes in one run
                }
                hadIncompleteMatch = length < 8;
                if (left < length) {
                    return false;
                }
                left -= length;
                previous = MATCH;
            } else if (type == DEFAULT) {
                if (previous == DEFAULT) {
                    return false; // two DEFAULTs in a row
                }
                if (reader.decode(pos, 1, ASN_SIZES) == INVALID) {
                    return false;
                }
                previous = DEFAULT;
            } else {
                return false; // the instruction's type runs past the end
            }
        }
        return false; // the end reached without a RETURN
    }

    /** A variable-length number at pos (advanced past it); {@link #INVALID} when it runs past the end. */
    private int decode(long[] pos, int min, int[] sizes) {
        long value = min;
        for (int i = 0; i < sizes.length; i++) {
            boolean more;
            if (i + 1 < sizes.length) {
                if (pos[0] >= bits) {
                    return INVALID;
                }
                more = bit(pos[0]++);
            } else {
                more = false;
            }
            if (more) {
                value += 1L << sizes[i];
            } else {
                for (int b = 0; b < sizes[i]; b++) {
                    if (pos[0] >= bits) {
                        return INVALID;
                    }
                    if (bit(pos[0]++)) {
                        value += 1L << (sizes[i] - 1 - b);
                    }
                }
                return (int) value;
            }
        }
        return INVALID;
    }

    /** Program bit i: byte i / 8, from its least significant bit. */
    private boolean bit(long i) {
        return ((program[(int) (i >>> 3)] >> (int) (i & 7)) & 1) == 1;
    }

    /** Input bit i: byte i / 8, from its most significant bit. */
    private static boolean inputBit(byte[] ip, int i) {
        return ((ip[i >>> 3] >> (7 - (i & 7))) & 1) == 1;
    }
}
