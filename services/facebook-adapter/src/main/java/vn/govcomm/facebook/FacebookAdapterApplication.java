package vn.govcomm.facebook;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Publishes on agencies' Facebook Pages. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(FacebookProperties.class)
public class FacebookAdapterApplication {

    public static final String CONFIG_NAME = "facebook-adapter";

    public static void main(String[] args) {
        new SpringApplicationBuilder(FacebookAdapterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
