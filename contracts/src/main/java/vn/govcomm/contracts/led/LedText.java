package vn.govcomm.contracts.led;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * How a notice's LED text fills a character-cell screen of {@code lines} × {@code charsPerLine}: the one rule of the
 * LED channel. The campaign service validates the officer's text with it, the publisher renders
 * {@code DeliveryRequested.content.lines} with it and the LED adapter wraps and pages with it, so all three agree.
 *
 * <p><b>One cell = one Unicode code point of the NFC form.</b> Every Vietnamese letter, even with two diacritics
 * ({@code ệ}, {@code ở}, {@code ự}), has a precomposed code point, so after NFC a letter is one cell as the screen
 * shows it, whatever the keyboard sent (macOS and Unikey's "Unicode tổ hợp" send {@code e} + U+0323 + U+0302, three
 * code points). UTF-16 units would also count a character outside the BMP twice. The returned lines are NFC: the
 * screens' fonts hold the precomposed glyphs. A combining mark with no precomposed form stays a cell of its own.
 *
 * <p><b>Wrapping.</b> A line break in the text starts a new line; a blank line between paragraphs stays an empty
 * line (blank lines at the start and the end are dropped). Words, separated by white space, are kept whole; only a
 * word longer than a line is cut every {@code charsPerLine} cells, and its tail shares a line with the next words.
 * A blank text has no lines. <b>Pages</b> are consecutive runs of {@code lines} lines, shown one after the other.
 */
public final class LedText {

    private LedText() {
    }

    /** The NFC form of {@code text}, in which a Vietnamese letter is one code point. */
    public static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** How many cells {@code text} takes on a screen line. */
    public static int width(String text) {
        String nfc = normalize(text);
        return nfc.codePointCount(0, nfc.length());
    }

    /** The lines of {@code text} on a screen {@code charsPerLine} cells wide, each at most that wide. */
    public static List<String> wrap(String text, int charsPerLine) {
        if (charsPerLine < 1) {
            throw new IllegalArgumentException("charsPerLine must be at least 1, was " + charsPerLine);
        }
        List<String> lines = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return lines;
        }
        for (String paragraph : normalize(text).strip().split("\\R", -1)) {
            StringBuilder line = new StringBuilder();
            int used = 0;
            for (String word : paragraph.strip().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                int[] cells = word.codePoints().toArray();
                if (used > 0 && used + 1 + cells.length <= charsPerLine) {
                    line.append(' ').append(word);
                    used += 1 + cells.length;
                    continue;
                }
                if (used > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                int start = 0;
                while (cells.length - start > charsPerLine) {
                    lines.add(new String(cells, start, charsPerLine));
                    start += charsPerLine;
                }
                line.append(new String(cells, start, cells.length - start));
                used = cells.length - start;
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code lines} cut into pages of {@code linesPerPage} lines (the last one may be shorter); none for no lines. */
    public static List<List<String>> pages(List<String> lines, int linesPerPage) {
        if (linesPerPage < 1) {
            throw new IllegalArgumentException("linesPerPage must be at least 1, was " + linesPerPage);
        }
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += linesPerPage) {
            pages.add(List.copyOf(lines.subList(i, Math.min(lines.size(), i + linesPerPage))));
        }
        return pages;
    }

    /** Whether {@code text} fits on one page of a screen of {@code lines} × {@code charsPerLine} cells. */
    public static boolean fits(String text, int lines, int charsPerLine) {
        return wrap(text, charsPerLine).size() <= lines;
    }
}
