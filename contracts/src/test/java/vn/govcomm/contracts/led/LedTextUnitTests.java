package vn.govcomm.contracts.led;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedTextUnitTests {

    static final String SURVEY = "Khảo sát mức độ hài lòng năm 2023: đề nghị người dân hỗ trợ khảo sát viên.";
    static final String LONG = "Khảo sát mức độ hài lòng năm 2023 từ tháng 9 đến tháng 11/2023. Đề nghị người dân hỗ trợ"
            + " khảo sát viên.";

    static String decomposed(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD);
    }

    @Test
    void wrapsOnWordsCountingAVietnameseLetterWithItsDiacriticsAsOneCell() {
        assertThat(LedText.wrap(SURVEY, 40))
                .containsExactly("Khảo sát mức độ hài lòng năm 2023: đề", "nghị người dân hỗ trợ khảo sát viên.");
    }

    @Test
    void decomposedInputGivesTheSamePrecomposedLinesAsPrecomposedInput() {
        String nfd = decomposed(SURVEY);
        assertThat(nfd).isNotEqualTo(SURVEY); // e.g. "ệ" typed as e + U+0323 + U+0302

        assertThat(LedText.wrap(nfd, 40)).isEqualTo(LedText.wrap(SURVEY, 40));
        assertThat(LedText.wrap(decomposed("Đường Trần Hưng Đạo"), 19)).containsExactly("Đường Trần Hưng Đạo");
        assertThat(LedText.width(decomposed("Nguyễn Thị Ngọc"))).isEqualTo(15);
    }

    @Test
    void aLineOfExactlyTheScreenWidthFitsAndOneCellMoreWraps() {
        assertThat(LedText.wrap("Đường Trần Hưng Đạo", 19)).containsExactly("Đường Trần Hưng Đạo");
        assertThat(LedText.wrap("Đường Trần Hưng Đạo", 18)).containsExactly("Đường Trần Hưng", "Đạo");
        assertThat(LedText.wrap("Một ô", 1)).containsExactly("M", "ộ", "t", "ô");
    }

    @Test
    void cutsOnlyWordsLongerThanALineAndTheTailSharesALineWithTheNextWords() {
        assertThat(LedText.wrap("https://dichvucong.khanhhoa.gov.vn ok", 10))
                .containsExactly("https://di", "chvucong.k", "hanhhoa.go", "v.vn ok");
        // a decomposed long word is cut between letters, never between a letter and its diacritics
        assertThat(LedText.wrap(decomposed("ĐƯỜNGDÂYNÓNG 1022"), 5)).containsExactly("ĐƯỜNG", "DÂYNÓ", "NG", "1022");
    }

    @Test
    void honoursLineBreaksKeepsABlankLineBetweenParagraphsAndDropsOuterBlankLines() {
        assertThat(LedText.wrap("THÔNG BÁO\nKhảo sát hài lòng", 40)).containsExactly("THÔNG BÁO", "Khảo sát hài lòng");
        assertThat(LedText.wrap("\n\nTHÔNG BÁO\r\n\r\nKhảo sát   hài \t lòng\n\n", 40))
                .containsExactly("THÔNG BÁO", "", "Khảo sát hài lòng");
        assertThat(LedText.wrap(" \n\t ", 40)).isEmpty();
        assertThat(LedText.wrap(null, 40)).isEmpty();
    }

    @Test
    void everyLineFitsTheWidthAndNoCharacterIsLostOrAdded() {
        String text = decomposed(LONG + "\nĐƯỜNGDÂYNÓNGHỖTRỢNGƯỜIDÂN https://dichvucong.khanhhoa.gov.vn");
        String cells = LedText.normalize(text).replaceAll("\\s", "");
        for (int width = 1; width <= 64; width++) {
            List<String> lines = LedText.wrap(text, width);
            int w = width;
            assertThat(lines).allSatisfy(line -> assertThat(LedText.width(line)).isLessThanOrEqualTo(w));
            assertThat(String.join("", lines).replace(" ", "")).as("width %d", width).isEqualTo(cells);
        }
    }

    @Test
    void pagesAreRunsOfTheScreensLineCount() {
        List<String> lines = List.of("1", "2", "3", "4", "5");

        assertThat(LedText.pages(lines, 2)).containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5"));
        assertThat(LedText.pages(lines, 5)).containsExactly(lines);
        assertThat(LedText.pages(List.of(), 4)).isEmpty();
    }

    @Test
    void fitsWhenTheWrappedLinesFillAtMostOneScreen() {
        assertThat(LedText.wrap(LONG, 40)).hasSize(3);
        assertThat(LedText.fits(LONG, 4, 40)).isTrue();
        assertThat(LedText.fits(LONG, 3, 40)).isTrue();
        assertThat(LedText.fits(LONG, 2, 40)).isFalse();
        assertThat(LedText.fits(LONG, 2, 64)).isTrue();
        assertThat(LedText.fits(decomposed(LONG), 2, 64)).isTrue();
    }

    @Test
    void refusesAScreenWithoutCells() {
        assertThatThrownBy(() -> LedText.wrap("Thông báo", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedText.pages(List.of("Thông báo"), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
