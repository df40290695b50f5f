package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedPreviewUnitTests {

    @Test
    void wrapsWordsToTheScreenWidthAndSplitsIntoPagesOfItsLines() {
        List<List<String>> pages = LedPreview.pages("Khảo sát mức độ hài lòng năm 2023 từ tháng 9", 2, 12);
        assertThat(pages).containsExactly(List.of("Khảo sát mức", "độ hài lòng"), List.of("năm 2023 từ", "tháng 9"));
        pages.stream().flatMap(List::stream).forEach(line -> assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(12));
    }

    @Test
    void cutsAWordLongerThanALine() {
        assertThat(LedPreview.pages("https://khanhhoa.gov.vn", 3, 10))
                .containsExactly(List.of("https://kh", "anhhoa.gov", ".vn"));
    }

    @Test
    void showsNothingForEmptyText() {
        assertThat(LedPreview.pages("   ", 3, 10)).isEmpty();
    }
}
