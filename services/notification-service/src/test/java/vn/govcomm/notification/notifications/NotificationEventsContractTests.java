package vn.govcomm.notification.notifications;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** NotificationSent of every kind and outcome validates against contracts/schemas/notification-sent.v1.json. */
class NotificationEventsContractTests {

    static final NotificationEvents EVENTS = new NotificationEvents(JsonMapper.builder().build());
    static final Letters LETTERS = new Letters("https://console.test");
    static final Instant NOW = Instant.parse("2031-03-17T01:00:02Z");

    @ParameterizedTest
    @EnumSource(Notification.Kind.class)
    void sentAndFailedOfEveryKindValidate(Notification.Kind kind) {
        for (boolean sent : List.of(true, false)) {
            Notification.Audience audience = switch (kind) {
                case REMINDER, ESCALATION -> Notification.Audience.AGENCY;
                case OBSERVER_COPY -> Notification.Audience.OBSERVER;
                default -> Notification.Audience.ISSUER;
            };
            Notification n = Notification.draft(kind, audience, "cmp-1", "so-y-te", NOW.minusSeconds(2))
                    .campaign("SNV-01", "Khảo sát mức độ hài lòng", "so-noi-vu", NOW.plusSeconds(86_400 * 3))
                    .round("cmp-1|20310317", -3).missing(audience == Notification.Audience.AGENCY ? List.of("portal", "manual") : List.of())
                    .to(audience == Notification.Audience.OBSERVER ? List.of("toasoan@bao.vn") : List.of())
                    .news("nguyen.van.minh", "Nguyễn Văn Minh", "Đồng ý.", List.of("Thiếu căn cứ"));
            n.queued(NotificationIds.of(n), LETTERS.subject(n), NOW);
            if (sent) {
                n.sent("vanthu@so-y-te.gov.vn", "<" + n.id() + "@govcomm.local>", NOW);
            } else {
                n.failed("x".repeat(2000), NOW);
            }

            OutgoingEvent event = EVENTS.sent(n, NOW);

            assertThat(Contracts.get().validate(EventTypes.NOTIFICATION_SENT, event.data())).as(event.data()).isEmpty();
            assertThat(event.topic()).isEqualTo(EventTypes.TOPIC_NOTIFICATION_EVENTS);
            assertThat(event.key()).isEqualTo("cmp-1");
            assertThat(event.dataschema()).isEqualTo(Contracts.get().contract(EventTypes.NOTIFICATION_SENT).dataschema());
        }
    }
}
