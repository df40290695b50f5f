package vn.govcomm.portal.outbound;

/**
 * What may be kept of text another system sent (an error body, an error message): never the whole of it. Control
 * and format characters (newlines, ANSI escapes, bidi overrides) are removed, whitespace runs become one space, and
 * the result is cut to a short length (with "…"), so a failure reason or a log line can be neither flooded nor
 * forged from upstream.
 */
public final class Excerpt {

    /** Length of the excerpts kept in failure reasons. */
    public static final int DEFAULT_LENGTH = 200;

    private Excerpt() {
    }

    public static String of(String text) {
        return of(text, DEFAULT_LENGTH);
    }

    public static String of(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        // Only the beginning is looked at: enough for maxLength visible characters in all but absurd inputs.
        int window = (int) Math.min(text.length(), maxLength * 8L + 8);
        String cleaned = clean(text, window);
        boolean cut = window < text.length();
        if (cleaned.length() > maxLength) {
            int end = maxLength;
            if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
                end--;
            }
            cleaned = cleaned.substring(0, end).stripTrailing();
            cut = true;
        }
        return cut ? cleaned + "…" : cleaned;
    }

    private static String clean(String text, int window) {
        StringBuilder sb = new StringBuilder(window);
        boolean space = false;
        int i = 0;
        while (i < window) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = true;
            } else if (!dropped(cp)) {
                if (space && !sb.isEmpty()) {
                    sb.append(' ');
                }
                space = false;
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private static boolean dropped(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }
}
