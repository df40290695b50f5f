package vn.govcomm.manual;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Channels the platform cannot post to (notice boards, E-Office, loudspeakers, press): each delivery becomes a task
 * for the target agency, which confirms publication with evidence; the issuing agency accepts or rejects it.
 */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class ManualAdapterApplication {

    public static final String CONFIG_NAME = "manual-adapter";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ManualAdapterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
