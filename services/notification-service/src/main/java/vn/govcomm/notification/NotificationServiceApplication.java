package vn.govcomm.notification;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Reminders, escalations and approval news to agencies by e-mail, on the schedule each campaign sets: Kafka in
 * (campaign.events, directory.agencies, delivery.status.*), SMTP out, every notification recorded and emitted on
 * notification.events.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    public static final String CONFIG_NAME = "notification-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotificationServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }

    /** The one clock of the schedule: due rounds, leases, retry backoff and the dates in the mails (tests replace it). */
    @Bean
    Clock notificationClock() {
        return Clock.systemUTC();
    }
}
