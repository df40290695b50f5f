package vn.govcomm.gateway.console;

import java.util.ArrayList;
import java.util.List;

/** Wraps LED text to a screen of {@code lines} × {@code charsPerLine} as the screen would show it, page by page. */
final class LedPreview {

    private LedPreview() {
    }

    /** Pages of at most {@code lines} lines; words longer than a line are cut. Whitespace is normalised. */
    static List<List<String>> pages(String text, int lines, int charsPerLine) {
        List<String> wrapped = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : (text == null ? "" : text).trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            while (word.codePointCount(0, word.length()) > charsPerLine) {
                if (!line.isEmpty()) {
                    wrapped.add(line.toString());
                    line.setLength(0);
                }
                int cut = word.offsetByCodePoints(0, charsPerLine);
                wrapped.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            int needed = line.isEmpty() ? word.codePointCount(0, word.length())
                    : line.codePointCount(0, line.length()) + 1 + word.codePointCount(0, word.length());
            if (needed > charsPerLine) {
                wrapped.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            wrapped.add(line.toString());
        }
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < wrapped.size(); i += lines) {
            pages.add(wrapped.subList(i, Math.min(wrapped.size(), i + lines)));
        }
        return pages;
    }
}
