package vn.govcomm.portal.outbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExcerptUnitTests {

    @Test
    void shortCleanTextIsKeptAsItIs() {
        assertThat(Excerpt.of("Sai mật khẩu ứng dụng")).isEqualTo("Sai mật khẩu ứng dụng");
        assertThat(Excerpt.of(null)).isEmpty();
    }

    @Test
    void controlAndFormatCharactersAreRemovedAndWhitespaceCollapsed() {
        String forged = "error\r\n2024-01-01 INFO forged log line\u001b[31m red\u001b[0m \u202Eevil\t\t end\u0000";
        assertThat(Excerpt.of(forged)).isEqualTo("error 2024-01-01 INFO forged log line[31m red[0m evil end");
    }

    @Test
    void longTextIsCutToTheLengthWithAnEllipsis() {
        String excerpt = Excerpt.of("<html>" + "A".repeat(100_000));
        assertThat(excerpt).hasSize(201).startsWith("<html>AAA").endsWith("…");
        assertThat(Excerpt.of("x".repeat(50), 10)).isEqualTo("xxxxxxxxxx…");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String excerpt = Excerpt.of("a" + "😀".repeat(10), 4);
        assertThat(excerpt).isEqualTo("a😀…");
    }
}
