package vn.govcomm.fakes.facebook;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.ResponseException;
import vn.govcomm.fakes.http.Router;
import vn.govcomm.fakes.state.StateDirectory;

/**
 * Fake of the Facebook Graph API for Page publishing: feed and photo posts, read-back, the feed and scheduled_posts
 * edges (to find a post after a timeout), delete, Page tokens, Graph's error envelope, usage headers that climb with
 * the calls of the minute, and webhooks towards our callback. See {@code /work/shared/channels/facebook.md}.
 * <p>
 * Two budgets, as the channel notes say ("Rate limits"): a call with a Page access token counts against that Page's
 * Business Use Case budget only ({@code X-Page-Usage}, {@code X-Business-Use-Case-Usage}); a call with an app or user
 * token against the app's Platform budget only ({@code X-App-Usage}, code 4 beyond it).
 */
public final class FakeFacebookGraph extends FakeHttpServer<FakeFacebookGraph> {

    private static final String APP_KEY = "__app__";
    private static final String PAGES_FILE = "pages.json";
    private static final String POSTS_DIR = "posts";
    private static final Set<String> PAGE_FIELDS = Set.of("id", "name", "link");

    private final FacebookSettings settings = new FacebookSettings();
    private final Map<String, FacebookPage> pages = new ConcurrentHashMap<>();
    /** Token → the Page found for it last (checked against the Page's token at every use). */
    private final Map<String, String> pageByToken = new ConcurrentHashMap<>();
    private final Set<String> appTokens = ConcurrentHashMap.newKeySet();
    private final PostStore store = new PostStore();
    private final UsageMeter usage = new UsageMeter();
    private final FacebookWebhooks webhooks = new FacebookWebhooks(settings);
    private volatile StateDirectory state; // null: in memory only

    public FakeFacebookGraph() {
        super("fake-facebook-graph");
    }

    // ---- scripting API -------------------------------------------------------------------------------------------

    public FacebookSettings settings() {
        return settings;
    }

    /**
     * Keeps the Pages and every post under {@code directory} and loads what an earlier instance kept there: each
     * change is written before the call that made it is answered, so a new fake on the same directory (after a
     * crash) still has every post it confirmed, and post ids continue without reuse. Settings, faults, usage and
     * webhooks are not kept. Call it on a new fake, before registering Pages or starting it.
     */
    public synchronized FakeFacebookGraph persistTo(Path directory) {
        if (state != null || !pages.isEmpty() || !store.all().isEmpty()) {
            throw new IllegalStateException("persistTo must be called once, on a new fake");
        }
        StateDirectory loaded = new StateDirectory(directory);
        loaded.readJson(PAGES_FILE, FacebookPage.Saved[].class).ifPresent(saved -> {
            for (FacebookPage.Saved page : saved) {
                pages.put(page.id(), FacebookPage.restore(page));
            }
        });
        store.restore(loaded.readAllJson(POSTS_DIR, FacebookPost.class));
        store.onChange(post -> loaded.writeJson(POSTS_DIR + "/" + post.postNumber() + ".json", post));
        state = loaded;
        return this;
    }

    /** Registers a Page whose Page access token is {@code pageToken}, with all publishing permissions. */
    public FakeFacebookGraph registerPage(String pageId, String pageToken) {
        return registerPage(pageId, "Page " + pageId, pageToken);
    }

    /**
     * Registers a Page with all publishing permissions. The same Page with the same name and token again (e.g. at
     * every start on a state directory) changes nothing: its posts, token state and permissions stay as they are.
     */
    public FakeFacebookGraph registerPage(String pageId, String name, String pageToken) {
        return registerPages(List.of(new PageRegistration(pageId, name, pageToken)));
    }

    /** A Page to register: its id, name and Page access token. */
    public record PageRegistration(String pageId, String name, String pageToken) {
    }

