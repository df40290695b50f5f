package vn.govcomm.facebook.credentials;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import vn.govcomm.facebook.FacebookProperties;

/**
 * Imports {@code govcomm.facebook.page-tokens.<pageId>} into the encrypted store at start-up, before the Kafka
 * listeners start. Only Pages without a stored credential are imported: once an admin rotated or disconnected a
 * token through the API, configuration no longer overrides it.
 */
@Component
class BootstrapTokens implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootstrapTokens.class);
    private final FacebookProperties properties;
    private final PageCredentials credentials;

    BootstrapTokens(FacebookProperties properties, PageCredentials credentials) {
        this.properties = properties;
        this.credentials = credentials;
    }

    @Override
    public void afterSingletonsInstantiated() {
        java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
        properties.pageTokens().forEach((pageId, token) -> {
            if (token != null && !token.isBlank()) {
                tokens.put(pageId, token.trim());
            }
        });
        int imported = credentials.importAllIfAbsent(tokens); // one bulk write, not one insert per Page
        if (!properties.pageTokens().isEmpty()) {
            credentials.refreshAttentionCounts(); // once for the batch, not per Page (thousands at scale)
            log.info("Page tokens from configuration: {} imported, {} already stored", imported,
                    properties.pageTokens().size() - imported);
        }
    }
}
