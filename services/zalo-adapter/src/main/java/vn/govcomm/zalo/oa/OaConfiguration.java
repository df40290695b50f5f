package vn.govcomm.zalo.oa;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.secrets.CredentialCipher;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/** Wiring of the OA feature: credentials store and cipher, tokens, resilience, the Zalo client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ZaloProperties.class)
class OaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OaConfiguration.class);

    @Bean
    Clock zaloClock() {
        return Clock.systemUTC();
    }

    /**
     * AES-256-GCM key from {@code govcomm.credentials.encryption-key} / {@code CREDENTIALS_ENCRYPTION_KEY}. Without
     * one (local demo only) a random key is made up: stored credentials then do not survive a restart, which the
     * adapter reports as "credentials_unreadable: reconnect the OA".
     */
    @Bean
    CredentialCipher zaloCredentialCipher(
            @Value("${govcomm.credentials.encryption-key:${CREDENTIALS_ENCRYPTION_KEY:}}") String key,
            @Value("${govcomm.credentials.key-id:k1}") String keyId,
            @Value("${govcomm.credentials.allow-ephemeral-key:true}") boolean allowEphemeral) {
        if (key.isBlank()) {
            if (!allowEphemeral) {
                throw new IllegalStateException("Set CREDENTIALS_ENCRYPTION_KEY (base64 of 32 bytes)");
            }
            log.warn("No credentials encryption key configured: using an ephemeral one (local demo only)");
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            return new CredentialCipher(Base64.getEncoder().encodeToString(raw), "ephemeral");
        }
        return new CredentialCipher(key, keyId);
    }

    @Bean
    ZaloHttp zaloHttp(ZaloProperties properties, JsonMapper json, MeterRegistry meters) {
        return new ZaloHttp(properties, json, meters);
    }

    @Bean
    OaAttention oaAttention(MongoTemplate mongo, MeterRegistry meters) {
        return new OaAttention(mongo, meters);
    }

    @Bean
    OaBootstrap oaBootstrap(OaConnections connections, ZaloProperties properties, OaAttention attention) {
        return new OaBootstrap(connections, properties, attention);
    }

    @Bean
    OaTokens oaTokens(OaConnections connections, ZaloHttp http, ZaloProperties properties, OaAttention attention,
                      Clock clock, OaBootstrap bootstrapFirst) {
        return new OaTokens(connections, http, properties, attention, clock);
    }

    @Bean
    OaResilience oaResilience(ZaloProperties properties, MeterRegistry meters) {
        return new OaResilience(properties.resilience(), meters);
    }

    @Bean
    ZaloQuota zaloQuota(ZaloClient client, ZaloProperties properties, Clock clock) {
        return new ZaloQuota(client, properties, clock);
    }

    @Bean
    ZaloClient zaloClient(ZaloHttp http, OaTokens tokens, OaResilience resilience, ZaloProperties properties) {
        return new ZaloClient(http, tokens, resilience, properties);
    }
}
