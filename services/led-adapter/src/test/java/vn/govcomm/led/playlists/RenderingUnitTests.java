package vn.govcomm.led.playlists;

import org.junit.jupiter.api.Test;
import vn.govcomm.led.screens.ScreenSize;

import java.text.Normalizer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderingUnitTests {

    static final String TEXT = "Khảo sát mức độ hài lòng năm 2023: từ tháng 9 đến tháng 11/2023. Đề nghị người dân hỗ trợ khảo sát viên.";

    @Test
    void keepsThePublishersLinesWhenTheyFitAndPagesThemByTheScreensLineCount() throws Exception {
        List<String> lines = List.of("Khảo sát mức độ hài lòng năm 2023: từ", "tháng 9 đến tháng 11/2023. Đề nghị",
                "người dân hỗ trợ khảo sát viên.");

        Rendering.Rendered rendered = Rendering.render(TEXT, lines, new ScreenSize(2, 40), 20, 8);

        assertThat(rendered.lines()).isEqualTo(lines);
        assertThat(rendered.pages()).containsExactly(lines.subList(0, 2), lines.subList(2, 3));
        assertThat(rendered.pageDurationSec()).isEqualTo(10);
    }

    @Test
    void rewrapsByCodePointsWhenALineIsWiderThanTheScreen() throws Exception {
        Rendering.Rendered rendered = Rendering.render(TEXT, List.of(TEXT), new ScreenSize(4, 20), 12, 8);

        assertThat(rendered.lines()).allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).isLessThanOrEqualTo(20));
        assertThat(String.join(" ", rendered.lines())).isEqualTo(TEXT);
        assertThat(rendered.pages()).hasSize(2);
        assertThat(rendered.pageDurationSec()).isEqualTo(6);
    }

    @Test
    void givesEveryPageAtLeastTheMinimumReadingTime() throws Exception {
        Rendering.Rendered rendered = Rendering.render(TEXT, null, new ScreenSize(1, 16), 5, 20);

        assertThat(rendered.pages().size()).isGreaterThan(1);
        assertThat(rendered.pageDurationSec()).isEqualTo(Rendering.MIN_PAGE_SECONDS);
    }

    @Test
    void cutsWordsLongerThanALineAndPagesTheCuts() throws Exception {
        Rendering.Rendered rendered = Rendering.render("https://dichvucong.khanhhoa.gov.vn", null, new ScreenSize(2, 10), 20, 8);

        assertThat(rendered.pages()).containsExactly(List.of("https://di", "chvucong.k"), List.of("hanhhoa.go", "v.vn"));
    }

    @Test
    void wrapsADecomposedTextAsThePublisherDoesAndServesItPrecomposed() throws Exception {
        String decomposed = Normalizer.normalize(TEXT, Normalizer.Form.NFD);

        Rendering.Rendered rendered = Rendering.render(decomposed, null, new ScreenSize(4, 40), 20, 8);

        // the same lines the publisher sends for a 40-character screen (the contracts' LedText rule)
        assertThat(rendered.lines()).containsExactly("Khảo sát mức độ hài lòng năm 2023: từ",
                "tháng 9 đến tháng 11/2023. Đề nghị người", "dân hỗ trợ khảo sát viên.");
        assertThat(rendered.pages()).hasSize(1);
    }

    @Test
    void rejectsATextThatNeedsMorePagesThanAllowed() {
        assertThatThrownBy(() -> Rendering.render(TEXT, null, new ScreenSize(1, 10), 20, 3))
                .isInstanceOf(Rendering.TooLong.class);
    }
}
