package vn.govcomm.email;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/**
 * The notice, mailed to each agency's official mailbox over SMTP (the province's relay); the relay's answer and the
 * bounces read back from the bounce mailbox over IMAP become the delivery's statuses.
 */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class EmailAdapterApplication {

    public static final String CONFIG_NAME = "email-adapter";

    public static void main(String[] args) {
        new SpringApplicationBuilder(EmailAdapterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }

    /** The clock of send times, the bounce grace and the send lease (tests move it). */
    @Bean
    Clock emailClock() {
        return Clock.systemUTC();
    }
}