    /**
     * {@link #registerPage} for many Pages, with the state directory written once for all of them (a benchmark's
     * thousands of Pages at every start: one write each would rewrite every Page each time, quadratic).
     */
    public FakeFacebookGraph registerPages(java.util.Collection<PageRegistration> registrations) {
        synchronized (pages) {
            boolean changed = false;
            for (PageRegistration page : registrations) {
                FacebookPage known = pages.get(page.pageId());
                // Known before the first call: a search of every Page at each Page's first call is quadratic in a
                // benchmark's 10,000 Pages (seen in its profile). authenticate still checks the Page holds the token.
                pageByToken.put(page.pageToken(), page.pageId());
                if (known == null || !known.name().equals(page.name()) || !known.token().equals(page.pageToken())) {
                    pages.put(page.pageId(), new FacebookPage(page.pageId(), page.name(), page.pageToken()));
                    changed = true;
                }
            }
            if (changed) {
                savePages();
            }
        }
        return this;
    }

    /**
     * Registers an app access token or a user access token (not kept in the state directory). Its calls count against
     * the app's Platform budget ({@code appCallsPerMinute}, {@code X-App-Usage}, code 4 beyond it), never a Page's;
     * every route of this fake is Page publishing, so they are then answered with code 210 ("A page access token is
     * required"), as Graph answers a Page's edges called without a Page token.
     */
    public FakeFacebookGraph registerAppToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token required");
        }
        appTokens.add(token);
        return this;
    }

    /** Replaces the Page's token; the old one becomes unknown (190). */
    public void rotatePageToken(String pageId, String newToken) {
        changePage(pageId, page -> page.token(newToken));
    }

    /** The Page's token now fails with 190 and this subcode (458, 459, 460, 463...). */
    public void invalidateToken(String pageId, int subcode) {
        changePage(pageId, page -> page.invalidateToken(subcode));
    }

    /** Shorthand for an expired token: 190 / 463. */
    public void expireToken(String pageId) {
        invalidateToken(pageId, 463);
    }

    /** e.g. {@code revokePermissions(page, "pages_manage_posts")} makes publishing fail with 200. */
    public void revokePermissions(String pageId, String... permissions) {
        changePage(pageId, page -> page.revoke(permissions));
    }

    public void grantPermissions(String pageId, String... permissions) {
        changePage(pageId, page -> page.grant(permissions));
    }

    /**
     * A visitor (a Facebook user, {@code visitorId} being their page-scoped id) posts {@code message} on the Page's
     * feed, as people do on a Page whose visitor posts are open. The post is published at once, listed on the Page's
     * {@code feed} edge (not on {@code published_posts} / {@code scheduled_posts}), and its {@code from} is the
     * visitor. Graph lets no app post as a user on a Page, so this is a scripting hook, not an endpoint. Anyone can
     * copy text into such a post, e.g. another delivery's {@code #dlv-...} marker.
     */
    public FacebookPost postAsVisitor(String pageId, String visitorId, String visitorName, String message) {
        page(pageId);
        if (visitorId == null || visitorId.isBlank() || visitorId.equals(pageId)) {
            throw new IllegalArgumentException("a visitor needs its own id, not the Page's");
        }
        return store.create(pageId, visitorId, visitorName, message, null, null, true, null, clock().instant(), true);
    }

    /** Every post the Page received, deleted ones included, in creation order. */
    public List<FacebookPost> posts(String pageId) {
        return store.ofPage(pageId);
    }

    public Optional<FacebookPost> post(String postId) {
        return store.byId(postId);
    }

    public List<FacebookPost> allPosts() {
        return store.all();
    }

    /** Fails the next {@code times} calls with this error (the call has no effect). */
    public void failNextCalls(int times, FacebookError error) {
        faults().failNext(times, error.asFault());
    }

    /** Starts a fresh usage window for every Page and the app, and lifts every throttle. */
    public void resetUsage() {
        usage.reset();
    }

    /**
     * Throttles the Page for {@code regain} from now, as Facebook does when a business goes over its usage: every
     * call of the Page is refused with the Page rate-limit code ({@code pageRateLimitCode}, 32 by default,
     * {@code is_transient=true}) and usage headers at 100 % that announce the time left in
     * {@code estimated_time_to_regain_access}.
     */
    public void throttlePage(String pageId, Duration regain) {
        page(pageId);
        usage.block(pageId, clock().instant().plus(regain));
    }

    /**
     * Throttles the app's Platform budget for {@code regain}: every call with an app or user token is refused with
     * code 4 (application request limit). Calls with a Page token are not affected (they are under the Page's BUC
     * budget, see {@link #throttlePage}).
     */
    public void throttleApp(Duration regain) {
        usage.block(APP_KEY, clock().instant().plus(regain));
    }

    /**
     * The Page's next {@code times} calls (its feed, photos, edges and posts; not other Pages') fail with
     * {@code error} and have no effect: a burst of errors, e.g. {@code FacebookError.service()} to open a breaker.
     */
    public void failPageCalls(String pageId, int times, FacebookError error) {
        faults().failNext(times, null, pagePaths(pageId), error.asFault());
    }

    /** Every call of the Page is handled, then answered only after {@code delay} (a slow Page), until faults are cleared. */
    public void slowPage(String pageId, Duration delay) {
        faults().always(null, pagePaths(pageId), vn.govcomm.fakes.http.Fault.delay(delay));
    }

    /** Path regex of a Page's calls: {@code /{v}/{page}...} and {@code /{v}/{page}_{post}}. */
    public String pagePaths(String pageId) {
        return "/" + Pattern.quote(settings.version()) + "/" + Pattern.quote(pageId) + "(_[0-9]+)?(/.*)?";
    }

    /** The Page's own posts that are live (not deleted), in creation order. */
    public List<FacebookPost> livePosts(String pageId) {
        return store.ofPage(pageId).stream().filter(p -> p.byPage() && !p.deleted()).toList();
    }

    /** Performs the subscription handshake against our callback, as Facebook does when a webhook is configured. */
    public HandshakeResult verifyHandshake(String callbackUrl, String verifyToken) {
        return webhooks.verifyHandshake(callbackUrl, verifyToken);
    }

    /** POSTs a signed event ({@code X-Hub-Signature-256}) and returns the callback's status (-1 = no answer). */
    public int sendWebhook(String callbackUrl, String appSecret, String jsonBody) {
        return webhooks.send(callbackUrl, appSecret, jsonBody);
    }

    /** POSTs with a signature header chosen by the test ({@code null} = none), to test rejection. */
    public int sendWebhookWithSignature(String callbackUrl, String signature256Header, String jsonBody) {
        return webhooks.sendWithSignature(callbackUrl, signature256Header, jsonBody);
    }

    public List<SentWebhook> sentWebhooks() {
        return webhooks.sent();
    }

    /**
     * A Page feed-change event body, for {@link #sendWebhook}; its {@code from} is the post's author (the Page, or
     * the visitor who wrote it).
     */
    public String feedChangeEvent(String postId, String verb) {
        FacebookPost post = store.byId(postId).orElseThrow(() -> new IllegalArgumentException("no post " + postId));
        return FacebookWebhooks.feedChange(post.pageId(), post.fromId(), post.fromName(), postId, verb, post.message(),
                clock().instant());
    }

    // ---- routes --------------------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        router.get(INSPECTION_PREFIX + "posts", req -> Response.json(200, inspectPosts()));
        String v = "/" + settings.version();
        router.post(v + "/{id}/feed", req -> call(req, ctx -> publish(req, ctx, false)));
        router.post(v + "/{id}/photos", req -> call(req, ctx -> publish(req, ctx, true)));
        router.get(v + "/{id}/feed", req -> call(req, ctx -> list(req, ctx, "feed")));
        router.get(v + "/{id}/published_posts", req -> call(req, ctx -> list(req, ctx, "published_posts")));
        router.get(v + "/{id}/scheduled_posts", req -> call(req, ctx -> list(req, ctx, "scheduled_posts")));
        router.get(v + "/{id}", req -> call(req, ctx -> read(req, ctx)));
        router.delete(v + "/{id}", req -> call(req, ctx -> delete(req, ctx)));
    }

    @Override
    protected Clock clock() {
        return settings.clock();
    }

    @Override
    protected Response notFound(Request request) {
        String path = request.path().replaceFirst("^/" + Pattern.quote(settings.version()), "");
        return new FacebookError(2500, null, FacebookError.OAUTH, "Unknown path components: " + path, "", "", false,
                400).toResponse();
    }

    /** The authenticated Page of a call and the time of the call. */
    private record Ctx(FacebookPage page, Instant now) {
    }

    /**
     * Authentication, usage accounting and rate limiting around every Graph call: a Page token's call is counted on
     * its Page's BUC budget, an app or user token's on the app's Platform budget; a call whose token is missing or
     * invalid on neither.
     */
    private Response call(Request req, Function<Ctx, Response> action) {
        Instant now = clock().instant();
        Response response;
        try {
            String token = token(req);
            if (appTokens.contains(token)) {
                return platformCall(now);
            }
            FacebookPage page = authenticate(token);
            UsageMeter.Usage pageUsage = usage.hit(page.id(), settings.pageCallsPerMinute(), now,
                    settings.usageWindow(), settings.rateLimitPenalty());
            try {
                if (settings.enforceRateLimits() && pageUsage.overBudget()) {
                    throw new ResponseException(FacebookError.rateLimit(settings.pageRateLimitCode()).toResponse());
                }
                response = action.apply(new Ctx(page, now));
            } catch (ResponseException e) {
                response = e.response();
            }
            return response.withHeaders(pageUsageHeaders(page, pageUsage));
        } catch (ResponseException e) {
            return e.response();
        }
    }

    /** A call with an app or user token: the app's Platform budget, then 210 (every route here needs a Page token). */
    private Response platformCall(Instant now) {
        UsageMeter.Usage app = usage.hit(APP_KEY, settings.appCallsPerMinute(), now, settings.usageWindow(),
                settings.rateLimitPenalty());
        FacebookError error = settings.enforceRateLimits() && app.overBudget() ? FacebookError.rateLimit(4)
                : FacebookError.of(210, "(#210) A page access token is required to request this resource.");
        Map<String, String> headers = new LinkedHashMap<>();
        if (app.calls() >= settings.usageHeadersAfterCalls() || app.overBudget()) {
            ObjectNode appNode = usageObject(app);
            if (app.overBudget()) {
                appNode.put("estimated_time_to_regain_access", app.timeToRegain(settings.regainAccessUnit()));
            }
            headers.put("X-App-Usage", Json.write(appNode));
        }
        return error.toResponse().withHeaders(headers);
    }

    private String token(Request req) {
        String token = req.param("access_token");
        String authorization = req.header("Authorization");
        if (token == null && authorization != null) {
            token = authorization.replaceFirst("(?i)^(Bearer|OAuth)\\s+", "").trim();
        }
        if (token == null || token.isBlank()) {
            throw new ResponseException(FacebookError.missingToken(settings.missingTokenCode()).toResponse());
        }
        return token;
    }

    private FacebookPage authenticate(String presented) {
        // The Page that last presented this token, if it still holds it; else a search of every Page (a new or
        // rotated token, or an invalid one): a look-up per call, not a scan of thousands of Pages.
        FacebookPage known = pages.get(pageByToken.getOrDefault(presented, ""));
        FacebookPage page = known != null && presented.equals(known.token()) ? known
                : pages.values().stream().filter(p -> presented.equals(p.token())).findFirst()
                .orElseThrow(() -> new ResponseException(FacebookError.invalidToken(null).toResponse()));
        if (page != known) {
            pageByToken.put(presented, page.id());
        }
        if (page.tokenFailureSubcode() != null) {
            throw new ResponseException(FacebookError.invalidToken(page.tokenFailureSubcode()).toResponse());
        }
        return page;
    }

    /** The Page's BUC usage, in X-Page-Usage and X-Business-Use-Case-Usage (keyed by the Page id). */
    private Map<String, String> pageUsageHeaders(FacebookPage page, UsageMeter.Usage pageUsage) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (pageUsage.calls() >= settings.usageHeadersAfterCalls() || pageUsage.overBudget()) {
            ObjectNode entry = usageObject(pageUsage);
            entry.put("estimated_time_to_regain_access", pageUsage.timeToRegain(settings.regainAccessUnit()));
            headers.put("X-Page-Usage", Json.write(entry));
            ObjectNode buc = Json.object();
            ArrayNode list = buc.putArray(page.id());
            list.addObject().put("type", "pages").setAll(entry.deepCopy());
            headers.put("X-Business-Use-Case-Usage", Json.write(buc));
        }
        return headers;
    }

    private static ObjectNode usageObject(UsageMeter.Usage usage) {
        ObjectNode node = Json.object();
        node.put("call_count", usage.percent());
        node.put("total_cputime", usage.cpuPercent());
        node.put("total_time", usage.timePercent());
        return node;
    }

    // ---- handlers ------------------------------------------------------------------------------------------------

    private Response publish(Request req, Ctx ctx, boolean photo) {
        String pageId = req.pathVar("id");
        requireWritablePage(ctx, pageId, "post");
        String message = blankToNull(photo && req.param("caption") != null ? req.param("caption") : req.param("message"));
        String link = blankToNull(req.param("link"));
        String url = blankToNull(req.param("url"));
        boolean published = bool(req.param("published"), "published");
        Instant scheduled = scheduledTime(req.param("scheduled_publish_time"), published, ctx.now());
        if (photo && url == null) {
            throw graph(FacebookError.of(324, "(#324) Requires upload file"));
        }
        if (!photo && message == null && link == null) {
            throw graph(FacebookError.invalidParameter("The parameter message or link is required"));
        }
        // Graph refuses a feed post whose message repeats a live post of the Page (506); photo captions are exempt.
        FacebookPost post = store.create(pageId, ctx.page().id(), ctx.page().name(), message, photo ? null : link, url,
                published, scheduled, ctx.now(), !photo);
        ObjectNode body = Json.object();
        if (photo) {
            body.put("id", post.photoId());
            body.put("post_id", post.id());
        } else {
            body.put("id", post.id());
        }
        return Response.json(200, body);
    }

    private Response read(Request req, Ctx ctx) {
        String id = req.pathVar("id");
        if (id.equals("me") || id.equals(ctx.page().id())) {
            requireReadable(ctx);
            Set<String> fields = PostFields.requested(req.query("fields"), List.of("name", "id"), PAGE_FIELDS, "Page");
            ObjectNode node = Json.object();
            fields.forEach(f -> node.put(f, switch (f) {
                case "id" -> ctx.page().id();
                case "name" -> ctx.page().name();
                default -> settings.permalinkBase() + "/" + ctx.page().id();
            }));
            return Response.json(200, node);
        }
        Optional<FacebookPost> post = store.byId(id);
        if (post.isPresent()) {
            FacebookPost found = visible(post.get(), ctx, "get", id);
            if (ctx.now().isBefore(found.createdTime().plus(settings.readVisibilityLag()))) {
                throw graph(FacebookError.noSuchObject("get", id)); // not readable yet (eventual consistency)
            }
            requireReadable(ctx);
            Set<String> fields = PostFields.requested(req.query("fields"), PostFields.DEFAULT, PostFields.KNOWN,
                    "PagePost");
            return Response.json(200,
                    PostFields.render(found, fields, ctx.now(), settings.permalinkBase()));
        }
        Optional<FacebookPost> photo = store.byPhotoId(id);
        if (photo.isPresent()) {
            FacebookPost found = visible(photo.get(), ctx, "get", id);
            requireReadable(ctx);
            return Response.json(200, photoNode(found, req.query("fields")));
        }
        throw graph(FacebookError.noSuchObject("get", id));
    }

    private Response delete(Request req, Ctx ctx) {
        String id = req.pathVar("id");
        FacebookPost post = store.byId(id).or(() -> store.byPhotoId(id))
                .orElseThrow(() -> graph(FacebookError.noSuchObject("delete", id)));
        if (post.deleted()) {
            throw graph(FacebookError.noSuchObject("delete", id));
        }
        if (!post.pageId().equals(ctx.page().id())) {
            throw graph(FacebookError.permission("Permissions error"));
        }
        if (!ctx.page().has("pages_manage_posts")) {
            throw graph(FacebookError.permission("Permissions error"));
        }
        store.delete(post.id(), ctx.now());
        return Response.json(200, Map.of("success", true));
    }

    private Response list(Request req, Ctx ctx, String edge) {
        String pageId = req.pathVar("id");
        if (!pages.containsKey(pageId) || !pageId.equals(ctx.page().id())) {
            throw graph(FacebookError.noSuchObject("get", pageId));
        }
        requireReadable(ctx);
        Set<String> fields = PostFields.requested(req.query("fields"), PostFields.DEFAULT, PostFields.KNOWN,
                "PagePost");
        // feed: everything on the Page's feed, visitors' posts included (Graph: "posts and links published by this
        // Page, visitors to this Page, ..."); published_posts and scheduled_posts: the Page's own posts only.
        List<FacebookPost> posts = store.newestFirst(pageId).stream()
                .filter(p -> edge.equals("feed") || p.byPage())
                // Edges are eventually consistent: a new post shows only after the configured lag.
                .filter(p -> !ctx.now().isBefore(p.createdTime().plus(settings.feedVisibilityLag())))
                .filter(p -> edge.equals("scheduled_posts") ? p.isScheduled(ctx.now()) : p.isPublished(ctx.now()))
                .toList();
        int limit = intParam(req.query("limit"), 25, "limit");
        int offset = req.query("after") == null ? 0 : decodeCursor(req.query("after"));
        ObjectNode body = Json.object();
        ArrayNode data = body.putArray("data");
        List<FacebookPost> page = posts.subList(Math.min(offset, posts.size()),
                Math.min(offset + limit, posts.size()));
        page.forEach(p -> data.add(PostFields.render(p, fields, ctx.now(), settings.permalinkBase())));
        if (!page.isEmpty()) {
            ObjectNode paging = body.putObject("paging");
            paging.putObject("cursors").put("before", cursor(offset)).put("after", cursor(offset + page.size()));
            if (offset + page.size() < posts.size()) {
                paging.put("next", baseUrl() + req.path() + "?" + (req.query("fields") == null ? ""
                        : "fields=" + req.query("fields") + "&") + "limit=" + limit + "&after="
                        + cursor(offset + page.size()));
            }
        }
        return Response.json(200, body);
    }

    /** {@code GET /_fake/posts}: every post ever made, deleted ones included, in creation order. */
    private ArrayNode inspectPosts() {
        ArrayNode posts = Json.array();
        store.all().stream().sorted(Comparator.comparing(p -> Long.parseLong(p.postNumber()))).forEach(p -> {
            ObjectNode node = posts.addObject();
            node.put("id", p.id());
            node.put("pageId", p.pageId());
            node.put("message", p.message());
            node.put("deleted", p.deleted());
            node.put("createdTime", p.createdTime().toString());
        });
        return posts;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void changePage(String pageId, java.util.function.Consumer<FacebookPage> change) {
        synchronized (pages) {
            change.accept(page(pageId));
            savePages();
        }
    }

    /** Writes every Page (changed only by scripting) to the state directory, if there is one. */
    private void savePages() {
        StateDirectory directory = state;
        if (directory != null) {
            directory.writeJson(PAGES_FILE, pages.values().stream().map(FacebookPage::saved)
                    .sorted(Comparator.comparing(FacebookPage.Saved::id)).toList());
        }
    }

    private void requireWritablePage(Ctx ctx, String pageId, String verb) {
        if (!pages.containsKey(pageId)) {
            throw graph(FacebookError.noSuchObject(verb, pageId));
        }
        if (!pageId.equals(ctx.page().id()) || !ctx.page().has("pages_manage_posts")
                || !ctx.page().has("pages_read_engagement")) {
            throw graph(FacebookError.permission("If posting to a page, requires both pages_read_engagement and"
                    + " pages_manage_posts as an admin with sufficient administrative permission"));
        }
    }

    private static void requireReadable(Ctx ctx) {
        if (!ctx.page().has("pages_read_engagement")) {
            throw graph(FacebookError.of(10, "(#10) This endpoint requires the 'pages_read_engagement' permission or"
                    + " the 'Page Public Content Access' feature."));
        }
    }

    /** Deleted posts and posts of other Pages look like missing objects, as in Graph. */
    private static FacebookPost visible(FacebookPost post, Ctx ctx, String verb, String id) {
        if (post.deleted() || !post.pageId().equals(ctx.page().id())) {
            throw graph(FacebookError.noSuchObject(verb, id));
        }
        return post;
    }

    private ObjectNode photoNode(FacebookPost post, String fieldsParam) {
        Set<String> fields = PostFields.requested(fieldsParam, List.of("created_time", "name", "id"),
                Set.of("id", "name", "created_time", "link", "page_story_id", "images"), "Photo");
        ObjectNode node = Json.object();
        for (String field : fields) {
            switch (field) {
                case "id" -> node.put("id", post.photoId());
                case "name" -> {
                    if (post.message() != null) {
                        node.put("name", post.message());
                    }
                }
                case "created_time" -> node.put("created_time", GraphTime.format(post.createdTime()));
                case "link" -> node.put("link", settings.permalinkBase() + "/photo/?fbid=" + post.photoId());
                case "page_story_id" -> node.put("page_story_id", post.id());
                default -> node.putArray("images").addObject().put("source", post.photoUrl());
            }
        }
        return node;
    }

    private Instant scheduledTime(String value, boolean published, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (published) {
            throw graph(FacebookError.invalidParameter(
                    "You cannot specify a scheduled publish time on a published post"));
        }
        Instant scheduled = GraphTime.parse(value);
        if (scheduled == null) {
            throw graph(FacebookError.invalidParameter("The specified scheduled publish time is invalid."));
        }
        Duration lead = Duration.between(now, scheduled);
        if (lead.compareTo(settings.minScheduleLead()) < 0 || lead.compareTo(settings.maxScheduleLead()) > 0) {
            throw graph(FacebookError.invalidParameter("The specified scheduled publish time is invalid."));
        }
        return scheduled;
    }

    private FacebookPage page(String pageId) {
        FacebookPage page = pages.get(pageId);
        if (page == null) {
            throw new IllegalArgumentException("page " + pageId + " not registered");
        }
        return page;
    }

    private static boolean bool(String value, String name) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.trim().toLowerCase()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw graph(FacebookError.invalidParameter("Param " + name + " must be a boolean"));
        };
    }

    private static int intParam(String value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return Math.min(parsed, 100);
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw graph(FacebookError.invalidParameter("Param " + name + " must be a positive integer"));
    }

    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return Integer.parseInt(text.substring("offset:".length()));
        } catch (RuntimeException e) {
            throw graph(FacebookError.invalidParameter("Invalid cursor"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ResponseException graph(FacebookError error) {
        return new ResponseException(error.toResponse());
    }
}
