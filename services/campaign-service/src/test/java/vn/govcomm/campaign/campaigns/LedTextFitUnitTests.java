package vn.govcomm.campaign.campaigns;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LedTextFitUnitTests {

    @Test
    void wrapsOnWordsCountingPrecomposedVietnameseLettersAsOneCell() {
        assertThat(LedTextFit.wrap("Khảo sát mức độ hài lòng năm 2023: đề nghị người dân hỗ trợ khảo sát viên.", 40))
                .containsExactly("Khảo sát mức độ hài lòng năm 2023: đề", "nghị người dân hỗ trợ khảo sát viên.");
    }

    @Test
    void breaksOnlyWordsLongerThanALine() {
        assertThat(LedTextFit.wrap("https://dichvucong.khanhhoa.gov.vn ok", 10))
                .containsExactly("https://di", "chvucong.k", "hanhhoa.go", "v.vn ok");
    }

    @Test
    void honoursExplicitLineBreaks() {
        assertThat(LedTextFit.wrap("THÔNG BÁO\nKhảo sát hài lòng", 40)).containsExactly("THÔNG BÁO", "Khảo sát hài lòng");
    }

    @Test
    void fitsWhenTheWrappedLinesDoNotExceedTheScreen() {
        String text = "Khảo sát mức độ hài lòng năm 2023 từ tháng 9 đến tháng 11/2023. Đề nghị người dân hỗ trợ khảo sát viên.";
        assertThat(LedTextFit.fits(text, 4, 40)).isTrue();
        assertThat(LedTextFit.fits(text, 2, 40)).isFalse();
        assertThat(LedTextFit.fits(text, 2, 64)).isTrue();
    }
}
