package org.nodehandshake.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the report page's {@code data-} hooks, from the page as written or from a browser's serialized DOM
 * (Chromium's {@code --dump-dom} is HTML, not XML, so no XML parser): a hooked figure is a leaf element, its text
 * the shown figure and {@code data-value} the report's number where the text is formatted.
 */
public final class PageDom {

    private static final Pattern FIELD = Pattern.compile(
            "<([a-z0-9]+)\\b([^<>]*?)\\bdata-field=\"([^\"]*)\"([^<>]*)>([^<]*)</\\1>");
    private static final Pattern VALUE = Pattern.compile("\\bdata-value=\"([^\"]*)\"");
    private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);");

    private PageDom() {
    }

    /** One hooked figure: its text (entities decoded) and its data-value, if any. */
    public record Field(String text, Optional<String> value) {
        /** The report's figure: data-value when present, else the text. */
        public String figure() {
            return value.orElse(text);
        }
    }

    /** The seed sections ({@code data-seed-index}), in index order. */
    public static List<String> seedSections(String html) {
        return blocks(html, "<section[^>]*\\bdata-seed-index=\"(\\d+)\"[^>]*>(.*?)</section>");
    }

    /** The summary cards ({@code data-card-index}), in index order. */
    public static List<String> cards(String html) {
        return blocks(html, "<a[^>]*\\bdata-card-index=\"(\\d+)\"[^>]*>(.*?)</a>");
    }

    /** The inner HTML of every element {@code tag} whose start tag has {@code attribute="value"}. */
    public static List<String> elements(String html, String tag, String attribute, String value) {
        Matcher m = Pattern.compile("<" + tag + "\\b[^>]*\\b" + Pattern.quote(attribute) + "=\"" + Pattern.quote(value)
                + "\"[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The one element {@code tag} with {@code attribute="value"}; fails when there is none or several. */
    public static String element(String html, String tag, String attribute, String value) {
        List<String> found = elements(html, tag, attribute, value);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " <" + tag + " " + attribute + "=\"" + value + "\"> elements");
        }
        return found.get(0);
    }

    /** Every hooked figure in {@code html} by field name, first occurrence first. */
    public static Map<String, List<Field>> fields(String html) {
        Map<String, List<Field>> out = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(html);
        while (m.find()) {
            Matcher v = VALUE.matcher(m.group(2) + m.group(4));
            Optional<String> value = v.find() ? Optional.of(decode(v.group(1))) : Optional.empty();
            out.computeIfAbsent(m.group(3), k -> new ArrayList<>()).add(new Field(decode(m.group(5)), value));
        }
        return out;
    }

    /** The first figure named {@code name}; fails when there is none. */
    public static Field field(String html, String name) {
        // Found by its attribute, then read back to its start tag (a scan of every tag per figure is slow).
        int at = html.indexOf("data-field=\"" + name + "\"");
        if (at < 0) {
            throw new AssertionError("no data-field=\"" + name + "\"");
        }
        int start = html.lastIndexOf('<', at);
        Matcher m = FIELD.matcher(html).region(start, html.length());
        if (!m.lookingAt() || !m.group(3).equals(name)) {
            throw new AssertionError("data-field=\"" + name + "\" is not on a leaf element: "
                    + html.substring(start, Math.min(html.length(), start + 200)));
        }
        Matcher v = VALUE.matcher(m.group(2) + m.group(4));
        return new Field(decode(m.group(5)), v.find() ? Optional.of(decode(v.group(1))) : Optional.empty());
    }

    public static String decode(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String decoded = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> "\u00a0";
                default -> new String(Character.toChars(e.startsWith("#x") || e.startsWith("#X")
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> blocks(String html, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) != out.size()) {
                throw new AssertionError("index " + m.group(1) + " out of order");
            }
            out.add(m.group(2));
        }
        return out;
    }
}
