package vn.govcomm.led.screens;

/**
 * What fits on a screen: {@code lines} of {@code charsPerLine} characters. Pixel-only screens are converted
 * with an 8 × 16 px cell (the usual LED controller font), so a 256 × 64 px panel is 4 lines of 32 characters.
 */
public record ScreenSize(int lines, int charsPerLine) {

    static final int CELL_WIDTH_PX = 8;
    static final int CELL_HEIGHT_PX = 16;

    public ScreenSize {
        if (lines < 1 || charsPerLine < 1) {
            throw new IllegalArgumentException("A screen shows at least one line of one character");
        }
    }

    static ScreenSize of(Integer lines, Integer charsPerLine, Integer widthPx, Integer heightPx, ScreenProperties defaults) {
        int l = lines != null ? lines : heightPx != null ? Math.max(1, heightPx / CELL_HEIGHT_PX) : defaults.defaultLines();
        int c = charsPerLine != null ? charsPerLine
                : widthPx != null ? Math.max(1, widthPx / CELL_WIDTH_PX) : defaults.defaultCharsPerLine();
        return new ScreenSize(l, c);
    }
}
