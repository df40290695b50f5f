package vn.govcomm.notification.notifications;

import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationIdsUnitTests {

    static final Instant DUE = Instant.parse("2023-11-27T01:00:00Z");

    @Test
    void aRoundsIdIsCampaignKindDueDateAndRecipientAsInTheContractsExample() {
        Notification n = Notification.draft(Notification.Kind.REMINDER, Notification.Audience.AGENCY,
                "cmp-2023-khaosat-hailong", "so-y-te", DUE);
        String example = JsonMapper.builder().build().readTree(Contracts.get().example(EventTypes.NOTIFICATION_SENT))
                .path("notificationId").asString();

        assertThat(NotificationIds.of(n)).isEqualTo(example).isEqualTo("ntf-cmp-2023-khaosat-hailong-reminder-20231127-so-y-te");
    }

    @Test
    void theIssuersSummaryAndAnObserversCopyHaveTheirOwnIds() {
        Notification summary = Notification.draft(Notification.Kind.ESCALATION, Notification.Audience.ISSUER, "cmp-1", "so-y-te", DUE);
        Notification agency = Notification.draft(Notification.Kind.ESCALATION, Notification.Audience.AGENCY, "cmp-1", "so-y-te", DUE);
        Notification copy = Notification.draft(Notification.Kind.OBSERVER_COPY, Notification.Audience.OBSERVER, "cmp-1", "so-y-te", DUE)
                .to(List.of("ToaSoan@Bao.vn"));
        Notification sameCopy = Notification.draft(Notification.Kind.OBSERVER_COPY, Notification.Audience.OBSERVER, "cmp-1", "so-y-te", DUE)
                .to(List.of("toasoan@bao.vn"));

        assertThat(NotificationIds.of(summary)).isEqualTo("ntf-cmp-1-escalation-20231127-summary-so-y-te");
        assertThat(NotificationIds.of(agency)).isEqualTo("ntf-cmp-1-escalation-20231127-so-y-te");
        assertThat(NotificationIds.of(copy)).startsWith("ntf-cmp-1-observer_copy-20231127-obs-").isEqualTo(NotificationIds.of(sameCopy))
                .matches("^[A-Za-z0-9][A-Za-z0-9._:-]*$");
    }

    @Test
    void newsIsIdentifiedByTheMomentOfTheTransition() {
        Notification first = Notification.draft(Notification.Kind.SUBMITTED, Notification.Audience.ISSUER, "cmp-1", "so-noi-vu",
                Instant.parse("2023-09-04T10:14:00.123Z"));
        Notification again = Notification.draft(Notification.Kind.SUBMITTED, Notification.Audience.ISSUER, "cmp-1", "so-noi-vu",
                Instant.parse("2023-09-05T10:14:00Z"));

        assertThat(NotificationIds.of(first)).isEqualTo("ntf-cmp-1-submitted-20230904T171400123-so-noi-vu");
        assertThat(NotificationIds.of(again)).isNotEqualTo(NotificationIds.of(first));
    }

    @Test
    void anIdLongerThanTheContractAllowsIsHashedDeterministically() {
        String campaign = "cmp-" + "x".repeat(110);
        Notification n = Notification.draft(Notification.Kind.REMINDER, Notification.Audience.AGENCY, campaign, "so-y-te", DUE);

        assertThat(NotificationIds.of(n)).hasSize(44).startsWith("ntf-").isEqualTo(NotificationIds.of(
                Notification.draft(Notification.Kind.REMINDER, Notification.Audience.AGENCY, campaign, "so-y-te", DUE)));
    }
}
