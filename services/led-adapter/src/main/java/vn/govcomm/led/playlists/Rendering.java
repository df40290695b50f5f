package vn.govcomm.led.playlists;

import vn.govcomm.led.screens.ScreenSize;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a notice to a screen. The publisher already wraps the text to the screen's characters per line; if a
 * line is still too wide (the directory changed, or a pixel screen), the text is wrapped again here. A text
 * longer than the screen's {@code lines} is cut into pages of {@code lines} lines that the device shows one
 * after the other ("scrolls" page by page), sharing the item's {@code durationSec} evenly, at least
 * {@value #MIN_PAGE_SECONDS} s a page. More than {@code maxPages} pages is rejected: it cannot be read.
 */
final class Rendering {

    static final int MIN_PAGE_SECONDS = 3;

    private Rendering() {
    }

    record Rendered(List<String> lines, List<List<String>> pages, int pageDurationSec) {
    }

    static final class TooLong extends Exception {
        final int pages;

        TooLong(int pages) {
            super("needs " + pages + " pages");
            this.pages = pages;
        }
    }

    static Rendered render(String text, List<String> lines, ScreenSize size, int durationSec, int maxPages) throws TooLong {
        List<String> fitted = lines != null && !lines.isEmpty()
                && lines.stream().allMatch(l -> width(l) <= size.charsPerLine())
                ? List.copyOf(lines) : wrap(text == null ? String.join(" ", lines == null ? List.of() : lines) : text,
                size.charsPerLine());
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < fitted.size(); i += size.lines()) {
            pages.add(List.copyOf(fitted.subList(i, Math.min(fitted.size(), i + size.lines()))));
        }
        if (pages.isEmpty()) {
            pages.add(List.of());
        }
        if (pages.size() > maxPages) {
            throw new TooLong(pages.size());
        }
        int perPage = Math.max(MIN_PAGE_SECONDS, (durationSec + pages.size() - 1) / pages.size());
        return new Rendered(fitted, List.copyOf(pages), perPage);
    }

    /** Word wrap by Unicode code points (Vietnamese letters with diacritics count as one). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            while (width(word) > width) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                int cut = word.offsetByCodePoints(0, width);
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            if (line.isEmpty()) {
                line.append(word);
            } else if (width(line) + 1 + width(word) <= width) {
                line.append(' ').append(word);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static int width(CharSequence s) {
        String normalized = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
        return normalized.codePointCount(0, normalized.length());
    }
}
