package org.nodehandshake.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny assembler for asmap programs, written for the tests from the format's description (not from
 * any encoder): instructions appended as bits, each number in its variable-length code, the bits packed
 * into bytes from the least significant bit, padded with zeros to a whole byte.
 */
final class AsmapAssembler {

    private static final int[] TYPE_SIZES = {0, 0, 1};
    private static final int[] ASN_SIZES = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    private static final int[] MATCH_SIZES = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] JUMP_SIZES = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        24, 25, 26, 27, 28, 29, 30};

    private final List<Boolean> bits = new ArrayList<>();

    AsmapAssembler ret(long asn) {
        number(0, 0, TYPE_SIZES);
        number(asn, 1, ASN_SIZES);
        return this;
    }

    AsmapAssembler defaultAsn(long asn) {
        number(3, 0, TYPE_SIZES);
        number(asn, 1, ASN_SIZES);
        return this;
    }

    /** JUMP: when the next input bit is 1, skip the bits of {@code whenZero} (which follow it here). */
    AsmapAssembler jump(AsmapAssembler whenZero, AsmapAssembler whenOne) {
        number(1, 0, TYPE_SIZES);
        number(whenZero.bits.size(), 17, JUMP_SIZES);
        bits.addAll(whenZero.bits);
        bits.addAll(whenOne.bits);
        return this;
    }

    /** MATCH the next input bits with {@code pattern} ("0101"): 1 to 8 bits. */
    AsmapAssembler match(String pattern) {
        if (pattern.isEmpty() || pattern.length() > 8) {
            throw new IllegalArgumentException(pattern);
        }
        number(2, 0, TYPE_SIZES);
        number(Long.parseLong("1" + pattern, 2), 2, MATCH_SIZES);
        return this;
    }

    /** MATCH a longer pattern: whole bytes first, the rest last (at most one short MATCH in a row). */
    AsmapAssembler matchAll(String pattern) {
        int i = 0;
        for (; i + 8 <= pattern.length(); i += 8) {
            match(pattern.substring(i, i + 8));
        }
        if (i < pattern.length()) {
            match(pattern.substring(i));
        }
        return this;
    }

    int bitCount() {
        return bits.size();
    }

    byte[] bytes() {
        byte[] out = new byte[(bits.size() + 7) / 8];
        for (int i = 0; i < bits.size(); i++) {
            if (bits.get(i)) {
                out[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return out;
    }

    /** Value as min + the classes' offsets + a mantissa: 1 = "go on to the next class", 0 = "mantissa follows". */
    private void number(long value, int min, int[] sizes) {
        long v = value - min;
        if (v < 0) {
            throw new IllegalArgumentException(value + " below " + min);
        }
        for (int i = 0; i < sizes.length; i++) {
            boolean last = i + 1 == sizes.length;
            long span = 1L << sizes[i];
            if (!last && v >= span) {
                bits.add(true);
                v -= span;
                continue;
            }
            if (v >= span) {
                throw new IllegalArgumentException(value + " too large");
            }
            if (!last) {
                bits.add(false);
            }
            for (int b = sizes[i] - 1; b >= 0; b--) {
                bits.add(((v >> b) & 1) == 1);
            }
            return;
        }
    }

    /** An IPv6 address's first bits as a pattern string, e.g. bits(0, 32, 0x20, 0x01, 0x0d, 0xb8). */
    static String bits(int from, int to, int... bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append((bytes[i / 8] >> (7 - i % 8)) & 1);
        }
        return out.toString();
    }
}
