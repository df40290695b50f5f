package vn.govcomm.portal;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Agency web portals consume the platform's feeds. */
@SpringBootApplication
public class PortalAdapterApplication {

    public static final String CONFIG_NAME = "portal-adapter";

    public static void main(String[] args) {
        new SpringApplicationBuilder(PortalAdapterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
