package io.silgeom.ingest.collect.rss;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the HTML of a feed's description into the plain text the keyword analysis reads: script and style
 * content dropped, tags removed, the common entities decoded, white space collapsed. Not a sanitiser: the text is
 * counted, and whoever shows it escapes it.
 */
final class HtmlText {
    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?(</\\1\\s*>|$)");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?(-->|$)");
    private static final Pattern TAG = Pattern.compile("<[a-zA-Z/!][^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private HtmlText() {
    }

    static String toPlainText(String html) {
        if (html == null) {
            return null;
        }
        String text = SCRIPT_OR_STYLE.matcher(html).replaceAll(" ");
        text = COMMENT.matcher(text).replaceAll(" ");
        text = TAG.matcher(text).replaceAll(" ");
        text = decodeEntities(text);
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    private static String decodeEntities(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decode(String name, String whole) {
        if (name.charAt(0) == '#') {
            int cp;
            try {
                cp = name.charAt(1) == 'x' || name.charAt(1) == 'X'
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
            } catch (NumberFormatException e) {
                return whole;
            }
            return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : " ";
        }
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            case "middot" -> "·";
            case "hellip" -> "…";
            case "ndash" -> "–";
            case "mdash" -> "—";
            case "lsquo" -> "‘";
            case "rsquo" -> "’";
            case "ldquo" -> "“";
            case "rdquo" -> "”";
            default -> whole;
        };
    }
}
