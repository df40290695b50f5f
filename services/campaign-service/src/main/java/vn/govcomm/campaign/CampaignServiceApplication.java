package vn.govcomm.campaign;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Campaigns and their approval lifecycle, plus the agency directory the fan-out uses. */
@SpringBootApplication
@EnableScheduling
public class CampaignServiceApplication {

    /** Own config file name, so the service can also run beside the others in the local launcher's JVM. */
    public static final String CONFIG_NAME = "campaign-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(CampaignServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
