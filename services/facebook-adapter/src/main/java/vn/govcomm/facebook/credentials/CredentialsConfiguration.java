package vn.govcomm.facebook.credentials;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.govcomm.kit.secrets.CredentialCipher;

/**
 * The cipher of Page tokens at rest. The key is required: without it the adapter refuses to start rather than
 * store tokens in clear or under a throw-away key (the local launcher passes one).
 */
@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

    @Bean
    CredentialCipher credentialCipher(@Value("${govcomm.credentials.encryption-key:}") String key,
                                      @Value("${govcomm.credentials.key-id:k1}") String keyId) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("govcomm.credentials.encryption-key (env CREDENTIALS_ENCRYPTION_KEY) is"
                    + " required: base64 of 32 random bytes, e.g. `openssl rand -base64 32`. Page tokens are stored"
                    + " encrypted with it.");
        }
        return new CredentialCipher(key.trim(), keyId);
    }
}
