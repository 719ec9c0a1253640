package org.nodehandshake.libp2p;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet (multibase {@code base58btc}), as libp2p writes peer ids. Leading zero
 * bytes become leading {@code 1}s and back. The algorithm is quadratic in the input, so both directions are
 * bounded: at most {@link #MAX_CHARS} characters decoded, {@link #MAX_BYTES} bytes encoded (a peer id is
 * at most 44 bytes, 60 characters).
 */
public final class Base58 {

    public static final int MAX_CHARS = 256;
    public static final int MAX_BYTES = 187; // 187 bytes never need more than 256 characters

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] INDEX = new int[128];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEX[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {
    }

    /** Encodes at most {@link #MAX_BYTES} bytes; IllegalArgumentException beyond (our own data only). */
    public static String encode(byte[] data) {
        if (data.length > MAX_BYTES) {
            throw new IllegalArgumentException("base58 input longer than " + MAX_BYTES + " bytes");
        }
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // base-256 to base-58 by repeated division of a little-endian digit array
        byte[] digits = new byte[data.length * 138 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xff;
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += (j < length ? (digits[j] & 0xff) : 0) * 256;
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            length = j;
        }
        StringBuilder out = new StringBuilder(zeros + length);
        out.append("1".repeat(zeros));
        for (int i = length - 1; i >= 0; i--) {
            out.append(ALPHABET.charAt(digits[i]));
        }
        return out.toString();
    }

    /** Decodes base58btc text: empty, too long, or a character outside the alphabet is refused. */
    public static byte[] decode(String text) throws MalformedMessageException {
        if (text.isEmpty()) {
            throw new MalformedMessageException("empty base58 text");
        }
        if (text.length() > MAX_CHARS) {
            throw new MalformedMessageException("base58 text longer than " + MAX_CHARS + " characters");
        }
        int ones = 0;
        while (ones < text.length() && text.charAt(ones) == '1') {
            ones++;
        }
        byte[] bytes = new byte[text.length() * 733 / 1000 + 1];
        int length = 0;
        for (int i = ones; i < text.length(); i++) {
            char c = text.charAt(i);
            int carry = c < 128 ? INDEX[c] : -1;
            if (carry < 0) {
                throw new MalformedMessageException("not a base58 character at " + i);
            }
            int j = 0;
            for (; j < length || carry != 0; j++) {
                carry += (j < length ? (bytes[j] & 0xff) : 0) * 58;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            length = j;
        }
        byte[] out = new byte[ones + length];
        for (int i = 0; i < length; i++) {
            out[ones + i] = bytes[length - 1 - i];
        }
        return out;
    }
}
