package vn.govcomm.fakes.xibo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Crypto;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.http.Forms;
import vn.govcomm.fakes.http.Handler;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.ResponseException;
import vn.govcomm.fakes.http.Router;

/**
 * Fake of the Xibo CMS API used to put a text notice on screens: OAuth2 client credentials, playlist + text widget,
 * full-screen layout, schedule, collectNow, display status and late, batched proof-of-play stats.
 * See the Xibo section of {@code /work/shared/channels/led-screens.md}.
 */
public final class FakeXibo extends FakeHttpServer<FakeXibo> {

    private static final DateTimeFormatter XIBO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final XiboSettings settings = new XiboSettings();
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final XiboContent content = new XiboContent();
    private final XiboNetwork network = new XiboNetwork(settings);
    private final XiboStatsStore stats = new XiboStatsStore();

    public FakeXibo() {
        super("fake-xibo");
    }

    // ---- scripting API -------------------------------------------------------------------------------------------

    public XiboSettings settings() {
        return settings;
    }

    public FakeXibo registerClient(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
        return this;
    }

    /** Every issued token now answers 401. */
    public void expireTokens() {
        tokens.clear();
    }

    /** Adds a display (logged in, up to date) and its display-specific group; returns the display id. */
    public int addDisplay(String name) {
        return network.addDisplay(name);
    }

    public int displayGroupOf(int displayId) {
        return network.displayGroupOf(displayId);
    }

    /** A display group with these members; returns its id. */
    public int addDisplayGroup(String name, int... displayIds) {
        return network.addGroup(name, displayIds);
    }

    /** false = the display goes silent (lastAccessed freezes); true = it comes back and collects at once. */
    public void setLoggedIn(int displayId, boolean loggedIn) {
        network.setLoggedIn(displayId, loggedIn);
    }

    /** The player's regular check-in: collects the schedule if it is online. */
    public void playerCollects(int displayId) {
        network.playerCollects(displayId);
    }

    /** A layout play that stays on the player until {@link #uploadStats}. */
    public void recordLayoutPlay(int displayId, int layoutId, Instant start, Instant end) {
        stats.record(new XiboPlay(0, "layout", displayId, layoutId, null, 1, start, end, null));
    }

    /** A widget play that stays on the player until {@link #uploadStats}. */
    public void recordWidgetPlay(int displayId, int layoutId, int widgetId, Instant start, Instant end) {
        stats.record(new XiboPlay(0, "widget", displayId, layoutId, widgetId, 1, start, end, null));
    }

    /** The player uploads its batch; a silent display cannot, and its rows stay pending. Returns rows uploaded. */
    public int uploadStats(int displayId) {
        return network.isLoggedIn(displayId) ? stats.upload(displayId, clock().instant()) : 0;
    }

    /** The player re-sends its last batch: the CMS then holds duplicate rows. */
    public int reuploadLastBatch(int displayId) {
        return stats.reupload(displayId, clock().instant());
    }

    public List<XiboPlay> pendingStats(int displayId) {
        return stats.pending(displayId);
    }

    public List<XiboPlay> uploadedStats() {
        return stats.visible();
    }

    public List<XiboPlaylist> playlists() {
        return content.playlists();
    }

    public List<XiboWidget> widgets() {
        return content.widgets();
    }

    public List<XiboLayout> layouts() {
        return content.layouts();
    }

    public List<XiboEvent> events() {
        return network.events();
    }

    public List<XiboDisplay> displays() {
        return network.displays();
    }

    /** Display group ids collectNow was called for, in order. */
    public List<Integer> collectRequests() {
        return network.collectRequests();
    }

    // ---- routes --------------------------------------------------------------------------------------------------

    @Override
    protected void routes(Router router) {
        String api = settings.apiPrefix();
        router.post(api + "/authorize/access_token", this::token);
        router.post(api + "/playlist", authed(this::addPlaylist));
        router.post(api + "/playlist/widget/{type}/{playlistId}", authed(this::addWidget));
        router.put(api + "/playlist/widget/{widgetId}", authed(this::editWidget));
        router.post(api + "/layout/fullscreen", authed(this::fullscreenLayout));
        router.post(api + "/schedule", authed(this::addEvent));
        router.delete(api + "/schedule/{eventId}", authed(this::deleteEvent));
        router.get(api + "/schedule/data/events", authed(this::eventData));
        router.post(api + "/displaygroup/{id}/action/collectNow", authed(this::collectNow));
        router.get(api + "/display", authed(this::listDisplays));
        router.get(api + "/stats", authed(this::listStats));
    }

    @Override
    protected Clock clock() {
        return settings.clock();
    }

    @Override
    protected Response notFound(Request request) {
        return XiboError.notFound("Not Found").toResponse();
    }

