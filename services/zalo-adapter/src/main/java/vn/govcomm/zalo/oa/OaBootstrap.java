package vn.govcomm.zalo.oa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Copies the credentials given in configuration into the store before any Kafka listener runs. A stored
 * connection bootstrapped from the SAME configured values is kept (its refresh token has rotated since); new
 * configured values (e.g. a fresh demo token pair after a restart of the local fakes) replace it. Connections
 * made through the admin API are never touched. Only a SHA-256 fingerprint of the configured values is stored.
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
            String fingerprint = fingerprint(app.appId(), app.secret(), app.refreshToken(), app.accessToken());
            if (connections.connect(OaConnections.DEFAULT, app.appId(), app.secret(), app.refreshToken(),
                    app.accessToken(), null, app.webhookSecret(), "config", replaceable(OaConnections.DEFAULT, fingerprint),
                    fingerprint)) {
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
            String fingerprint = fingerprint(oa.appId(), appSecret, oa.refreshToken(), oa.accessToken());
            if (connections.connect(oaId, oa.appId(), appSecret, oa.refreshToken(), oa.accessToken(), null,
                    secret == null ? null : secret.webhookSecret(), "config", replaceable(oaId, fingerprint),
                    fingerprint)) {
                log.info("Zalo OA {} connected from configuration (app {})", oaId, oa.appId());
            }
        });
        attention.refresh();
    }

    /** Replace a stored connection only if it came from configuration and the configured values changed. */
    private boolean replaceable(String id, String fingerprint) {
        return connections.status(id).map(status -> {
            if ("config-static".equals(status.source())) {
                return true;
            }
            return "config".equals(status.source())
                    && !fingerprint.equals(connections.bootstrapFingerprint(id).orElse(null));
        }).orElse(true);
    }

    private static String fingerprint(String... values) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String value : values) {
                sha.update(String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
