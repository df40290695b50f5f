package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;
import vn.govcomm.gateway.console.ChartSvg.Series;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The SVG drawing alone: the steps' geometry for known counts, bars' widths, every text escaped. */
class ChartSvgUnitTests {

    @Test
    void stacksCumulativeStepsBottomToTopOnTheScaleOfTheLargestTotal() {
        // two buckets; PUBLISHED 1 then 2, FAILED 0 then 2: the top of the last column is the total, 4
        String svg = ChartSvg.area("t", "Tiêu đề", "Mô tả", List.of("05/12 08:00", "05/12 09:00"), List.of(
                new Series("PUBLISHED", "✓ Đã đăng", new long[]{1, 2}),
                new Series("FAILED", "✗ Lỗi", new long[]{0, 2})));

        List<String> polygons = Pattern.compile("points=\"([^\"]+)\"").matcher(svg).results().map(m -> m.group(1)).toList();
        // plot: x 48..624 (two columns of 288), y 192 (0) .. 12 (4): 45 per delivery
        assertThat(polygons).containsExactly(
                "48.0,147.0 336.0,147.0 336.0,102.0 624.0,102.0 624.0,192.0 336.0,192.0 336.0,192.0 48.0,192.0",
                "48.0,147.0 336.0,147.0 336.0,12.0 624.0,12.0 624.0,102.0 336.0,102.0 336.0,147.0 48.0,147.0");
        assertThat(svg).contains("<title>✓ Đã đăng: 2</title>").contains("<title>✗ Lỗi: 2</title>")
                .contains("fill=\"#1a7f37\"").contains("fill=\"#cf222e\"")
                .contains(">4</text>").contains(">2</text>").contains(">05/12 08:00</text>").contains(">05/12 09:00</text>");
    }

    @Test
    void barsAreAsLongAsTheirCountsOnTheLongestBarsScale() {
        String svg = ChartSvg.bars("b", "Theo kênh", "2 kênh", List.of("Trang Facebook", "Zalo OA"), List.of(
                new Series("PUBLISHED", "✓ Đã đăng", new long[]{4, 1}),
                new Series("FAILED", "✗ Lỗi", new long[]{0, 1})));

        List<String> widths = Pattern.compile("<rect [^>]* width=\"([0-9.]+)\"").matcher(svg).results().map(m -> m.group(1)).toList();
        // plot 404 wide for 4 deliveries: 101 each; a zero count draws nothing
        assertThat(widths).containsExactly("404.0", "101.0", "101.0");
        assertThat(svg).contains("<title>Zalo OA — ✗ Lỗi: 1</title>").contains(">4</text>").contains(">2</text>");
    }

    @Test
    void escapesEveryText() {
        String svg = ChartSvg.bars("x\"y", "<b>", "a & b", List.of("<script>alert('x')</script>"),
                List.of(new Series("PUBLISHED", "\"quoted\"", new long[]{1})));

        assertThat(svg).doesNotContain("<script>").doesNotContain("<b>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("id=\"x&quot;y\"").contains("a &amp; b").contains("&quot;quoted&quot;");
    }
}
