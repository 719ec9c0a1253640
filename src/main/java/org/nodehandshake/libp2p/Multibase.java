package org.nodehandshake.libp2p;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.nodehandshake.codec.Base32;

/**
 * The few multibase encodings libp2p text uses: base32 (RFC 4648, no padding; {@code b} lower case, the
 * CID default, and {@code B}), base58btc ({@code z}), base64url ({@code u}, how certhashes are written),
 * base64 ({@code m}) and hex ({@code f}, {@code F}). Others (base36 {@code k}, ...) are refused by name.
 * Inputs are bounded by the callers (a multiaddr's text is at most 1 KiB).
 */
final class Multibase {


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
                case 'B' -> base32(body.toLowerCase(Locale.ROOT));
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
        return Base32.encode(data).toLowerCase(Locale.ROOT);
    }

    /** Lower-case unpadded canonical base32 (no prefix). */
    static byte[] base32(String text) throws MalformedMessageException {
        if (!text.equals(text.toLowerCase(Locale.ROOT))) {
            throw new MalformedMessageException("base32 text in mixed case");
        }
        return Base32.decode(text.toUpperCase(Locale.ROOT))
                .orElseThrow(() -> new MalformedMessageException("not canonical unpadded base32: " + shown(text)));
    }

    private static String shown(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
