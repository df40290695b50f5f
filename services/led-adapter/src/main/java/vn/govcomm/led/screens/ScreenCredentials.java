package vn.govcomm.led.screens;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.web.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Device credentials, one per screen ({@value #COLLECTION}). A secret is 32 random bytes, returned once and
 * stored only as its SHA-256 (a slow password hash buys nothing for a 256-bit random secret, and the hash is
 * looked up on every poll). The hash has a unique index so a Bearer secret identifies its screen: a valid
 * secret of another screen is 403, an unknown one 401.
 */
@Component
public class ScreenCredentials {

    static final String COLLECTION = "screen_credentials";
    static final Pattern SCREEN_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$");

    private final MongoTemplate mongo;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    ScreenCredentials(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index("secretHash", Sort.Direction.ASC).unique());
    }

    /** Issues (or rotates: the old secret stops working at once) a screen's secret; returns it, once. */
    public String issue(String screenId) {
        requireScreenId(screenId);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "scr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        mongo.findAndModify(Query.query(Criteria.where("_id").is(screenId)), new Update()
                        .set("secretHash", hash(secret)).set("issuedAt", Date.from(clock.instant())).unset("revokedAt"),
                FindAndModifyOptions.options().upsert(true), Document.class, COLLECTION);
        return secret;
    }

    /** Revokes a screen's secret; false if it had none. */
    public boolean revoke(String screenId) {
        // The hash moves to a unique placeholder: the unique index cannot hold two nulls on every backend.
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(screenId).and("revokedAt").exists(false)),
                new Update().set("secretHash", "revoked:" + screenId).set("revokedAt", Date.from(clock.instant())),
                COLLECTION).getModifiedCount() > 0;
    }

    /** The screen a request may act for: 401 without a valid secret, 403 when it belongs to another screen. */
    public void authenticate(String screenId, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() <= 7) {
            throw unauthorized();
        }
        String secret = authorization.substring(7).trim();
        Document owner = mongo.findOne(Query.query(Criteria.where("secretHash").is(hash(secret))), Document.class,
                COLLECTION);
        if (owner == null || owner.get("revokedAt") != null) {
            throw unauthorized();
        }
        if (!owner.getString("_id").equals(screenId)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "wrong-screen",
                    "Thiết bị này chỉ được truy cập danh sách phát của chính nó. / This device may only use its own playlist.");
        }
    }

    static void requireScreenId(String screenId) {
        if (screenId == null || !SCREEN_ID.matcher(screenId).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-screen-id",
                    "Mã màn hình không hợp lệ. / Invalid screen id.");
        }
    }

    private static ApiProblem unauthorized() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "device-unauthenticated",
                "Thiếu hoặc sai khóa thiết bị. / Missing or invalid device credential (Authorization: Bearer <secret>).");
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
