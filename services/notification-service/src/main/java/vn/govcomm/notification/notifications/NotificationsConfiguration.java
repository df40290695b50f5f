package vn.govcomm.notification.notifications;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.outbox.OutboxRelays;

/** The outbox relay of the notifications collection (NotificationSent on notification.events), the letters, the events. */
@Configuration(proxyBeanMethods = false)
class NotificationsConfiguration {

    @Bean
    OutboxRelay notificationOutbox(OutboxRelays relays) {
        return relays.forCollection(Notifications.COLLECTION);
    }

    @Bean
    Letters letters(NotificationProperties properties) {
        return new Letters(properties.consoleBaseUrl());
    }

    @Bean
    NotificationEvents notificationEvents(JsonMapper json) {
        return new NotificationEvents(json);
    }
}
