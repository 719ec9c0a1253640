package org.nodehandshake.page;

import java.util.Locale;

/**
 * Text into HTML: every string the page shows goes through here, because most of them come from peers or DNS.
 * A string is cut to a bound first (by code points, so no entity or surrogate pair is split), control and
 * direction-changing characters are shown as {@code \x01} / {@code \u202e} instead of being passed on, and the
 * five characters HTML gives a meaning are escaped, in text and in quoted attributes alike.
 */
final class Html {

    /** Characters of any one string shown; the rest is counted, not shown. */
    static final int MAX_TEXT = 160;

    private Html() {
    }

    /** {@code text} bounded to {@link #MAX_TEXT} and escaped; an en dash for null. */
    static String text(String text) {
        return text(text, MAX_TEXT);
    }

    /** {@code text} bounded to {@code max} code points and escaped; an en dash for null. */
    static String text(String text, int max) {
        if (text == null) {
            return "\u2013";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        int shown = 0;
        int i = 0;
        while (i < text.length() && shown < max) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            shown++;
            escape(c, out);
        }
        if (i < text.length()) {
            int left = text.codePointCount(i, text.length());
            out.append("\u2026 (").append(left).append(" more characters)");
        }
        return out.toString();
    }

    private static void escape(int c, StringBuilder out) {
        switch (c) {
            case '&' -> out.append("&amp;");
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> {
                if (shownAsCode(c)) {
                    out.append(c <= 0xff ? String.format(Locale.ROOT, "\\x%02x", c)
                            : String.format(Locale.ROOT, "\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }

    /**
     * C0 and C1 controls (tab and newline too: a table cell is one line), lone surrogates, noncharacters, the
     * line and paragraph separators, and the bidirectional overrides and isolates, which could make a peer's
     * string appear to say something else.
     */
    private static boolean shownAsCode(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0xd800 && c <= 0xdfff)
                || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
    }
}
