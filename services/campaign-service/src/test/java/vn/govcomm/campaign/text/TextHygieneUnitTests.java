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

    static final String OWN_IMAGE = "/api/campaigns/attachments/att-0b6f5e2a-3c1d-4e8f-9a7b-2d4c6e8f0a1b";

    @Test
    void keepsAPictureUploadedToThePlatformWithItsAlternativeText() {
        TextHygiene text = new TextHygiene();
        String body = "<p>Ảnh hội nghị</p><p><img src=\"" + OWN_IMAGE + "\" alt=\"Hội nghị tổng kết năm 2026\" "
                + "width=\"600\" class=\"x\" /></p>";

        assertThat(text.html("body", body)).isEqualTo("<p>Ảnh hội nghị</p><p><img src=\"" + OWN_IMAGE
                + "\" alt=\"Hội nghị tổng kết năm 2026\" /></p>");
        assertThat(text.problems()).isEmpty();
    }

    @Test
    void dropsPicturesFromAnywhereElseAsBefore() {
        TextHygiene text = new TextHygiene();
        for (String src : new String[] {"http://evil.example/a.png", "https://cdn.example" + OWN_IMAGE, "//evil.example" + OWN_IMAGE,
                OWN_IMAGE + "?x=1", OWN_IMAGE.replace("att-", "../att-"), "/api/campaigns/attachments/att-1",
                "/api/agencies/export.csv", "file:///C:/Users/a.png", ""}) {
            assertThat(text.html("body", "<p>x<img src=\"" + src + "\" alt=\"a\"></p>")).as(src).isEqualTo("<p>x</p>");
        }
        assertThat(text.html("body", "<p>x<img alt=\"không có nguồn\"></p>")).isEqualTo("<p>x</p>");
        assertThat(text.problems()).isEmpty();
    }

    @Test
    void refusesPicturesWithActiveContentAsBefore() {
        TextHygiene text = new TextHygiene();
        assertThat(text.html("body", "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"a\"></p>")).isNull();
        assertThat(text.html("body", "<p><img src=\"jav&#x61;script:alert(1)\" alt=\"a\"></p>")).isNull();
        assertThat(text.html("body", "<p><img src=\"" + OWN_IMAGE + "\" onerror=\"alert(1)\" alt=\"a\"></p>")).isNull();
        assertThat(text.problems()).extracting(p -> p.code()).containsOnly("active-content-not-allowed").hasSize(3);
    }
}
