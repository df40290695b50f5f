package vn.govcomm.gateway.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The board's charts drawn on the server as SVG (no chart library, nothing for the browser to run): a stacked step
 * area over time and stacked horizontal bars. Every shape has a {@code <title>} in words with its number, the picture
 * a title and a description for screen readers ({@code role="img"}), and the page puts the same figures in a table
 * beside it; the colours ({@link #COLOURS}) are never the only sign: the legend names each status with its icon.
 * Presentation attributes only (the console's CSP forbids inline styles). Every text is escaped here.
 */
final class ChartSvg {

    /** One status's colour, distinct within its family (achieved greens, waiting yellows, failures reds). */
    static final Map<String, String> COLOURS = Map.of(
            "PENDING", "#d4a72c", "DISPATCHED", "#bf8700", "RETRYING", "#fb8f44", "ACCEPTED", "#54aeff",
            "PUBLISHED", "#1a7f37", "FETCHED", "#4ac26b", "DISPLAYED", "#0f5323", "FAILED", "#cf222e",
            "EXPIRED", "#82071e", "CANCELLED", "#8c959f");
    static final String OTHER_COLOUR = "#6e7781";

    private static final int WIDTH = 640;
    private static final int LEFT = 48;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
    private static final int AREA_HEIGHT = 180;
    private static final int BAR = 22;
    private static final int BAR_GAP = 8;
    private static final int LABEL_WIDTH = 180;

    /** A stacked series: its status, its words ("✓ Đã đăng") and one value per bucket or category. */
    record Series(String status, String words, long[] values) {
        String colour() {
            return COLOURS.getOrDefault(status, OTHER_COLOUR);
        }
    }

    private ChartSvg() {
    }

    /**
     * Cumulative counts over time as stacked steps: bucket {@code i} spans one column; {@code series} bottom to top;
     * x labels: the first, middle and last bucket.
     */
    static String area(String id, String title, String description, List<String> buckets, List<Series> series) {
        int n = Math.max(1, buckets.size());
        long max = 0;
        for (int i = 0; i < n; i++) {
            long sum = 0;
            for (Series s : series) {
                sum += i < s.values().length ? s.values()[i] : 0;
            }
            max = Math.max(max, sum);
        }
        long scale = Math.max(1, max);
        int plot = WIDTH - LEFT - RIGHT;
        int height = TOP + AREA_HEIGHT + 36;
        StringBuilder svg = open(id, title, description, height);
        axis(svg, max, scale);
        long[] lower = new long[n];
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            StringBuilder back = new StringBuilder();
            for (int i = 0; i < n; i++) {
                long value = i < s.values().length ? s.values()[i] : 0;
                double x0 = LEFT + (double) plot * i / n;
                double x1 = LEFT + (double) plot * (i + 1) / n;
                double yUpper = y(lower[i] + value, scale);
                double yLower = y(lower[i], scale);
                points.append(fmt(x0)).append(',').append(fmt(yUpper)).append(' ').append(fmt(x1)).append(',').append(fmt(yUpper)).append(' ');
                back.insert(0, fmt(x1) + "," + fmt(yLower) + " " + fmt(x0) + "," + fmt(yLower) + " ");
                lower[i] += value;
            }
            long last = s.values().length == 0 ? 0 : s.values()[Math.min(n, s.values().length) - 1];
            svg.append("<polygon class=\"series\" data-status=\"").append(escape(s.status())).append("\" fill=\"")
                    .append(s.colour()).append("\" stroke=\"#ffffff\" stroke-width=\"0.5\" points=\"")
                    .append(points).append(back.toString().strip()).append("\"><title>").append(escape(s.words()))
                    .append(": ").append(last).append("</title></polygon>");
        }
        if (!buckets.isEmpty()) {
            int baseline = TOP + AREA_HEIGHT + 16;
            svg.append(text(LEFT, baseline, "start", buckets.getFirst()));
            if (buckets.size() > 2) {
                svg.append(text(LEFT + plot / 2, baseline, "middle", buckets.get(buckets.size() / 2)));
            }
            if (buckets.size() > 1) {
                svg.append(text(WIDTH - RIGHT, baseline, "end", buckets.getLast()));
            }
        }
        return svg.append("</svg>").toString();
    }

    /** One stacked horizontal bar per category (label at the left, total at the right); {@code series} left to right. */
    static String bars(String id, String title, String description, List<String> categories, List<Series> series) {
        long max = 1;
        long[] totals = new long[categories.size()];
        for (int c = 0; c < categories.size(); c++) {
            for (Series s : series) {
                totals[c] += c < s.values().length ? s.values()[c] : 0;
            }
            max = Math.max(max, totals[c]);
        }
        int plot = WIDTH - LABEL_WIDTH - 56;
        int height = TOP + Math.max(1, categories.size()) * (BAR + BAR_GAP) + 4;
        StringBuilder svg = open(id, title, description, height);
        for (int c = 0; c < categories.size(); c++) {
            int y = TOP + c * (BAR + BAR_GAP);
            svg.append(text(LABEL_WIDTH - 8, y + BAR - 6, "end", categories.get(c)));
            double x = LABEL_WIDTH;
            for (Series s : series) {
                long value = c < s.values().length ? s.values()[c] : 0;
                if (value == 0) {
                    continue;
                }
                double w = (double) plot * value / max;
                svg.append("<rect class=\"series\" data-status=\"").append(escape(s.status())).append("\" x=\"")
                        .append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                        .append("\" height=\"").append(BAR).append("\" fill=\"").append(s.colour())
                        .append("\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>").append(escape(categories.get(c)))
                        .append(" — ").append(escape(s.words())).append(": ").append(value).append("</title></rect>");
                x += w;
            }
            svg.append(text((int) Math.round(x) + 6, y + BAR - 6, "start", String.valueOf(totals[c])));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, String description, int height) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(escape(id))
                .append("\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" aria-labelledby=\"").append(escape(id)).append("-t ").append(escape(id)).append("-d\">")
                .append("<title id=\"").append(escape(id)).append("-t\">").append(escape(title)).append("</title>")
                .append("<desc id=\"").append(escape(id)).append("-d\">").append(escape(description)).append("</desc>");
        return svg;
    }

    private static void axis(StringBuilder svg, long max, long scale) {
        int bottom = TOP + AREA_HEIGHT;
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"#57606a\"/>");
        for (long tick : max > 1 ? new long[]{0, max / 2, max} : new long[]{0, max}) {
            double y = y(tick, scale);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(y)).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#d0d7de\" stroke-dasharray=\"2 3\"/>");
            svg.append(text(LEFT - 6, (int) Math.round(y) + 4, "end", String.valueOf(tick)));
        }
    }

    private static double y(long value, long scale) {
        return TOP + AREA_HEIGHT - (double) AREA_HEIGHT * value / scale;
    }

    private static String text(int x, int y, String anchor, String words) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" font-size=\"12\" fill=\"#1b1f24\">"
                + escape(words) + "</text>";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
