package vn.govcomm.led.playlists;

import vn.govcomm.contracts.led.LedText;
import vn.govcomm.led.screens.ScreenSize;

import java.util.List;

/**
 * Fits a notice to a screen with the LED channel's one text rule ({@link LedText}, shared with the campaign
 * service's check and the publisher's rendering). The publisher already wraps the text to the screen's characters
 * per line; if a line is still too wide (the directory changed, or a pixel screen), the text is wrapped again here.
 * A text longer than the screen's {@code lines} is cut into pages of {@code lines} lines that the device shows one
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
                && lines.stream().allMatch(l -> LedText.width(l) <= size.charsPerLine())
                ? List.copyOf(lines) : LedText.wrap(text == null ? String.join(" ", lines == null ? List.of() : lines) : text,
                size.charsPerLine());
        List<List<String>> pages = LedText.pages(fitted, size.lines());
        if (pages.isEmpty()) {
            pages = List.of(List.of());
        }
        if (pages.size() > maxPages) {
            throw new TooLong(pages.size());
        }
        int perPage = Math.max(MIN_PAGE_SECONDS, (durationSec + pages.size() - 1) / pages.size());
        return new Rendered(fitted, List.copyOf(pages), perPage);
    }
}
