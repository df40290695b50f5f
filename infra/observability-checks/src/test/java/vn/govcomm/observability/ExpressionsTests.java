package vn.govcomm.observability;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the check reads the repository's expressions (runs without Prometheus). */
class ExpressionsTests {

    @Test
    void alertThresholdsAreStrippedSoTheWatchedSeriesAreQueried() {
        List<Expressions.Expression> alerts = Expressions.alerts(Expressions.repo());
        Expressions.Expression dlt = alerts.stream().filter(a -> a.origin().endsWith("GovcommDeadLettersGrowing"))
                .findFirst().orElseThrow();
        assertThat(dlt.thresholdStripped()).isTrue();
        assertThat(dlt.query()).isEqualTo("sum by (job, topic) (increase(govcomm_dlt_published_total{platform=\"govcomm\"}[10m]))");
        Expressions.Expression failures = alerts.stream().filter(a -> a.origin().endsWith("GovcommDeliveryFailureRateHigh"))
                .findFirst().orElseThrow();
        assertThat(failures.query()).endsWith("[15m]))").doesNotContain("0.2");
    }

    @Test
    void everyDashboardTargetIsReadWithGrafanaVariablesFilledIn() {
        List<Expressions.Expression> panels = Expressions.dashboards(Expressions.repo());
        assertThat(panels).extracting(Expressions.Expression::origin)
                .anyMatch(o -> o.startsWith("delivery-overview.json"))
                .anyMatch(o -> o.startsWith("channel.json"))
                .anyMatch(o -> o.startsWith("campaign-drilldown.json"))
                .anyMatch(o -> o.startsWith("platform-health.json"));
        assertThat(panels).allSatisfy(p -> assertThat(p.query()).doesNotContain("$"));
        assertThat(Expressions.concrete("rate(x{channel=~\"$channel\"}[$__rate_interval])")).isEqualTo("rate(x{channel=~\".+\"}[30s])");
    }

    @Test
    void metricNamesAreTheSelectorsOfAnExpression() {
        assertThat(Expressions.metrics("sum(rate(a_total{x=\"1\"}[5m])) / sum(b_seconds_count{y=\"2\"})"))
                .containsExactly("a_total", "b_seconds_count");
    }
}
