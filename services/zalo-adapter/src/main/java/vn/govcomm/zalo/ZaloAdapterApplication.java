package vn.govcomm.zalo;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Publishes on agencies' Zalo Official Accounts. */
@SpringBootApplication
public class ZaloAdapterApplication {

    public static final String CONFIG_NAME = "zalo-adapter";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ZaloAdapterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
