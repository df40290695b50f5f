package vn.govcomm.campaign.text;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;

import static org.assertj.core.api.Assertions.assertThat;

class TextHygieneUnitTests {

    @Test
    void normalisesDecomposedVietnameseToNfc() {
        TextHygiene text = new TextHygiene();
        String nfd = Normalizer.normalize("Ủy ban nhân dân tỉnh Khánh Hòa", Normalizer.Form.NFD);
        assertThat(text.line("name", nfd)).isEqualTo("Ủy ban nhân dân tỉnh Khánh Hòa").hasSizeLessThan(nfd.length());
        assertThat(text.problems()).isEmpty();
    }

    @Test
    void rejectsUnpairedSurrogatesButKeepsEmoji() {
        TextHygiene text = new TextHygiene();
        assertThat(text.text("facebookText", "📢 THÔNG BÁO")).isEqualTo("📢 THÔNG BÁO");
        assertThat(text.line("title", "a\uD83Db")).isNull();
        assertThat(text.line("title2", "\uDC00")).isNull();
        assertThat(text.problems()).extracting(p -> p.field() + ":" + p.code())
                .containsExactly("title:invalid-unicode", "title2:invalid-unicode");
    }

    @Test
    void allowsLineBreaksOnlyInMultiLineText() {
        TextHygiene text = new TextHygiene();
        assertThat(text.text("ledText", "Dòng 1\nDòng 2")).isEqualTo("Dòng 1\nDòng 2");
        assertThat(text.line("title", "Dòng 1\nDòng 2")).isNull();
        assertThat(text.text("ledText", "chuông\u0007")).isNull();
        assertThat(text.problems()).hasSize(2);
    }

    @Test
    void sanitisesHarmlessMarkupAndRefusesActiveContent() {
        TextHygiene text = new TextHygiene();
        assertThat(text.html("body", "<p style=\"x\" class=\"y\">Chào <b>bạn</b></p>")).isEqualTo("<p>Chào <b>bạn</b></p>");
        assertThat(text.problems()).isEmpty();
        assertThat(text.html("body", "<p onclick=\"steal()\">x</p>")).isNull();
        assertThat(text.html("body", "<iframe src=\"https://evil\"></iframe><p>x</p>")).isNull();
        assertThat(text.problems()).extracting(p -> p.code()).containsOnly("active-content-not-allowed").hasSize(2);
    }
}
