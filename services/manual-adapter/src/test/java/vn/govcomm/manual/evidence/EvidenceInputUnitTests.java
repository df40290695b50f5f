package vn.govcomm.manual.evidence;

import org.junit.jupiter.api.Test;
import vn.govcomm.kit.files.MediaTypeSniffer;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceInputUnitTests {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void fileNamesKeepTheLastSegmentInNfcAndEndWithTheExtensionOfTheContent() {
        String nfd = Normalizer.normalize("Biên bản niêm yết.pdf", Normalizer.Form.NFD);
        assertThat(EvidenceInput.fileName("C:\\Users\\hoa\\" + nfd, MediaTypeSniffer.PDF)).isEqualTo("Biên bản niêm yết.pdf");
        assertThat(EvidenceInput.fileName("../../etc/passwd", MediaTypeSniffer.PNG)).isEqualTo("passwd.png");
        assertThat(EvidenceInput.fileName("anh.JPEG", MediaTypeSniffer.JPEG)).isEqualTo("anh.JPEG");
        assertThat(EvidenceInput.fileName("trang.html", MediaTypeSniffer.WEBP)).isEqualTo("trang.html.webp");
    }

    @Test
    void fileNamesLoseControlFormatAndReservedCharactersAndLeadingDots() {
        assertThat(EvidenceInput.fileName("anh\u202Egnp.exe", MediaTypeSniffer.PNG)).isEqualTo("anh_gnp.exe.png");
        assertThat(EvidenceInput.fileName("a\"b<c>\r\nd.pdf", MediaTypeSniffer.PDF)).isEqualTo("a_b_c___d.pdf");
        assertThat(EvidenceInput.fileName(".htaccess", MediaTypeSniffer.PDF)).isEqualTo("htaccess.pdf");
        assertThat(EvidenceInput.fileName("   ", MediaTypeSniffer.PDF)).isEqualTo("minh-chung.pdf");
        assertThat(EvidenceInput.fileName(null, MediaTypeSniffer.JPEG)).isEqualTo("minh-chung.jpg");
        assertThat(EvidenceInput.fileName("\u0000\u0001", MediaTypeSniffer.PNG)).isEqualTo("minh-chung.png");
        String cut = EvidenceInput.fileName("ả".repeat(300) + ".pdf", MediaTypeSniffer.PDF);
        assertThat(cut).startsWith("ả".repeat(200)).endsWith(".pdf");
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(204);
    }

    @Test
    void onlyHttpAndHttpsLinksWithAHostAreTaken() {
        EvidenceInput input = new EvidenceInput();
        assertThat(input.url("  https://syt.khanhhoa.gov.vn/tin-tuc?id=1  ", 2000))
                .isEqualTo("https://syt.khanhhoa.gov.vn/tin-tuc?id=1");
        assertThat(input.url("HTTP://example.vn", 2000)).isEqualTo("HTTP://example.vn");
        assertThat(input.url("", 2000)).isNull();
        assertThat(input.problems()).isEmpty();

        assertThat(input.url("JaVaScRiPt:alert(1)", 2000)).isNull();
        assertThat(input.url("https://example.vn/\u200Bx", 2000)).isNull();
        assertThat(input.url("mailto:a@b.vn", 2000)).isNull();
        assertThat(input.url("https://example.vn/" + "a".repeat(1990), 2000)).isNull();
        assertThat(input.problems()).extracting(p -> p.code())
                .containsExactly("url-scheme-not-allowed", "invalid-url", "url-scheme-not-allowed", "too-long");
    }

    @Test
    void thePublicationDateIsAVietnameseDateBetweenTheDayBeforeTheWindowAndToday() {
        // The window starts at 00:00 on 1 September in Vietnam, which is still 31 August in UTC.
        Instant start = Instant.parse("2023-08-31T17:00:00Z");
        LocalDate today = LocalDate.parse("2023-09-10");
        EvidenceInput input = new EvidenceInput();
        assertThat(input.publishedOn("2023-08-31", today, start, VIETNAM)).isEqualTo(LocalDate.parse("2023-08-31"));
        assertThat(input.publishedOn("2023-09-10", today, start, VIETNAM)).isEqualTo(today);
        assertThat(input.problems()).isEmpty();
        assertThat(input.publishedOn("2023-08-30", today, start, VIETNAM)).isNull();
        assertThat(input.publishedOn("2023-09-11", today, start, VIETNAM)).isNull();
        assertThat(input.publishedOn("2023-02-30", today, start, VIETNAM)).isNull();
        assertThat(input.problems()).extracting(p -> p.code()).containsExactly("before-window", "in-future", "invalid-date");
    }

    @Test
    void notesAreNormalisedAndCountedInCharacters() {
        EvidenceInput input = new EvidenceInput();
        String decomposed = Normalizer.normalize("Đã niêm yết", Normalizer.Form.NFD);
        assertThat(input.note(decomposed, 2000)).isEqualTo("Đã niêm yết");
        assertThat(input.note("ệ".repeat(2000), 2000)).hasSize(2000);
        assertThat(input.note("dòng 1\ndòng 2\tcột", 2000)).contains("\n");
        assertThat(input.problems()).isEmpty();
        assertThat(input.note("ệ".repeat(2001), 2000)).isNull();
        assertThat(input.note("chuông\u0007", 2000)).isNull();
        assertThat(input.problems()).extracting(p -> p.code()).containsExactly("too-long", "invalid-characters");
    }
}
