package vn.govcomm.campaign.campaigns;

import java.util.ArrayList;
import java.util.List;

/**
 * Word-wraps LED text the way a character-cell screen shows it: words are kept whole and broken only when a
 * single word is longer than a line; explicit line breaks start a new line. Widths count Unicode code points of
 * NFC text (a precomposed Vietnamese letter is one cell).
 */
final class LedTextFit {

    private LedTextFit() {
    }

    static List<String> wrap(String text, int charsPerLine) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.strip().split("\\R", -1)) {
            StringBuilder line = new StringBuilder();
            int lineLength = 0;
            for (String word : paragraph.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                int wordLength = word.codePointCount(0, word.length());
                if (lineLength > 0 && lineLength + 1 + wordLength <= charsPerLine) {
                    line.append(' ').append(word);
                    lineLength += 1 + wordLength;
                    continue;
                }
                if (lineLength > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                    lineLength = 0;
                }
                int[] cps = word.codePoints().toArray();
                int start = 0;
                while (cps.length - start > charsPerLine) {
                    lines.add(new String(cps, start, charsPerLine));
                    start += charsPerLine;
                }
                line.append(new String(cps, start, cps.length - start));
                lineLength = cps.length - start;
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static boolean fits(String text, int lines, int charsPerLine) {
        return wrap(text, charsPerLine).size() <= lines;
    }
}
