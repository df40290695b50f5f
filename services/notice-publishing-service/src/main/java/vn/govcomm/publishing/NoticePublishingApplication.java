package vn.govcomm.publishing;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns scheduled campaigns into deliveries on delivery.requests.&lt;channel&gt; and tracks their state. */
@SpringBootApplication
@EnableScheduling
public class NoticePublishingApplication {

    public static final String CONFIG_NAME = "notice-publishing-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(NoticePublishingApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
