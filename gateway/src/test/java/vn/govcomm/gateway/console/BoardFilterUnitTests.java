package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The board's query: only known statuses, channels and sizes are kept; every link carries the filter, encoded. */
class BoardFilterUnitTests {

    @Test
    void unknownStatusesChannelsAndSizesAreDroppedNotRelayed() {
        BoardFilter filter = new BoardFilter("DROP TABLE", "fax", " ", "  ", "", "7", "-3");

        assertThat(filter.status()).isNull();
        assertThat(filter.channel()).isNull();
        assertThat(filter.agency()).isNull();
        assertThat(filter.q()).isNull();
        assertThat(filter.after()).isNull();
        assertThat(filter.rows()).isEqualTo(BoardFilter.DEFAULT_SIZE);
        assertThat(filter.pageNumber()).isEqualTo(1);
        assertThat(filter.filtered()).isFalse();
        assertThat(filter.firstPageUrl("c-1")).isEqualTo("/console/campaigns/c-1");
        assertThat(filter.boardUrl("c-1")).isEqualTo("/console/campaigns/c-1/board");
    }

    @Test
    void everyLinkCarriesTheFilterWithTheSearchEncoded() {
        BoardFilter filter = new BoardFilter("FAILED", "facebook", null, "Sở Y tế & A+B", "d-9", "100", "3");

        assertThat(filter.byAgency()).isTrue();
        assertThat(filter.firstPageUrl("c-1")).isEqualTo(
                "/console/campaigns/c-1?status=FAILED&channel=facebook&q=S%E1%BB%9F%20Y%20t%E1%BA%BF%20%26%20A%2BB&size=100");
        assertThat(filter.nextPageUrl("c-1", "d-12")).endsWith("&size=100&after=d-12&page=4");
        assertThat(filter.boardUrl("c-1")).startsWith("/console/campaigns/c-1/board?status=FAILED&").endsWith("&after=d-9&page=3");
        assertThat(filter.resendUrl("c-1", "d 1")).startsWith("/console/campaigns/c-1/deliveries/d%201/resend?status=FAILED&")
                .endsWith("&after=d-9&page=3");
        assertThat(filter.agencyUrl("c-1", "so-y-te"))
                .isEqualTo("/console/campaigns/c-1?status=FAILED&channel=facebook&agency=so-y-te&size=100");
        assertThat(filter.withoutAgencyUrl("c-1")).isEqualTo("/console/campaigns/c-1?status=FAILED&channel=facebook&size=100");
    }
}
