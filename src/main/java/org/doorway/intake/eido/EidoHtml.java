package org.doorway.intake.eido;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an EIDO note ({@code notesActionComments}, HTML5) into plain one-paragraph text.
 *
 * <ul>
 *   <li>Tags are removed; block-level tags and {@code <br>} become a space so words do not run
 *       together; inline tags vanish. A {@code <} that does not open a tag, comment or declaration
 *       is kept as text. Quoted attribute values may contain {@code >}.
 *   <li>Comments, and the content of {@code script}, {@code style} and {@code template}
 *       elements, are dropped.
 *   <li>The entities {@code &amp; &lt; &gt; &quot; &apos; &nbsp;} and numeric character
 *       references ({@code &#39; &#x27;}) are decoded, after tags are removed, so an escaped tag
 *       stays as text. Other named entities are left as written.
 *   <li>White space (including no-break spaces) is collapsed to single spaces and trimmed.
 * </ul>
 */
final class EidoHtml {

    private static final Set<String> BLOCK = Set.of(
            "address",
            "article",
            "aside",
            "blockquote",
            "br",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "ul");
    private static final Set<String> DROP_CONTENT = Set.of("script", "style", "template");
    private static final Map<String, String> ENTITIES =
            Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ");

    /** The longest entity name or number looked for between {@code &} and {@code ;}. */
    private static final int MAX_ENTITY_LENGTH = 10;

    private EidoHtml() {}

    /** The note as plain text; empty if there is none. */
    static String toText(String html) {
        return PidfLo.collapse(unescape(stripTags(html)));
    }

    private static String stripTags(String html) {
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c != '<' || i + 1 >= n || !opensMarkup(html.charAt(i + 1))) {
                out.append(c);
                i++;
                continue;
            }
            if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            int end = tagEnd(html, i + 1);
            String name = tagName(html, i + 1, end);
            boolean closing = html.charAt(i + 1) == '/';
            i = end < n ? end + 1 : n;
            if (BLOCK.contains(name)) {
                out.append(' ');
            }
            if (!closing && DROP_CONTENT.contains(name)) {
                int close = indexOfIgnoreCase(html, "</" + name, i);
                if (close < 0) {
                    i = n;
                } else {
                    i = tagEnd(html, close + 1);
                    i = i < n ? i + 1 : n;
                }
            }
        }
        return out.toString();
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        for (int i = from; i + needle.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean opensMarkup(char next) {
        return Character.isLetter(next) || next == '/' || next == '!' || next == '?';
    }

    /** The index of the {@code >} closing a tag that starts at {@code from}, or the length. */
    private static int tagEnd(String html, int from) {
        char quote = 0;
        for (int i = from; i < html.length(); i++) {
            char c = html.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return html.length();
    }

    private static String tagName(String html, int from, int end) {
        int start = html.charAt(from) == '/' ? from + 1 : from;
        int stop = start;
        while (stop < end && Character.isLetterOrDigit(html.charAt(stop))) {
            stop++;
        }
        return html.substring(start, stop).toLowerCase(Locale.ROOT);
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int semicolon = c == '&' ? semicolonWithin(text, i + 1, MAX_ENTITY_LENGTH) : -1;
            if (semicolon < 0) {
                out.append(c);
                i++;
                continue;
            }
            String decoded = decode(text.substring(i + 1, semicolon));
            if (decoded == null) {
                out.append(c);
                i++;
            } else {
                out.append(decoded);
                i = semicolon + 1;
            }
        }
        return out.toString();
    }

    /** The index of a {@code ;} among the next {@code window} characters, or -1 (keeps decoding linear). */
    private static int semicolonWithin(String text, int from, int window) {
        int end = Math.min(text.length(), from + window + 1);
        for (int i = from; i < end; i++) {
            if (text.charAt(i) == ';') {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String entity) {
        if (entity.startsWith("#")) {
            try {
                boolean hex = entity.length() > 1 && (entity.charAt(1) == 'x' || entity.charAt(1) == 'X');
                String digits = entity.substring(hex ? 2 : 1);
                if (digits.isEmpty()
                        || !digits.chars().allMatch(ch -> hex ? Character.digit(ch, 16) >= 0 : Character.isDigit(ch))) {
                    return null;
                }
                int codePoint = Integer.parseInt(digits, hex ? 16 : 10);
                if (!Character.isValidCodePoint(codePoint)
                        || codePoint == 0
                        || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                    return null;
                }
                return new String(Character.toChars(codePoint));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(entity);
    }
}
