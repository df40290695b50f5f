package vn.govcomm.portal;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import vn.govcomm.kit.secrets.CredentialCipher;
import vn.govcomm.portal.outbound.OutboundProperties;
import vn.govcomm.portal.wordpress.WordPressProperties;

import java.time.Clock;

/** Agency web portals consume the platform's feeds (RSS, Atom, JSON Feed), optionally pushed by WebSub or WordPress. */
@SpringBootApplication
@EnableConfigurationProperties({PortalProperties.class, OutboundProperties.class, WordPressProperties.class})
@EnableScheduling
public class PortalAdapterApplication {

    public static final String CONFIG_NAME = "portal-adapter";

    public static void main(String[] args) {
        new SpringApplicationBuilder(PortalAdapterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }

    @Bean
    Clock portalClock() {
        return Clock.systemUTC();
    }

    /**
     * Secrets the adapter must be able to read back (WordPress application passwords, WebSub hub.secret) are
     * encrypted at rest. Without a key those two features refuse to store secrets (503 problem); feeds work.
     */
    @Bean
    PortalSecrets portalSecrets(@Value("${govcomm.credentials.encryption-key:}") String key,
                                @Value("${govcomm.credentials.key-id:k1}") String keyId) {
        if (key == null || key.isBlank()) {
            LoggerFactory.getLogger(PortalAdapterApplication.class).warn(
                    "No CREDENTIALS_ENCRYPTION_KEY: WordPress push and signed WebSub subscriptions are disabled");
            return new PortalSecrets(null);
        }
        return new PortalSecrets(new CredentialCipher(key, keyId));
    }
}
