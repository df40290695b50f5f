package vn.govcomm.reporting;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Materialises read models from all events and answers who published, where, and who has not. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReportingApplication {

    public static final String CONFIG_NAME = "reporting-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ReportingApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
