package vn.govcomm.fakes.wordpress;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.http.Handler;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.Router;

/**
 * Fake of the WordPress REST API posts endpoint of an agency portal, authenticated with Application Passwords over
 * Basic auth. Answers 201 with the post, WordPress's error JSON, and the authentication rejections of core WordPress.
 * Real-world trouble: maintenance mode (503 with {@code Retry-After: 600}, as core's {@code wp_maintenance()}),
 * rate limits with Retry-After ({@link WordPressError#asFault(Duration)}; core has none, hosts and security plugins
 * do), and slow saves ({@link #holdSaves()}: a create is received but its post exists only once released, so an
 * impatient client times out and a look-up right after still misses it).
 * See {@code /work/shared/channels/portal-feeds.md}.
 */
public final class FakeWordPress extends FakeHttpServer<FakeWordPress> {

    private static final String API = "/wp-json/wp/v2";
    private static final DateTimeFormatter WP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final Set<String> PUBLISHING = Set.of("publish", "future", "private");

    private record User(int id, String username, String password, WordPressRole role) {
    }

    private final WordPressSettings settings = new WordPressSettings();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final AtomicInteger nextUserId = new AtomicInteger(1);
    private final PostRepository posts = new PostRepository();
    private volatile Duration maintenance;
    private volatile CountDownLatch heldSaves;

    public FakeWordPress() {
        super("fake-wordpress");
    }

    // ---- scripting API -------------------------------------------------------------------------------------------

    public WordPressSettings settings() {
        return settings;
    }

    /** An editor with this application password (spaces as WordPress displays it are fine); returns the user id. */
    public int addUser(String username, String applicationPassword) {
        return addUser(username, applicationPassword, WordPressRole.EDITOR);
    }

    public int addUser(String username, String applicationPassword, WordPressRole role) {
        int id = nextUserId.getAndIncrement();
        users.put(username, new User(id, username, normalise(applicationPassword), role));
        return id;
    }

    /** The user's application password stops working (incorrect_password). */
    public void revokeApplicationPassword(String username) {
        users.computeIfPresent(username, (k, u) -> new User(u.id(), u.username(), Crypto.randomToken(24), u.role()));
    }

    /** Maintenance mode: every request answers 503 with {@code Retry-After} (core sends 600 s) and changes nothing. */
    public void startMaintenance(Duration retryAfter) {
        maintenance = retryAfter;
    }

    public void endMaintenance() {
        maintenance = null;
    }

    /** Slow saves: creates received from now on wait (post not saved yet) until {@link #releaseSaves()}. */
    public synchronized void holdSaves() {
        if (heldSaves == null || heldSaves.getCount() == 0) {
            heldSaves = new CountDownLatch(1);
        }
    }

    /** The held creates are saved (and answered, if their client still waits). */
    public synchronized void releaseSaves() {
        if (heldSaves != null) {
            heldSaves.countDown();
        }
    }

    public List<WordPressPost> posts() {
        return posts.all();
    }

    public Optional<WordPressPost> post(int id) {
        return posts.byId(id);
    }