    @Override
    protected Response methodNotAllowed(Request request) {
        return XiboError.of(405, "Method not allowed").toResponse();
    }

    // ---- auth ----------------------------------------------------------------------------------------------------

    private Response token(Request req) {
        if (!"client_credentials".equals(req.formValue("grant_type"))) {
            return oauthError(400, "unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server.");
        }
        String clientId = req.formValue("client_id");
        String secret = req.formValue("client_secret");
        String basic = req.header("Authorization");
        if (clientId == null && basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6).trim())).split(":", 2);
            clientId = pair[0];
            secret = pair.length > 1 ? pair[1] : null;
        }
        if (clientId == null || !Crypto.constantTimeEquals(clients.get(clientId), secret)) {
            return oauthError(401, "invalid_client", "Client authentication failed");
        }
        String token = Crypto.randomToken(30);
        tokens.put(token, clock().instant().plus(settings.tokenLifetime()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", settings.tokenLifetime().toSeconds());
        body.put("access_token", token);
        return Response.json(200, body);
    }

    private static Response oauthError(int status, String error, String description) {
        return Response.json(status, Map.of("error", error, "error_description", description, "message", description));
    }

    /** Bearer token on every call but the token endpoint; missing, unknown or expired: 401. */
    private Handler authed(Handler handler) {
        return req -> {
            String header = req.header("Authorization");
            String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim() : null;
            Instant expiry = token == null ? null : tokens.get(token);
            if (expiry == null || !clock().instant().isBefore(expiry)) {
                return XiboError.of(401, "Access denied: the access token is missing, invalid or expired")
                        .toResponse();
            }
            return handler.handle(req);
        };
    }

    // ---- handlers ------------------------------------------------------------------------------------------------

    private Response addPlaylist(Request req) {
        String name = req.formValue("name");
        if (name == null || name.isBlank()) {
            throw XiboError.invalid("name", "Please enter playlist name").exception();
        }
        int isDynamic = intForm(req, "isDynamic", 0);
        if (isDynamic != 0) {
            throw XiboError.invalid("isDynamic", "The fake supports only non-dynamic playlists").exception();
        }
        XiboPlaylist playlist = content.addPlaylist(name, isDynamic);
        ObjectNode body = Json.object();
        body.put("playlistId", playlist.playlistId());
        body.put("name", playlist.name());
        body.put("isDynamic", playlist.isDynamic());
        body.putArray("widgets");
        return Response.json(201, body);
    }

    private Response addWidget(Request req) {
        if (!"text".equals(req.pathVar("type"))) {
            throw XiboError.invalid("type", "The fake supports only text widgets").exception();
        }
        return Response.json(201, widgetNode(content.addWidget(intPath(req, "playlistId"), "text")));
    }

    /** PUT bodies are form-encoded: a JSON body carries no parameters, so text is missing (422). */
    private Response editWidget(Request req) {
        String text = req.formValue("text");
        if (text == null || text.isBlank()) {
            throw XiboError.invalid("text", "Enter text").exception();
        }
        int duration = intForm(req, "duration", 10);
        if (duration <= 0) {
            throw XiboError.invalid("duration", "You must enter a duration.").exception();
        }
        XiboWidget widget = content.editWidget(intPath(req, "widgetId"), text, duration,
                intForm(req, "useDuration", 0));
        return Response.json(200, widgetNode(widget));
    }

    private Response fullscreenLayout(Request req) {
        String type = req.formValue("type");
        if (!"playlist".equals(type)) {
            throw XiboError.invalid("type", "The fake supports type=playlist only").exception();
        }
        int playlistId = intForm(req, "id", -1);
        if (playlistId < 0) {
            throw XiboError.invalid("id", "Please provide an id").exception();
        }
        XiboLayout layout = content.fullscreenFromPlaylist(playlistId);
        ObjectNode body = Json.object();
        body.put("layoutId", layout.layoutId());
        body.put("campaignId", layout.campaignId());
        body.put("layout", layout.name());
        body.put("publishedStatusId", 1);
        return Response.json(201, body);
    }

    private Response addEvent(Request req) {
        int eventTypeId = intForm(req, "eventTypeId", -1);
        if (eventTypeId != 1) {
            throw XiboError.invalid("eventTypeId", "The fake supports eventTypeId=1 (layout) only").exception();
        }
        int campaignId = intForm(req, "campaignId", -1);
        XiboLayout layout = content.layoutByCampaign(campaignId)
                .orElseThrow(() -> XiboError.invalid("campaignId", "Please select a Campaign/Layout for this event.")
                        .exception());
        List<Integer> groupIds = new ArrayList<>();
        for (String value : req.formValues("displayGroupIds[]")) {
            int groupId = parseInt(value, "displayGroupIds");
            if (!network.groupExists(groupId)) {
                throw XiboError.notFound("Display Group not found").exception();
            }
            groupIds.add(groupId);
        }
        if (groupIds.isEmpty()) {
            throw XiboError.invalid("displayGroupIds", "Please select one or more displays").exception();
        }
        Instant from = date(req.formValue("fromDt"), "fromDt");
        Instant to = date(req.formValue("toDt"), "toDt");
        if (!to.isAfter(from)) {
            throw XiboError.invalid("toDt", "Can not have an end time earlier than your start time").exception();
        }
        XiboEvent event = network.schedule(eventTypeId, campaignId, layout.layoutId(), groupIds,
                intForm(req, "displayOrder", 0), intForm(req, "isPriority", 0), from, to);
        ObjectNode body = Json.object();
        body.put("eventId", event.eventId());
        body.put("eventTypeId", event.eventTypeId());
        body.put("campaignId", event.campaignId());
        ArrayNode groups = body.putArray("displayGroups");
        event.displayGroupIds().forEach(g -> groups.addObject().put("displayGroupId", g));
        body.put("fromDt", event.fromDt().getEpochSecond());
        body.put("toDt", event.toDt().getEpochSecond());
        body.put("displayOrder", event.displayOrder());
        body.put("isPriority", event.isPriority());
        return Response.json(201, body);
    }

    /**
     * Xibo's calendar data ({@code scheduleCalendarData}): the events on the given display groups ({@code -1} = all)
     * overlapping {@code from}–{@code to} (Y-m-d H:i:s in the CMS zone; by default this month), optionally of one
     * {@code campaignId}. No display group given: an empty result, as Xibo answers. The way a client finds an event
     * whose {@code POST /schedule} answer it never got.
     */
    private Response eventData(Request req) {
        List<Integer> groups = ints(req, "displayGroupIds");
        ObjectNode body = Json.object();
        body.put("success", 1);
        ArrayNode result = body.putArray("result");
        if (groups.isEmpty()) {
            return Response.json(200, body);
        }
        Integer campaignId = optionalInt(req.query("campaignId"));
        LocalDateTime monthStart = LocalDateTime.ofInstant(clock().instant(), settings.cmsZone()).withDayOfMonth(1)
                .truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        Instant from = req.query("from") == null ? monthStart.atZone(settings.cmsZone()).toInstant()
                : date(req.query("from"), "from");
        Instant to = req.query("to") == null ? monthStart.plusMonths(1).atZone(settings.cmsZone()).toInstant()
                : date(req.query("to"), "to");
        for (XiboEvent event : network.events()) {
            boolean onGroups = groups.contains(-1) || event.displayGroupIds().stream().anyMatch(groups::contains);
            if (!onGroups || (campaignId != null && event.campaignId() != campaignId)
                    || !event.fromDt().isBefore(to) || !event.toDt().isAfter(from)) {
                continue;
            }
            ObjectNode row = result.addObject();
            row.put("id", event.eventId());
            row.put("title", "Layout " + event.layoutId() + " scheduled");
            row.put("start", event.fromDt().toEpochMilli());
            row.put("end", event.toDt().toEpochMilli());
            ObjectNode node = row.putObject("event");
            node.put("eventId", event.eventId());
            node.put("eventTypeId", event.eventTypeId());
            node.put("campaignId", event.campaignId());
            node.put("fromDt", event.fromDt().getEpochSecond());
            node.put("toDt", event.toDt().getEpochSecond());
            node.put("displayOrder", event.displayOrder());
            node.put("isPriority", event.isPriority());
            ArrayNode displayGroups = node.putArray("displayGroups");
            event.displayGroupIds().forEach(g -> displayGroups.addObject().put("displayGroupId", g));
        }
        return Response.json(200, body);
    }

    private Response deleteEvent(Request req) {
        if (!network.unschedule(intPath(req, "eventId"))) {
            throw XiboError.notFound("Event not found").exception();
        }
        return Response.empty(204);
    }

    private Response collectNow(Request req) {
        network.collectNow(intPath(req, "id"));
        return Response.empty(204);
    }

    private Response listDisplays(Request req) {
        Integer displayId = optionalInt(req.query("displayId"));
        Integer groupId = optionalInt(req.query("displayGroupId"));
        ArrayNode rows = Json.array();
        network.displays().stream()
                .filter(d -> displayId == null || d.displayId() == displayId)
                .filter(d -> groupId == null || network.displaysOfGroup(groupId).contains(d.displayId()))
                .forEach(d -> rows.addObject()
                        .put("displayId", d.displayId())
                        .put("display", d.name())
                        .put("displayGroupId", d.displayGroupId())
                        .put("loggedIn", d.loggedIn() ? 1 : 0)
                        .put("lastAccessed", d.lastAccessed().getEpochSecond())
                        .put("mediaInventoryStatus", d.mediaInventoryStatus())
                        .put("currentLayoutId", d.currentLayoutId())
                        .put("licensed", 1));
        return Response.json(200, rows).withHeader("X-Total-Count", Integer.toString(rows.size()));
    }

    private Response listStats(Request req) {
        String type = req.query("type");
        String rowType = type == null ? null : type.equals("media") ? "widget" : type;
        if (rowType != null && !rowType.equals("layout") && !rowType.equals("widget")) {
            throw XiboError.invalid("type", "Invalid type: " + type).exception();
        }
        Instant now = clock().instant();
        Instant from = req.query("fromDt") == null ? now.minusSeconds(86_400) : date(req.query("fromDt"), "fromDt");
        Instant to = req.query("toDt") == null ? now : date(req.query("toDt"), "toDt");
        List<Integer> displayIds = ints(req, "displayId");
        List<Integer> layoutIds = ints(req, "layoutId");
        List<XiboPlay> matching = stats.visible().stream()
                .filter(p -> rowType == null || p.type().equals(rowType))
                .filter(p -> p.start().isBefore(to) && p.end().isAfter(from))
                .filter(p -> displayIds.isEmpty() || displayIds.contains(p.displayId()))
                .filter(p -> layoutIds.isEmpty() || layoutIds.contains(p.layoutId()))
                .toList();
        int start = intQuery(req, "start", 0);
        int length = intQuery(req, "length", 10_000);
        ArrayNode rows = Json.array();
        matching.stream().skip(start).limit(length).forEach(p -> rows.add(statNode(p)));
        return Response.json(200, rows).withHeader("X-Total-Count", Integer.toString(matching.size()));
    }

    // ---- rendering and parsing -----------------------------------------------------------------------------------

    private ObjectNode statNode(XiboPlay play) {
        ObjectNode row = Json.object();
        row.put("id", play.statId());
        row.put("type", play.type().equals("widget") ? "media" : "layout");
        row.put("display", network.displayName(play.displayId()));
        row.put("displayId", play.displayId());
        row.put("layout", "Layout " + play.layoutId());
        row.put("layoutId", play.layoutId());
        if (play.widgetId() == null) {
            row.putNull("widgetId");
            row.putNull("media");
        } else {
            row.put("widgetId", play.widgetId());
            row.put("media", "Text widget " + play.widgetId());
        }
        row.putNull("mediaId");
        row.put("tag", "");
        row.put("numberPlays", play.numberPlays());
        row.put("duration", Duration.between(play.start(), play.end()).toSeconds());
        row.put("start", format(play.start()));
        row.put("end", format(play.end()));
        row.put("statDate", format(play.statDate()));
        return row;
    }

    private static ObjectNode widgetNode(XiboWidget widget) {
        ObjectNode node = Json.object();
        node.put("widgetId", widget.widgetId());
        node.put("playlistId", widget.playlistId());
        node.put("type", widget.type());
        node.put("duration", widget.duration());
        node.put("useDuration", widget.useDuration());
        ArrayNode options = node.putArray("widgetOptions");
        if (widget.text() != null) {
            options.addObject().put("option", "text").put("type", "cdata").put("value", widget.text());
        }
        return node;
    }

    private String format(Instant instant) {
        return XIBO_DATE.format(instant.atZone(settings.cmsZone()));
    }

    private Instant date(String value, String property) {
        if (value == null || value.isBlank()) {
            throw XiboError.invalid(property, "Please enter " + property).exception();
        }
        try {
            return LocalDateTime.parse(value.trim(), XIBO_DATE).atZone(settings.cmsZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw XiboError.invalid(property, property + " must be in the format Y-m-d H:i:s").exception();
        }
    }

    private static List<Integer> ints(Request req, String name) {
        List<Integer> values = new ArrayList<>();
        Forms.parse(req.rawQuery()).forEach((key, list) -> {
            if (key.equals(name) || key.equals(name + "[]")) {
                list.forEach(v -> values.add(parseInt(v, name)));
            }
        });
        return values;
    }

    private static int intForm(Request req, String name, int fallback) {
        String value = req.formValue(name);
        return value == null || value.isBlank() ? fallback : parseInt(value, name);
    }

    private static int intQuery(Request req, String name, int fallback) {
        String value = req.query(name);
        return value == null || value.isBlank() ? fallback : parseInt(value, name);
    }

    private static int intPath(Request req, String name) {
        return parseInt(req.pathVar(name), name);
    }

    private static Integer optionalInt(String value) {
        return value == null || value.isBlank() ? null : parseInt(value, "id");
    }

    private static int parseInt(String value, String property) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ResponseException(XiboError.invalid(property, property + " must be a number").toResponse());
        }
    }
}
