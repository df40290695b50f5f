package vn.govcomm.fakes.zalo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.ResponseException;
import vn.govcomm.fakes.http.Router;
import vn.govcomm.fakes.state.StateDirectory;

/**
 * Fake of Zalo's three hosts on one server: oauth.zaloapp.com (token endpoint), openapi.zalo.me (articles, OA
 * broadcast, quota) and business.openapi.zalo.me (ZNS). Failures are HTTP 200 with a negative {@code error}.
 * Also plays Zalo's side of webhooks (signed, retried). See {@code /work/shared/channels/zalo.md}.
 */
public final class FakeZalo extends FakeHttpServer<FakeZalo> {

    private static final Set<String> BODY_TYPES = Set.of("text", "image", "video");
    private static final String TOKENS_FILE = "tokens.json";
    private static final String TEMPLATES_FILE = "zns-templates.json";
    private static final String ARTICLES_DIR = "articles";
    private static final String BROADCASTS_DIR = "broadcasts";
    private static final String ZNS_DIR = "zns";

    private final ZaloSettings settings = new ZaloSettings();
    private final TokenStore tokens = new TokenStore(settings);
    private final ArticleStore articles = new ArticleStore();
    private final ZaloWebhookSender webhooks = new ZaloWebhookSender(settings);
    private final List<ZaloBroadcast> broadcasts = new ArrayList<>();
    private final List<ZnsMessage> znsMessages = new ArrayList<>();
    private final OaLimits limits = new OaLimits(settings);
    private final Map<String, Set<String>> znsTemplates = new ConcurrentHashMap<>();
    private volatile StateDirectory state; // null: in memory only

    public FakeZalo() {
        super("fake-zalo");
    }

    // ---- scripting API -------------------------------------------------------------------------------------------

    public ZaloSettings settings() {
        return settings;
    }

    /**
     * Keeps apps, tokens and authorization codes (with their expiries), articles, broadcasts, ZNS messages and
     * templates under {@code directory}, and loads what an earlier instance kept there: each change is written before
     * the call that made it is answered, so a new fake on the same directory (after a crash) still knows the tokens it
     * issued and the articles it confirmed. Settings, faults, call limits, quotas and webhooks are not kept. Call it
     * on a new fake, before registering apps or starting it.
     */
    public synchronized FakeZalo persistTo(Path directory) {
        if (state != null || !tokens.saved().apps().isEmpty() || !articles.all().isEmpty()) {
            throw new IllegalStateException("persistTo must be called once, on a new fake");
        }
        StateDirectory loaded = new StateDirectory(directory);
        loaded.readJson(TOKENS_FILE, TokenStore.Saved.class).ifPresent(tokens::restore);
        loaded.readJson(TEMPLATES_FILE, ZnsTemplate[].class)
                .ifPresent(saved -> Arrays.stream(saved).forEach(t -> znsTemplates.put(t.id(), t.params())));
        articles.restore(loaded.readAllJson(ARTICLES_DIR, ArticleStore.Saved.class));
        articles.onChange(saved -> loaded.writeJson(ARTICLES_DIR + "/"
                + StateDirectory.numbered(saved.seq(), "json"), saved));
        broadcasts.addAll(loaded.readAllJson(BROADCASTS_DIR, ZaloBroadcast.class));
        znsMessages.addAll(loaded.readAllJson(ZNS_DIR, ZnsMessage.class));
        state = loaded;
        return this;
    }

    /** A ZNS template as a state directory keeps it. */
    private record ZnsTemplate(String id, Set<String> params) {
    }

    /** Whether the app is registered (e.g. loaded from a state directory). */
    public boolean hasApp(String appId) {
        return tokens.secretOf(appId) != null;
    }

    /** Registers an app (one OA) with its secret key (the {@code secret_key} header and webhook key). */
    public FakeZalo registerApp(String appId, String secretKey) {
        tokens.registerApp(appId, secretKey);
        saveTokens();
        return this;
    }

    /** Issues a token pair directly, as if an operator had just connected the OA. */
    public ZaloTokens issueTokens(String appId) {
        requireApp(appId);
        ZaloTokens issued = tokens.issue(appId);
        saveTokens();
        return issued;
    }