    // ---- routes --------------------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        router.post(API + "/posts", unlessInMaintenance(this::create));
        router.get(API + "/posts", unlessInMaintenance(this::list));
        router.get(API + "/posts/{id}", unlessInMaintenance(this::read));
        router.post(API + "/posts/{id}", unlessInMaintenance(this::update));
        router.put(API + "/posts/{id}", unlessInMaintenance(this::update));
        router.delete(API + "/posts/{id}", unlessInMaintenance(this::delete));
        router.get(API + "/users/me", unlessInMaintenance(this::me));
    }

    /** What {@code wp_maintenance()} answers while a {@code .maintenance} file exists: an HTML 503, nothing done. */
    private Handler unlessInMaintenance(Handler handler) {
        return req -> {
            Duration retryAfter = maintenance;
            if (retryAfter == null) {
                return handler.handle(req);
            }
            return Response.of(503, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Maintenance"
                    + "</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute."
                    + "</h1></body></html>").withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
        };
    }

    @Override
    protected Clock clock() {
        return settings.clock();
    }

    @Override
    protected Response notFound(Request request) {
        return WordPressError.noRoute().toResponse();
    }

    // ---- auth ----------------------------------------------------------------------------------------------------

    /** The Basic-authenticated user, {@code null} when anonymous; bad credentials answer 401 at once. */
    private User authenticate(Request req) {
        String header = req.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw WordPressError.invalidUsername().exception();
        }
        int colon = decoded.indexOf(':');
        String username = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        User user = users.get(username);
        if (user == null) {
            throw WordPressError.invalidUsername().exception();
        }
        if (!Crypto.constantTimeEquals(user.password(), normalise(password))) {
            throw WordPressError.incorrectPassword().exception();
        }
        return user;
    }

    /** WordPress compares application passwords with everything but letters and digits removed. */
    private static String normalise(String password) {
        return password.replaceAll("[^A-Za-z0-9]", "");
    }

    // ---- handlers ------------------------------------------------------------------------------------------------

    private Response create(Request req) {
        User user = authenticate(req);
        if (user == null) {
            throw WordPressError.cannotCreate().exception();
        }
        PostInput input = PostInput.from(req, settings.siteZone());
        String requested = input.status() == null ? "draft" : input.status();
        requirePublishRight(user, requested);
        if (blank(input.title()) && blank(input.content()) && blank(input.excerpt())) {
            throw WordPressError.of(400, "empty_content", "Content, title, and excerpt are empty.").exception();
        }
        awaitSave();
        Instant now = clock().instant();
        Instant date = input.date() == null ? now : input.date();
        String status = scheduledStatus(requested, date, now);
        WordPressPost post = posts.insert(id -> new WordPressPost(id,
                slugFor(input.slug(), input.title(), status, id), status, orEmpty(input.title()),
                orEmpty(input.content()), orEmpty(input.excerpt()), date, now, user.id(),
                input.categories() == null || input.categories().isEmpty() ? List.of(1) : input.categories(),
                input.tags() == null ? List.of() : input.tags()));
        return Response.json(201, render(post))
                .withHeader("Location", baseUrl() + API + "/posts/" + post.id());
    }

    private Response update(Request req) {
        User user = authenticate(req);
        WordPressPost existing = posts.byId(intId(req)).orElseThrow(() -> WordPressError.invalidPostId().exception());
        if (user == null) {
            throw WordPressError.of(401, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.")
                    .exception();
        }
        PostInput input = PostInput.from(req, settings.siteZone());
        String requested = input.status() == null ? existing.status() : input.status();
        requirePublishRight(user, requested);
        Instant now = clock().instant();
        Instant date = input.date() == null ? existing.dateGmt() : input.date();
        String status = scheduledStatus(requested, date, now);
        String title = input.title() == null ? existing.title() : input.title();
        String slug = input.slug() != null || existing.slug().isEmpty()
                ? slugFor(input.slug(), title, status, existing.id())
                : existing.slug();
        WordPressPost updated = posts.save(new WordPressPost(existing.id(), slug, status, title,
                input.content() == null ? existing.content() : input.content(),
                input.excerpt() == null ? existing.excerpt() : input.excerpt(), date, now, existing.authorId(),
                input.categories() == null ? existing.categories() : input.categories(),
                input.tags() == null ? existing.tags() : input.tags()));
        return Response.json(200, render(updated));
    }

    private Response read(Request req) {
        User user = authenticate(req);
        WordPressPost post = posts.byId(intId(req)).orElseThrow(() -> WordPressError.invalidPostId().exception());
        if (user == null && !"publish".equals(post.statusAt(clock().instant()))) {
            throw WordPressError.of(401, "rest_forbidden", "Sorry, you are not allowed to do that.").exception();
        }
        return Response.json(200, render(post));
    }

    private Response delete(Request req) {
        User user = authenticate(req);
        if (user == null) {
            throw WordPressError.of(401, "rest_cannot_delete", "Sorry, you are not allowed to delete this post.")
                    .exception();
        }
        int id = intId(req);
        WordPressPost post = posts.byId(id).orElseThrow(() -> WordPressError.invalidPostId().exception());
        if ("true".equals(req.query("force")) || "1".equals(req.query("force"))) {
            ObjectNode previous = render(post);
            posts.remove(id);
            ObjectNode body = Json.object();
            body.put("deleted", true);
            body.set("previous", previous);
            return Response.json(200, body);
        }
        if ("trash".equals(post.status())) {
            throw WordPressError.of(410, "rest_already_trashed", "The post has already been deleted.").exception();
        }
        return Response.json(200, render(posts.save(post.withStatus("trash", clock().instant()))));
    }

    private Response list(Request req) {
        User user = authenticate(req);
        Instant now = clock().instant();
        Set<String> statuses = user == null || req.query("status") == null ? Set.of("publish")
                : Set.of(req.query("status").split(","));
        Set<String> slugs = req.query("slug") == null ? null : Set.of(req.query("slug").split(","));
        String search = req.query("search") == null ? null : req.query("search").toLowerCase(Locale.ROOT);
        List<WordPressPost> matching = posts.all().stream()
                .filter(p -> statuses.contains("any") ? !"trash".equals(p.status()) : statuses.contains(p.statusAt(now)))
                .filter(p -> slugs == null || slugs.contains(p.slug()))
                .filter(p -> search == null || (p.title() + " " + p.content()).toLowerCase(Locale.ROOT)
                        .contains(search))
                .sorted(Comparator.comparing(WordPressPost::dateGmt).reversed())
                .toList();
        int perPage = Math.clamp(intQuery(req, "per_page", 10), 1, 100);
        int page = Math.max(1, intQuery(req, "page", 1));
        ArrayNode data = Json.array();
        matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(p -> data.add(render(p)));
        int totalPages = (matching.size() + perPage - 1) / perPage;
        return Response.json(200, data)
                .withHeader("X-WP-Total", Integer.toString(matching.size()))
                .withHeader("X-WP-TotalPages", Integer.toString(totalPages));
    }

    private Response me(Request req) {
        User user = authenticate(req);
        if (user == null) {
            throw WordPressError.notLoggedIn().exception();
        }
        ObjectNode body = Json.object();
        body.put("id", user.id());
        body.put("name", user.username());
        body.put("slug", Slugs.sanitize(user.username()));
        return Response.json(200, body);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void awaitSave() {
        CountDownLatch held = heldSaves;
        if (held == null) {
            return;
        }
        try {
            held.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WordPressError.of(500, "internal_server_error", "The save was interrupted.").exception();
        }
    }

    private static void requirePublishRight(User user, String status) {
        if (PUBLISHING.contains(status) && !user.role().canPublish()) {
            throw WordPressError.of(403, "rest_cannot_publish",
                    "Sorry, you are not allowed to publish posts as this user.").exception();
        }
    }

    /** publish with a future date becomes future; future with a past date is published at once. */
    private static String scheduledStatus(String requested, Instant date, Instant now) {
        if ("publish".equals(requested) && date.isAfter(now)) {
            return "future";
        }
        if ("future".equals(requested) && !date.isAfter(now)) {
            return "publish";
        }
        return requested;
    }

    /** Drafts and pending posts keep an empty slug until published, unless one was given. */
    private String slugFor(String requested, String title, String status, int id) {
        String base;
        if (requested != null && !requested.isBlank()) {
            base = Slugs.sanitize(requested);
        } else if (PUBLISHING.contains(status)) {
            base = Slugs.sanitize(orEmpty(title));
            if (base.isEmpty()) {
                base = Integer.toString(id);
            }
        } else {
            return "";
        }
        return posts.uniqueSlug(base, id);
    }

    private ObjectNode render(WordPressPost post) {
        Instant now = clock().instant();
        String status = post.statusAt(now);
        String site = settings.siteUrl() == null ? baseUrl() : settings.siteUrl();
        ObjectNode node = Json.object();
        node.put("id", post.id());
        node.put("date", WP_DATE.format(post.dateGmt().atZone(settings.siteZone())));
        node.put("date_gmt", WP_DATE.format(post.dateGmt().atZone(ZoneOffset.UTC)));
        node.putObject("guid").put("rendered", site + "/?p=" + post.id());
        node.put("modified", WP_DATE.format(post.modifiedGmt().atZone(settings.siteZone())));
        node.put("modified_gmt", WP_DATE.format(post.modifiedGmt().atZone(ZoneOffset.UTC)));
        node.put("slug", post.slug());
        node.put("status", status);
        node.put("type", "post");
        node.put("link", post.slug().isEmpty() || "draft".equals(status) || "pending".equals(status)
                ? site + "/?p=" + post.id() : site + "/" + post.slug() + "/");
        node.putObject("title").put("rendered", post.title());
        node.putObject("content").put("rendered", autop(post.content())).put("protected", false);
        node.putObject("excerpt").put("rendered", autop(post.excerpt())).put("protected", false);
        node.put("author", post.authorId());
        node.put("featured_media", 0);
        node.put("comment_status", "open");
        node.put("ping_status", "open");
        node.put("sticky", false);
        node.put("format", "standard");
        ArrayNode categories = node.putArray("categories");
        post.categories().forEach(categories::add);
        ArrayNode tags = node.putArray("tags");
        post.tags().forEach(tags::add);
        return node;
    }

    /** A much-reduced wpautop(): plain text is wrapped in a paragraph. */
    private static String autop(String text) {
        if (text.isBlank()) {
            return "";
        }
        return text.trim().startsWith("<") ? text + "\n" : "<p>" + text + "</p>\n";
    }

    private static int intId(Request req) {
        try {
            return Integer.parseInt(req.pathVar("id"));
        } catch (NumberFormatException e) {
            throw WordPressError.noRoute().exception();
        }
    }

    private static int intQuery(Request req, String name, int fallback) {
        try {
            return req.query(name) == null ? fallback : Integer.parseInt(req.query(name));
        } catch (NumberFormatException e) {
            throw WordPressError.invalidParams(Map.of(name, new String[] {"rest_invalid_type",
                    name + " is not of type integer."})).exception();
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
