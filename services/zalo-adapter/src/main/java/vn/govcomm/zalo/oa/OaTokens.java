package vn.govcomm.zalo.oa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Access tokens per OA, refreshed with Zalo's SINGLE-USE refresh token. A refresh runs under an in-process lock
 * and a lease in the connection document (several adapter instances), so one refresh token is redeemed once;
 * the rotated pair is persisted with a compare-and-set guarded by the old refresh token BEFORE the new access
 * token is handed out. Losers of the race wait for the winner's generation instead of redeeming again.
 */
public class OaTokens {

    private static final Logger log = LoggerFactory.getLogger(OaTokens.class);
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** A usable access token and the connection generation it belongs to. */
    public record Token(String connectionId, String appId, String value, long generation) {
        @Override
        public String toString() {
            return "Token[connection=" + connectionId + ", generation=" + generation + "]";
        }
    }

    private final OaConnections connections;
    private final ZaloHttp http;
    private final ZaloProperties properties;
    private final OaAttention attention;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final String owner = UUID.randomUUID().toString();

    OaTokens(OaConnections connections, ZaloHttp http, ZaloProperties properties, OaAttention attention, Clock clock) {
        this.connections = connections;
        this.http = http;
        this.properties = properties;
        this.attention = attention;
        this.clock = clock;
    }

    /** A token believed valid for this OA, refreshing first when it is (about to be) expired. */
    public Token current(String oaId) {
        OaConnections.Connection c = connection(oaId);
        if (c.accessToken() != null && !expiresSoon(c)) {
            return new Token(c.id(), c.appId(), c.accessToken(), c.generation());
        }
        return refresh(c.id(), c.generation());
    }

    /**
     * The connection whose token this OA's calls carry (its own, or the default app's that many OAs share): what
     * Zalo's limits count against. Throws like {@link #current} when the OA has none.
     */
    public String connectionId(String oaId) {
        return connection(oaId).id();
    }

    /** Zalo said -216 for this token: refresh once (unless someone already did), else the OA needs attention. */
    Token afterRejection(Token rejected) {
        return refresh(rejected.connectionId(), rejected.generation());
    }

    /** Marks that even a fresh token was refused. */
    ZaloCallException rejectedAgain(Token token) {
        markAttention(token.connectionId(), Attention.TOKEN_EXPIRED);
        return Attention.TOKEN_EXPIRED.failure(ZaloHttp.ACCESS_TOKEN_INVALID);
    }

    Token refresh(String connectionId, long seenGeneration) {
        ReentrantLock lock = locks.computeIfAbsent(connectionId, k -> new ReentrantLock());
        lock.lock();
        try {
            Instant giveUp = clock.instant().plus(LEASE);
            while (true) {
                OaConnections.Connection c = connections.find(connectionId)
                        .orElseThrow(() -> Attention.NOT_CONNECTED.failure(0));
                if (c.generation() > seenGeneration && c.accessToken() != null) {
                    return new Token(c.id(), c.appId(), c.accessToken(), c.generation()); // someone else refreshed
                }
                if (c.refreshToken() == null || c.appId() == null || c.secret() == null) {
                    // Only a static token was configured (walking skeleton) or the OA was half connected.
                    markAttention(connectionId, Attention.TOKEN_EXPIRED);
                    throw Attention.TOKEN_EXPIRED.failure(ZaloHttp.ACCESS_TOKEN_INVALID);
                }
                if (c.attentionReason() != null && !Attention.TOKEN_EXPIRED.tag().equals(c.attentionReason())) {
                    throw attentionFailure(c.attentionReason());
                }
                if (connections.claimRefresh(connectionId, c.generation(), owner, clock.instant().plus(LEASE))) {
                    return redeem(c);
                }
                if (clock.instant().isAfter(giveUp)) {
                    throw new ZaloCallException(ZaloCallException.Kind.NOT_SENT, 0, "ZALO_REFRESH_BUSY",
                            "Đang làm mới mã truy cập OA. / The OA token is being refreshed elsewhere.", null);
                }
                // Another instance holds the lease: wait for its generation (production path, not a test wait).
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new ZaloInterrupted(new InterruptedException());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Token redeem(OaConnections.Connection c) {
        JsonNode answer;
        try {
            answer = http.exchange("token", http.postForm(properties.oauthBaseUrl() + properties.tokenPath(), Map.of(
                    "refresh_token", c.refreshToken(), "app_id", c.appId(), "grant_type", "refresh_token"))
                    .header("secret_key", c.secret()));
        } catch (ZaloCallException e) {
            connections.releaseRefresh(c.id(), owner);
            if (e.code() == ZaloHttp.REFRESH_TOKEN_INVALID) {
                markAttention(c.id(), Attention.REFRESH_TOKEN_INVALID);
                throw Attention.REFRESH_TOKEN_INVALID.failure(e.code());
            }
            if (e.code() == -14002 || e.code() == -14003) {
                markAttention(c.id(), Attention.APP_CREDENTIALS);
                throw Attention.APP_CREDENTIALS.failure(e.code());
            }
            // Network trouble: Zalo may have burnt the token anyway; the next try then gets -14014 (surfaced).
            throw e;
        } catch (RuntimeException e) {
            connections.releaseRefresh(c.id(), owner);
            throw e;
        }
        String access = answer.path("access_token").asString();
        String refresh = answer.path("refresh_token").asString();
        long expiresIn = answer.path("expires_in").asLong(0); // a JSON string or number, both read
        if (expiresIn <= 0) {
            expiresIn = Long.parseLong(answer.path("expires_in").asString("3600"));
        }
        Instant expiresAt = clock.instant().plusSeconds(expiresIn);
        if (!connections.storeRefreshed(c, owner, refresh, access, expiresAt)) {
            // Cannot happen while we hold the lease unless an admin replaced the credentials meanwhile.
            log.warn("Rotated Zalo tokens for connection {} could not be stored; not using them", c.id());
            throw new ZaloCallException(ZaloCallException.Kind.NOT_SENT, 0, "ZALO_REFRESH_CONFLICT",
                    "Thông tin OA vừa được thay đổi. / The OA credentials changed meanwhile.", null);
        }
        attention.refresh();
        log.info("Refreshed the Zalo access token of connection {} (generation {})", c.id(), c.generation() + 1);
        return new Token(c.id(), c.appId(), access, c.generation() + 1);
    }

    private OaConnections.Connection connection(String oaId) {
        try {
            return connections.resolve(oaId).orElseThrow(() -> Attention.NOT_CONNECTED.failure(0));
        } catch (IllegalStateException | IllegalArgumentException e) {
            markAttention(oaId, Attention.CREDENTIALS_UNREADABLE);
            throw Attention.CREDENTIALS_UNREADABLE.failure(0);
        }
    }

    private boolean expiresSoon(OaConnections.Connection c) {
        return c.accessExpiresAt() != null
                && clock.instant().plus(properties.tokenExpirySkew()).isAfter(c.accessExpiresAt());
    }

    private void markAttention(String connectionId, Attention reason) {
        connections.markAttention(connectionId, reason.tag(), reason.message());
        attention.refresh();
    }

    private static ZaloCallException attentionFailure(String tag) {
        for (Attention a : Attention.values()) {
            if (a.tag().equals(tag)) {
                return a.failure(0);
            }
        }
        return Attention.TOKEN_EXPIRED.failure(0);
    }
}