    /** Registers a known token pair, e.g. the demo credentials of the local launcher. */
    public ZaloTokens seedTokens(String appId, String accessToken, String refreshToken) {
        requireApp(appId);
        ZaloTokens seeded = tokens.seed(appId, accessToken, refreshToken);
        saveTokens();
        return seeded;
    }

    /** An authorization code as the permission page would return it; {@code codeChallenge} is PKCE S256 or null. */
    public String authorizationCode(String appId, String codeChallenge) {
        requireApp(appId);
        String code = tokens.newAuthorizationCode(appId, codeChallenge);
        saveTokens();
        return code;
    }

    /** This period's broadcast quota of the app is used up: broadcasts answer -32 until the period ends. */
    public FakeZalo exhaustBroadcastQuota(String appId) {
        requireApp(appId);
        limits.exhaustBroadcasts(appId, clock().instant());
        return this;
    }

    /** The access token now answers -216 (e.g. revoked before its expires_in). */
    public void revokeAccessToken(String accessToken) {
        tokens.revokeAccessToken(accessToken);
        saveTokens();
    }

    /** The refresh token now answers -14014 (lost / revoked: an operator must reconnect). */
    public void revokeRefreshToken(String refreshToken) {
        tokens.revokeRefreshToken(refreshToken);
        saveTokens();
    }

    public boolean isRefreshTokenLive(String refreshToken) {
        return tokens.isRefreshTokenLive(refreshToken);
    }

    /** A pre-approved ZNS template and the template_data keys it needs. */
    public FakeZalo registerZnsTemplate(String templateId, String... requiredParams) {
        znsTemplates.put(templateId, Set.of(requiredParams));
        StateDirectory directory = state;
        if (directory != null) {
            synchronized (znsTemplates) {
                directory.writeJson(TEMPLATES_FILE, new TreeMap<>(znsTemplates).entrySet().stream()
                        .map(e -> new ZnsTemplate(e.getKey(), e.getValue())).toList());
            }
        }
        return this;
    }

    public List<ZaloArticle> articles() {
        return articles.all();
    }

    /**
     * Creates an article as {@code article/create} would, without the call: e.g. the article of a create whose answer
     * our adapter never read (a crash). It is processed after {@link ZaloSettings#verifyDelay} like any other.
     */
    public ZaloArticle createArticle(String appId, String articleJson) {
        requireApp(appId);
        return articles.create(appId, Json.parse(articleJson), clock().instant(), settings.verifyNotReadyAnswers(),
                settings.verifyDelay());
    }

    /**
     * A burst: every API call of this app (one OA) answers -32 "reached limit call api" for {@code duration}; the
     * quota call tells when it ends ({@code reset_time}).
     */
    public FakeZalo throttle(String appId, Duration duration) {
        requireApp(appId);
        limits.throttle(appId, clock().instant().plus(duration));
        return this;
    }

    public synchronized List<ZaloBroadcast> broadcasts() {
        return List.copyOf(broadcasts);
    }

    public synchronized List<ZnsMessage> znsMessages() {
        return List.copyOf(znsMessages);
    }

    public Optional<ZnsMessage> znsMessage(String msgId) {
        return znsMessages().stream().filter(m -> m.msgId().equals(msgId)).findFirst();
    }

    /**
     * Sends a signed event to our callback and retries (per settings) while it answers non-2xx or too slowly.
     * Blocks until delivered or given up.
     */
    public WebhookDelivery sendWebhook(String callbackUrl, String appId, String oaSecretKey, String eventJson) {
        return webhooks.send(callbackUrl, appId, oaSecretKey, eventJson);
    }

    public CompletableFuture<WebhookDelivery> sendWebhookAsync(String callbackUrl, String appId, String oaSecretKey,
                                                               String eventJson) {
        return CompletableFuture.supplyAsync(() -> sendWebhook(callbackUrl, appId, oaSecretKey, eventJson),
                runnable -> Thread.ofVirtual().start(runnable));
    }

