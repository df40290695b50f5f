package vn.govcomm.led;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** LED screens pull playlists and acknowledge what they showed; Xibo-managed screens go through a bridge. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class LedAdapterApplication {

    public static final String CONFIG_NAME = "led-adapter";

    public static void main(String[] args) {
        new SpringApplicationBuilder(LedAdapterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
