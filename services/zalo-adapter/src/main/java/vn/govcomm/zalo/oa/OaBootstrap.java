package vn.govcomm.zalo.oa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Copies the credentials given in configuration into the store before any Kafka listener runs. Never overwrites
 * a stored connection (its refresh token has rotated since), except the walking-skeleton static token.
 */
class OaBootstrap implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(OaBootstrap.class);

    private final OaConnections connections;
    private final ZaloProperties properties;
    private final OaAttention attention;

    OaBootstrap(OaConnections connections, ZaloProperties properties, OaAttention attention) {
        this.connections = connections;
        this.properties = properties;
        this.attention = attention;
    }

    @Override
    public void afterPropertiesSet() {
        ZaloProperties.Bootstrap app = properties.defaultApp();
        if (app != null && app.present()) {
            boolean stored = connections.status(OaConnections.DEFAULT).map(s -> "config-static".equals(s.source()))
                    .orElse(false);
            if (connections.connect(OaConnections.DEFAULT, app.appId(), app.secret(), app.refreshToken(),
                    app.accessToken(), null, app.webhookSecret(), "config", stored)) {
                log.info("Zalo default app {} connected from configuration", app.appId());
            }
        } else if (properties.accessToken() != null && !properties.accessToken().isBlank()) {
            connections.connect(OaConnections.DEFAULT, null, null, null, properties.accessToken(), null, null,
                    "config-static", true);
            log.info("Zalo: static access token from configuration for every OA (no refresh possible)");
        }
        properties.oas().forEach((oaId, oa) -> {
            ZaloProperties.AppSecret secret = properties.apps().get(oa.appId());
            String appSecret = secret != null ? secret.secret()
                    : app != null && oa.appId() != null && oa.appId().equals(app.appId()) ? app.secret() : null;
            if (appSecret == null) {
                log.warn("Zalo OA {}: no secret configured for app {}; not connected", oaId, oa.appId());
                return;
            }
            if (connections.connect(oaId, oa.appId(), appSecret, oa.refreshToken(), oa.accessToken(), null,
                    secret == null ? null : secret.webhookSecret(), "config", false)) {
                log.info("Zalo OA {} connected from configuration (app {})", oaId, oa.appId());
            }
        });
        attention.refresh();
    }
}