    /** Every webhook delivery made so far, with its attempts. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    public boolean isWebhookDisabled(String callbackUrl) {
        return webhooks.isDisabled(callbackUrl);
    }

    public void enableWebhook(String callbackUrl) {
        webhooks.enable(callbackUrl);
    }

    /** The ZNS delivery receipt event for a message the fake accepted. */
    public String znsReceivedEvent(String msgId, String oaId) {
        ZnsMessage message = znsMessage(msgId).orElseThrow(() -> new IllegalArgumentException("no ZNS " + msgId));
        return ZaloEvents.znsReceived(message.appId(), oaId, msgId, message.trackingId(), settings.clock().millis());
    }

    /** The webhook signature Zalo would compute, for tests of our receiver. */
    public static String webhookSignature(String appId, String rawBody, String timestamp, String secretKey) {
        return ZaloWebhookSender.signature(appId, rawBody, timestamp, secretKey);
    }

    // ---- routes --------------------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        router.get(INSPECTION_PREFIX + "articles", req -> Response.json(200, inspectArticles()));
        String v = "/" + settings.openApiVersion();
        router.post(settings.tokenPath(), this::tokenCall);
        router.post(v + "/article/create", req -> api(req, app -> createArticle(req, app)));
        router.post(v + "/article/verify", req -> api(req, app -> verifyArticle(req, app)));
        router.get(v + "/article/getdetail", req -> api(req, app -> articleDetail(req, app)));
        router.get(v + "/article/getslice", req -> api(req, app -> articleSlice(req, app)));
        router.post(v + "/article/remove", req -> api(req, app -> removeArticle(req, app)));
        router.post(v + "/oa/message", req -> api(req, app -> broadcast(req, app)));
        router.get(settings.quotaPath(), req -> api(req, this::quota));
        router.post(settings.znsPath(), req -> api(req, app -> sendZns(req, app)));
    }

    @Override
    protected Clock clock() {
        return settings.clock();
    }

    @Override
    protected Response notFound(Request request) {
        return Response.json(404, Map.of("error", -404, "message", "Not found: " + request.path()));
    }

    private interface AppAction {
        Response apply(String appId);
    }

    // ---- token endpoint ------------------------------------------------------------------------------------------

    /** Every answer of the token endpoint is given after the tokens are saved (a failed try may burn a token). */
    private Response tokenCall(Request req) {
        try {
            return token(req);
        } finally {
            saveTokens();
        }
    }

    private Response token(Request req) {
        String appId = req.formValue("app_id");
        String secret = appId == null ? null : tokens.secretOf(appId);
        if (secret == null) {
            return new ZaloError(ZaloError.APP_INVALID, "Invalid app_id").toResponse();
        }
        if (!Crypto.constantTimeEquals(secret, req.header("secret_key"))) {
            return new ZaloError(ZaloError.SECRET_KEY_INVALID, "Invalid secret key").toResponse();
        }
        String grantType = req.formValue("grant_type");
        ZaloTokens issued;
        if ("refresh_token".equals(grantType)) {
            issued = tokens.redeemRefreshToken(appId, req.formValue("refresh_token"));
            if (issued == null) {
                return ZaloError.refreshTokenInvalid().toResponse();
            }
        } else if ("authorization_code".equals(grantType)) {
            TokenStore.CodeCheck check = tokens.redeemCode(appId, req.formValue("code"),
                    req.formValue("code_verifier"));
            if (check == TokenStore.CodeCheck.INVALID_CODE) {
                return new ZaloError(ZaloError.AUTHORIZATION_CODE_INVALID, "Invalid authorization code").toResponse();
            }
            if (check == TokenStore.CodeCheck.INVALID_VERIFIER) {
                return new ZaloError(ZaloError.CODE_VERIFIER_INVALID, "Invalid code verifier").toResponse();
            }
            issued = tokens.issue(appId);
        } else {
            return new ZaloError(ZaloError.GRANT_TYPE_INVALID, "Invalid grant_type").toResponse();
        }
        ObjectNode body = Json.object();
        body.put("access_token", issued.accessToken());
        body.put("refresh_token", issued.refreshToken());
        if (settings.expiresInAsString()) {
            body.put("expires_in", Long.toString(issued.expiresInSeconds()));
        } else {
            body.put("expires_in", issued.expiresInSeconds());
        }
        return Response.json(200, body);
    }

    // ---- API calls -----------------------------------------------------------------------------------------------

    /** The token goes in the {@code access_token} HEADER; a query parameter is not looked at. */
    private Response api(Request req, AppAction action) {
        String token = req.header("access_token");
        TokenStore.AccessGrant grant = tokens.validAccessToken(token);
        if (grant == null) {
            return new ZaloError(settings.accessTokenErrorCode(), "Access token is invalid").toResponse();
        }
        String proof = req.header("appsecret_proof");
        if (proof != null || settings.requireAppSecretProof()) {
            String expected = Crypto.hmacSha256Hex(tokens.secretOf(grant.appId()),
                    token.getBytes(StandardCharsets.UTF_8));
            if (!Crypto.constantTimeEquals(expected, proof)) {
                return ZaloError.invalidParameter("appsecret_proof is invalid").toResponse();
            }
        }
        // The quota call is how an OA learns when its limit lifts, so it is never limited itself.
        if (!req.path().equals(settings.quotaPath())
                && limits.admitCall(grant.appId(), clock().instant()).isPresent()) {
            return ZaloError.callLimitReached().toResponse();
        }
        try {
            return action.apply(grant.appId());
        } catch (ResponseException e) {
            return e.response();
        }
    }

    private Response createArticle(Request req, String appId) {
        JsonNode body = jsonBody(req);
        String type = Json.text(body, "type");
        if (!"normal".equals(type)) {
            throw zalo(ZaloError.invalidParameter("type must be normal"));
        }
        requireLength(body, "title", settings.titleMax(), true);
        requireLength(body, "author", settings.authorMax(), false);
        requireLength(body, "description", settings.descriptionMax(), true);
        JsonNode cover = body.get("cover");
        if (cover == null || !"photo".equals(Json.text(cover, "cover_type"))
                || Json.text(cover, "photo_url") == null) {
            throw zalo(ZaloError.invalidParameter("cover is invalid"));
        }
        JsonNode items = body.get("body");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw zalo(ZaloError.invalidParameter("body is required"));
        }
        for (JsonNode item : items) {
            String itemType = Json.text(item, "type");
            if (itemType == null || !BODY_TYPES.contains(itemType)
                    || ("text".equals(itemType) && Json.text(item, "content") == null)
                    || (!"text".equals(itemType) && Json.text(item, "url") == null)) {
                throw zalo(ZaloError.invalidParameter("body item is invalid"));
            }
        }
        for (String field : List.of("status", "comment")) {
            String value = Json.text(body, field);
            if (value != null && !value.equals("show") && !value.equals("hide")) {
                throw zalo(ZaloError.invalidParameter(field + " must be show or hide"));
            }
        }
        ZaloArticle article = articles.create(appId, body, clock().instant(), settings.verifyNotReadyAnswers(),
                settings.verifyDelay());
        return success(Json.object().put("token", article.token()));
    }

    private Response verifyArticle(Request req, String appId) {
        String token = Json.text(jsonBody(req), "token");
        Optional<ZaloArticle> known = token == null ? Optional.empty() : articles.byToken(token);
        if (known.isEmpty() || !known.get().appId().equals(appId)) {
            throw zalo(ZaloError.invalidParameter("token is invalid"));
        }
        Optional<ZaloArticle> ready = articles.verify(token, clock().instant());
        if (ready.isEmpty()) {
            return new ZaloError(ZaloError.ARTICLE_PROCESSING, "Article is being processed").toResponse();
        }
        return success(Json.object().put(settings.articleIdField(), ready.get().id()));
    }

    private Response articleDetail(Request req, String appId) {
        String id = req.query("id");
        ZaloArticle article = articles.liveById(appId, id == null ? "" : id, clock().instant())
                .orElseThrow(() -> zalo(ZaloError.invalidParameter("Article not found")));
        ObjectNode data = Json.object();
        data.put("id", article.id());
        data.put("type", "normal");
        data.put("title", article.title());
        data.put("author", article.author());
        data.put("description", article.description());
        data.set("cover", article.request().get("cover"));
        data.set("body", article.request().get("body"));
        data.put("status", Optional.ofNullable(Json.text(article.request(), "status")).orElse("show"));
        data.put("comment", Optional.ofNullable(Json.text(article.request(), "comment")).orElse("show"));
        data.put("create_date", article.createdAt().toEpochMilli());
        data.put("update_date", article.createdAt().toEpochMilli());
        data.put("total_view", 0);
        data.put("total_share", 0);
        return success(data);
    }

    private Response articleSlice(Request req, String appId) {
        int offset = intQuery(req, "offset", 0);
        int limit = intQuery(req, "limit", 10);
        List<ZaloArticle> live = articles.listed(appId, clock().instant(), settings.listingLag());
        ObjectNode data = Json.object();
        ArrayNode medias = data.putArray("medias");
        live.stream().skip(offset).limit(limit).forEach(a -> medias.addObject()
                .put("id", a.id()).put("type", "normal").put("title", a.title())
                .put("status", "show").put("create_date", a.createdAt().toEpochMilli()));
        data.put("total", live.size());
        return success(data);
    }

    private Response removeArticle(Request req, String appId) {
        String id = Json.text(jsonBody(req), "id");
        if (id == null || !articles.remove(appId, id, clock().instant())) {
            throw zalo(ZaloError.invalidParameter("Article not found"));
        }
        return Response.json(200, Map.of("error", 0, "message", "Success"));
    }

    private Response broadcast(Request req, String appId) {
        JsonNode body = jsonBody(req);
        JsonNode target = body.path("recipient").get("target");
        JsonNode elements = body.path("message").path("attachment").path("payload").path("elements");
        if (target == null || !target.isObject()
                || !"template".equals(Json.text(body.path("message").path("attachment"), "type"))
                || !"media".equals(Json.text(body.path("message").path("attachment").path("payload"),
                "template_type"))
                || !elements.isArray() || elements.size() != 1
                || !"article".equals(Json.text(elements.get(0), "media_type"))) {
            throw zalo(ZaloError.invalidParameter("Broadcast message is invalid"));
        }
        String articleId = Json.text(elements.get(0), "attachment_id");
        if (articleId == null || articles.liveById(appId, articleId, clock().instant()).isEmpty()) {
            throw zalo(ZaloError.invalidParameter("attachment_id is not a published article"));
        }
        if (!limits.takeBroadcast(appId, clock().instant())) {
            throw zalo(new ZaloError(ZaloError.QUOTA_EXCEEDED, "Broadcast quota exceeded"));
        }
        String messageId = Crypto.randomHex(16);
        synchronized (this) {
            ZaloBroadcast sent = new ZaloBroadcast(messageId, appId, articleId, target, clock().instant());
            save(BROADCASTS_DIR, broadcasts.size(), sent);
            broadcasts.add(sent);
        }
        return success(Json.object().put("message_id", messageId));
    }

    /**
     * Response shape UNCONFIRMED upstream: the fake answers total and remaining broadcasts, and {@code reset_time}
     * (epoch ms) = when the OA may call again (end of a -32 burst or call window), else when the quota resets.
     */
    private Response quota(String appId) {
        Instant now = clock().instant();
        ObjectNode data = Json.object();
        data.put("type", "broadcast");
        data.put("total", settings.broadcastQuota());
        data.put("remain", limits.broadcastsLeft(appId, now));
        data.put("reset_time", limits.resetTime(appId, now).toEpochMilli());
        return success(data);
    }

    private Response sendZns(Request req, String appId) {
        JsonNode body = jsonBody(req);
        String phone = Json.text(body, "phone");
        if (phone == null || !phone.matches("84\\d{9}")) {
            throw zalo(new ZaloError(ZaloError.ZNS_PHONE_INVALID, "Phone number is invalid"));
        }
        String templateId = Json.text(body, "template_id");
        Set<String> required = templateId == null ? null : znsTemplates.get(templateId);
        if (required == null) {
            throw zalo(new ZaloError(ZaloError.ZNS_TEMPLATE_INVALID, "Template id is invalid"));
        }
        JsonNode data = body.get("template_data");
        if (data == null || !data.isObject() || !required.stream().allMatch(data::has)) {
            throw zalo(new ZaloError(ZaloError.ZNS_TEMPLATE_DATA_INVALID, "Template data is invalid"));
        }
        Instant now = clock().instant();
        String msgId = Crypto.randomHex(16);
        int sent;
        synchronized (this) {
            ZnsMessage message = new ZnsMessage(msgId, appId, phone, templateId, data, Json.text(body, "tracking_id"),
                    now);
            save(ZNS_DIR, znsMessages.size(), message);
            znsMessages.add(message);
            sent = (int) znsMessages.stream().filter(m -> m.appId().equals(appId)).count();
        }
        ObjectNode result = Json.object();
        result.put("msg_id", msgId);
        result.put("sent_time", Long.toString(now.toEpochMilli()));
        result.putObject("quota")
                .put("dailyQuota", Integer.toString(settings.znsDailyQuota()))
                .put("remainingQuota", Integer.toString(Math.max(0, settings.znsDailyQuota() - sent)));
        return success(result);
    }

    /**
     * {@code GET /_fake/articles}: every article ever created, in creation order. {@code oaId} is the app (one app is
     * one OA here), {@code status} {@code processing}, {@code live} or {@code removed}, {@code text} the body's
     * text items joined by new lines.
     */
    private ArrayNode inspectArticles() {
        Instant now = clock().instant();
        ArrayNode list = Json.array();
        for (ZaloArticle article : articles.all()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode item : article.request().path("body")) {
                if ("text".equals(Json.text(item, "type")) && Json.text(item, "content") != null) {
                    text.append(text.isEmpty() ? "" : "\n").append(Json.text(item, "content"));
                }
            }
            list.addObject()
                    .put("id", article.id())
                    .put("oaId", article.appId())
                    .put("title", article.title())
                    .put("status", article.removed() ? "removed" : article.processed(now) ? "live" : "processing")
                    .put("text", text.toString());
        }
        return list;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** Writes apps, tokens and codes to the state directory, if there is one (serialised: last snapshot wins). */
    private void saveTokens() {
        StateDirectory directory = state;
        if (directory != null) {
            synchronized (tokens) {
                directory.writeJson(TOKENS_FILE, tokens.saved());
            }
        }
    }

    /** Writes the {@code index}th record of an append-only list to the state directory, if there is one. */
    private void save(String dir, int index, Object record) {
        StateDirectory directory = state;
        if (directory != null) {
            directory.writeJson(dir + "/" + StateDirectory.numbered(index, "json"), record);
        }
    }

    private void requireApp(String appId) {
        if (tokens.secretOf(appId) == null) {
            throw new IllegalArgumentException("app " + appId + " not registered");
        }
    }

    private static JsonNode jsonBody(Request req) {
        JsonNode body = req.json();
        if (body == null || !body.isObject()) {
            throw zalo(ZaloError.invalidParameter("Body must be a JSON object"));
        }
        return body;
    }

    private static void requireLength(JsonNode body, String field, int max, boolean required) {
        String value = Json.text(body, field);
        boolean missing = value == null || value.isBlank();
        boolean tooLong = value != null && value.codePointCount(0, value.length()) > max;
        if ((missing && required) || tooLong) {
            throw zalo(ZaloError.invalidParameter(field + " is required and at most " + max + " characters"));
        }
    }

    private static int intQuery(Request req, String name, int fallback) {
        try {
            return req.query(name) == null ? fallback : Math.max(0, Integer.parseInt(req.query(name)));
        } catch (NumberFormatException e) {
            throw zalo(ZaloError.invalidParameter(name + " must be a number"));
        }
    }

    private static Response success(JsonNode data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", 0);
        body.put("message", "Success");
        body.put("data", data);
        return Response.json(200, body);
    }

    private static ResponseException zalo(ZaloError error) {
        return new ResponseException(error.toResponse());
    }
}
