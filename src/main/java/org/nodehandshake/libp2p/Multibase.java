package org.nodehandshake.libp2p;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The few multibase encodings libp2p text uses: base32 (RFC 4648, no padding; {@code b} lower case, the
 * CID default, and {@code B}), base58btc ({@code z}), base64url ({@code u}, how certhashes are written),
 * base64 ({@code m}) and hex ({@code f}, {@code F}). Others (base36 {@code k}, ...) are refused by name.
 * Inputs are bounded by the callers (a multiaddr's text is at most 1 KiB).
 */
final class Multibase {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private Multibase() {
    }

    /** The bytes of multibase text (its prefix character first). */
    static byte[] decode(String text) throws MalformedMessageException {
        if (text.length() < 2) {
            throw new MalformedMessageException("multibase text too short");
        }
        String body = text.substring(1);
        try {
            return switch (text.charAt(0)) {
                case 'b' -> base32(body);
                case 'B' -> base32(body.toLowerCase(java.util.Locale.ROOT));
                case 'z' -> Base58.decode(body);
                case 'u' -> Base64.getUrlDecoder().decode(noPadding(body));
                case 'm' -> Base64.getDecoder().decode(noPadding(body));
                case 'f', 'F' -> HexFormat.of().parseHex(body);
                default -> throw new MalformedMessageException("multibase '" + text.charAt(0) + "' not supported");
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("not valid multibase '" + text.charAt(0) + "' text");
        }
    }

    private static String noPadding(String body) {
        if (body.indexOf('=') >= 0) {
            throw new IllegalArgumentException("padding"); // multibase base64 variants are unpadded
        }
        return body;
    }

    static String base64url(byte[] data) {
        return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    /** RFC 4648 base32, lower case, without padding (no multibase prefix). */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** Lower-case unpadded base32 (no prefix); a length no byte count encodes to is refused. */
    static byte[] base32(String text) throws MalformedMessageException {
        int rest = text.length() % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            throw new MalformedMessageException("base32 text of impossible length " + text.length());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = BASE32.indexOf(text.charAt(i));
            if (v < 0) {
                throw new MalformedMessageException("not a base32 character at " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
