package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;
import vn.govcomm.gateway.security.LocalIssuer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The officers' web console (server-rendered, htmx for the live parts): sign-in, campaign list and calendar,
 * the create/edit wizard with per-channel previews, submit/approve/reject, and the live delivery board.
 */
@Controller
@RequestMapping("/console")
class ConsoleController {

    static final List<String> GROUPS = List.of("co-quan-chuyen-mon", "nganh-doc", "ubnd-cap-huyen",
            "don-vi-su-nghiep", "ubnd-cap-xa", "bao-chi", "ubnd-tinh");
    private static final String IDENTITY = IdentityFilter.IDENTITY;

    private final PlatformApi api;
    private final ObjectProvider<LocalIssuer> localIssuer;
    private final ObjectProvider<OidcSignIn> oidc;
    private final ConsoleProperties properties;
    private final ConsoleAudit audit;
    private final MessageSource messages;
    private final Clock clock = Clock.systemUTC();

    ConsoleController(PlatformApi api, ObjectProvider<LocalIssuer> localIssuer, ObjectProvider<OidcSignIn> oidc,
                      ConsoleProperties properties, ConsoleAudit audit, MessageSource messages) {
        this.api = api;
        this.localIssuer = localIssuer;
        this.oidc = oidc;
        this.properties = properties;
        this.audit = audit;
        this.messages = messages;
    }

    // ---- sign-in ----------------------------------------------------------------------------------------

    /**
     * Local run: the sign-in form. Production (OIDC issuer): straight to the provider's authorization endpoint,
     * with a fresh state, nonce and PKCE verifier remembered in a short-lived Lax cookie (see OidcSignInController).
     */
    @GetMapping("/login")
    String loginPage(Model model, HttpServletRequest request, HttpServletResponse response) {
        OidcSignIn sso = oidc.getIfAvailable();
        if (sso != null && sso.configured()) {
            try {
                OidcSignIn.Start start = sso.start(OidcSignInController.redirectUri(sso, request));
                response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(OidcSignInController.PENDING_COOKIE,
                                start.transientCookie()).httpOnly(true).sameSite("Lax")
                        .path(OidcSignInController.PENDING_PATH).secure(OidcSignInController.secure(sso, request))
                        .maxAge(start.cookieMaxAgeSeconds()).build().toString());
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                response.setStatus(302);
                response.setHeader(HttpHeaders.LOCATION, start.authorizationUrl().toString());
                return null;
            } catch (OidcSignIn.SignInFailed e) {
                return OidcSignInController.failure(e.failure, response, model);
            }
        }
        return localLoginPage(model);
    }

    private String localLoginPage(Model model) {
        model.addAttribute("localIssuer", localIssuer.getIfAvailable() != null);
        model.addAttribute("demoUsers", localIssuer.getIfAvailable() == null ? List.of() : localIssuer.getObject().users());
        return "console/login";
    }

    @PostMapping("/login")
    String login(@RequestParam String username, @RequestParam String password, Model model,
                 HttpServletRequest request, HttpServletResponse response) {
        LocalIssuer issuer = localIssuer.getIfAvailable();
        var user = issuer == null ? Optional.<vn.govcomm.gateway.security.SecurityProperties.DemoUser>empty()
                : issuer.authenticate(username, password);
        if (user.isEmpty()) {
            model.addAttribute("loginFailed", true);
            response.setStatus(401);
            return localLoginPage(model);
        }
        ResponseCookie cookie = ResponseCookie.from(IdentityFilter.SESSION_COOKIE, issuer.issue(user.get()))
                .httpOnly(true).sameSite("Strict").path("/").secure(EdgeRequest.of(request).secure())
                .maxAge(issuer.lifetimeSeconds()).build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        return "redirect:/console";
    }

    /** Clears the session; with an OIDC provider that offers it, also ends the provider's session (RP-initiated). */
    @PostMapping("/logout")
    String logout(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(IdentityFilter.SESSION_COOKIE, "")
                .httpOnly(true).sameSite("Strict").path("/").maxAge(0).build().toString());
        OidcSignIn sso = oidc.getIfAvailable();
        if (sso == null) {
            return "redirect:/console/login";
        }
        String idToken = OidcSignInController.cookie(request, OidcSignInController.ID_TOKEN_COOKIE);
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(OidcSignInController.ID_TOKEN_COOKIE, "")
                .httpOnly(true).sameSite("Strict").path(OidcSignInController.ID_TOKEN_PATH).maxAge(0).build().toString());
        return sso.endSession(idToken, OidcSignInController.postLogoutUri(sso, request))
                .map(uri -> "redirect:" + uri)
                .orElse("redirect:" + OidcSignInController.SIGNED_OUT);
    }

    // ---- list and calendar -----------------------------------------------------------------------------

    @GetMapping({"", "/"})
    String list(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String month, Model model) {
        List<JsonNode> campaigns = new ArrayList<>();
        try {
            api.get(Service.CAMPAIGNS, me, "/api/campaigns").forEach(campaigns::add);
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        campaigns.sort((a, b) -> b.path("updatedAt").asString("").compareTo(a.path("updatedAt").asString("")));
        YearMonth shown;
        try {
            shown = month == null ? YearMonth.now(CampaignForm.VIETNAM) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            shown = YearMonth.now(CampaignForm.VIETNAM);
        }
        model.addAttribute("campaigns", campaigns);
        model.addAttribute("calendar", Calendar.of(shown, campaigns));
        return "console/list";
    }

    // ---- wizard -----------------------------------------------------------------------------------------

    @GetMapping("/campaigns/new")
    String newCampaign(@RequestAttribute(IDENTITY) Identity me, Model model) {
        return wizard(me, CampaignForm.empty(), null, model);
    }

    @GetMapping("/campaigns/{id}/edit")
    String edit(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model) {
        JsonNode campaign = api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id);
        return wizard(me, CampaignForm.of(campaign), id, model);
    }

    private String wizard(Identity me, CampaignForm form, String id, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("campaignId", id);
        model.addAttribute("groups", GROUPS);
        model.addAttribute("allChannels", CampaignForm.ALL_CHANNELS);
        agencyChoices(me, form.group(), form.agencies(), model);
        return "console/wizard";
    }

    @PostMapping("/campaigns")
    String create(@RequestAttribute(IDENTITY) Identity me, @ModelAttribute("form") CampaignForm form, Model model,
                  Locale locale) {
        if (!form.problems().isEmpty()) {
            return wizardWithProblems(me, form, null, model, locale);
        }
        try {
            JsonNode created = api.send(Service.CAMPAIGNS, "POST", me, "/api/campaigns", form.toRequest(me.agency()));
            consoleAudit(me, "create", "/api/campaigns", 201);
            return "redirect:/console/campaigns/" + created.path("id").asString();
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("fieldErrors", FieldErrors.of(e, CampaignForm::formField, locale));
            return wizard(me, form, null, model);
        }
    }

    @PostMapping("/campaigns/{id}")
    String update(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                  @ModelAttribute("form") CampaignForm form, Model model, Locale locale) {
        if (!form.problems().isEmpty()) {
            return wizardWithProblems(me, form, id, model, locale);
        }
        try {
            api.send(Service.CAMPAIGNS, "PUT", me, "/api/campaigns/{id}", form.toRequest(me.agency()), id);
            consoleAudit(me, "update", "/api/campaigns/" + id, 200);
            return "redirect:/console/campaigns/" + id;
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("fieldErrors", FieldErrors.of(e, CampaignForm::formField, locale));
            return wizard(me, form, id, model);
        }
    }

    /** What the console can tell without the service (reminder days that are not numbers, a deadline outside the window). */
    private String wizardWithProblems(Identity me, CampaignForm form, String id, Model model, Locale locale) {
        model.addAttribute("error", messages.getMessage("wizard.problems", null, locale));
        model.addAttribute("fieldErrors", FieldErrors.ofKeys(form.problems(), messages, locale));
        return wizard(me, form, id, model);
    }

    /** htmx: the agencies of a group as checkboxes, keeping what was already chosen in other groups. */
    @GetMapping("/agencies")
    String agencies(@RequestAttribute(IDENTITY) Identity me, @RequestParam(defaultValue = "co-quan-chuyen-mon") String group,
                    @RequestParam(required = false) List<String> agencies, Model model) {
        agencyChoices(me, group, agencies == null ? List.of() : agencies, model);
        return "console/fragments :: agencies";
    }

    private void agencyChoices(Identity me, String group, List<String> selected, Model model) {
        List<JsonNode> inGroup = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        try {
            api.get(Service.CAMPAIGNS, me, "/api/agencies?group={g}", GROUPS.contains(group) ? group : GROUPS.getFirst())
                    .forEach(inGroup::add);
            if (!selected.isEmpty()) {
                api.get(Service.CAMPAIGNS, me, "/api/agencies").forEach(a -> names.put(a.path("agencyId").asString(),
                        a.path("name").asString()));
            }
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        List<String> groupIds = inGroup.stream().map(a -> a.path("agencyId").asString()).toList();
        model.addAttribute("group", group);
        model.addAttribute("groupAgencies", inGroup);
        model.addAttribute("selected", selected);
        model.addAttribute("otherSelected", selected.stream().filter(a -> !groupIds.contains(a))
                .map(a -> Map.of("id", a, "name", names.getOrDefault(a, a))).toList());
    }

    /** htmx: the notice as each channel will show it. */
    @PostMapping("/preview")
    String preview(@ModelAttribute("form") CampaignForm form, Model model) {
        String body = form.bodyHtml() == null ? "" : form.bodyHtml();
        model.addAttribute("safeBody", Jsoup.clean(body, Safelist.relaxed()));
        model.addAttribute("bodyText", Jsoup.parse(body).text());
        String led = form.ledText() == null || form.ledText().isBlank() ? form.title() : form.ledText();
        model.addAttribute("ledPages", LedPreview.pages(Normalizer.normalize(led == null ? "" : led, Normalizer.Form.NFC),
                form.screenLines(), form.screenChars()));
        model.addAttribute("ledLines", form.screenLines());
        model.addAttribute("ledChars", form.screenChars());
        return "console/fragments :: preview";
    }

    // ---- one campaign: decisions and the live board ----------------------------------------------------

    @GetMapping("/campaigns/{id}")
    String campaign(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model) {
        try {
            model.addAttribute("campaign", api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("status", e.status);
            return "console/failure";
        }
        model.addAttribute("refreshSeconds", properties.boardRefreshSeconds());
        model.addAttribute("streamUrl", org.springframework.web.util.UriComponentsBuilder.fromPath(properties.streamPath())
                .buildAndExpand(id).encode().toUriString());
        model.addAttribute("exports", properties.exports().keySet().isEmpty() ? List.of("csv")
                : new ArrayList<>(properties.exports().keySet()));
        return "console/campaign";
    }

    @PostMapping("/campaigns/{id}/{decision:submit|approve|reject|cancel}")
    String decide(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, @PathVariable String decision,
                  @RequestParam(required = false) String comment, @RequestParam(required = false) String reasons,
                  org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        Object body = switch (decision) {
            case "approve" -> Map.of("comment", comment == null ? "" : comment);
            case "reject" -> Map.of("reasons", reasons == null ? List.of()
                    : Arrays.stream(reasons.split("\\R")).map(String::trim).filter(r -> !r.isEmpty()).toList());
            case "cancel" -> Map.of("reason", comment == null ? "" : comment);
            default -> null;
        };
        try {
            api.send(Service.CAMPAIGNS, "POST", me, "/api/campaigns/{id}/" + decision, body, id);
            consoleAudit(me, decision, "/api/campaigns/" + id + "/" + decision, 200);
            redirect.addFlashAttribute("done", decision);
        } catch (ApiFailure e) {
            consoleAudit(me, decision, "/api/campaigns/" + id + "/" + decision, e.status);
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/console/campaigns/" + id;
    }

    /** htmx, polled: progress, statuses by channel and agency, the compliance grid when reporting offers it. */
    @GetMapping("/campaigns/{id}/board")
    String board(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model) {
        try {
            model.addAttribute("progress", api.getIfPresent(Service.PUBLISHING, me, "/api/publications/{id}", id).orElse(null));
            model.addAttribute("report", api.getIfPresent(Service.REPORTING, me, "/api/reports/campaigns/{id}", id).orElse(null));
            Optional<JsonNode> compliance = api.getIfPresent(Service.REPORTING, me, properties.compliancePath(), id);
            model.addAttribute("compliance", compliance.map(Grid::of).orElse(null));
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("campaignId", id);
        model.addAttribute("checkedAt", Instant.now(clock));
        return "console/fragments :: board";
    }

    @PostMapping("/campaigns/{id}/resend-failed")
    String resendFailed(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                        org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        try {
            api.send(Service.PUBLISHING, "POST", me, "/api/publications/{id}/resend-failed", null, id);
            consoleAudit(me, "resend-failed", "/api/publications/" + id + "/resend-failed", 200);
            redirect.addFlashAttribute("done", "resend-failed");
        } catch (ApiFailure e) {
            redirect.addFlashAttribute("error", e.status == 404 || e.status == 405
                    ? "Chức năng gửi lại chưa sẵn sàng. / Re-sending is not available yet." : e.getMessage());
        }
        return "redirect:/console/campaigns/" + id;
    }

    /**
     * Export: the reporting service's file when it offers one; otherwise (CSV only) a CSV the console builds
     * from the report, so an officer can always take the statuses away.
     */
    @GetMapping("/campaigns/{id}/export/{kind:[a-z]+}")
    ResponseEntity<byte[]> export(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, @PathVariable String kind) {
        String path = properties.exports().get(kind);
        if (path != null) {
            Optional<ResponseEntity<byte[]>> file = api.download(Service.REPORTING, me, path, id);
            if (file.isPresent()) {
                ResponseEntity<byte[]> f = file.get();
                HttpHeaders headers = new HttpHeaders();
                headers.setContentType(Optional.ofNullable(f.getHeaders().getContentType()).orElse(MediaType.APPLICATION_OCTET_STREAM));
                String disposition = f.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION);
                if (disposition != null) {
                    headers.set(HttpHeaders.CONTENT_DISPOSITION, disposition);
                }
                return ResponseEntity.ok().headers(headers).body(f.getBody());
            }
        }
        if (!"csv".equals(kind)) {
            return ResponseEntity.status(404).contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                    .body("Định dạng xuất này chưa có. / This export format is not available yet.".getBytes(StandardCharsets.UTF_8));
        }
        JsonNode report = api.get(Service.REPORTING, me, "/api/reports/campaigns/{id}?size=1000", id);
        StringBuilder csv = new StringBuilder("\uFEFFagencyId,channel,endpointId,status,updatedAt\r\n");
        report.path("deliveries").forEach(d -> csv.append(Csv.row(d.path("agencyId").asString(""),
                d.path("channel").asString(""), d.path("endpointId").asString(""), d.path("status").asString(""),
                d.path("updatedAt").asString(d.path("occurredAt").asString("")))));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"campaign-" + id.replaceAll("[^A-Za-z0-9_-]", "")
                        + "-deliveries.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void consoleAudit(Identity me, String action, String path, int status) {
        audit.record(me, action, path, status);
    }

    /** CSV with formula-injection guard (cells starting with = + - @ are prefixed with '). */
    static final class Csv {
        static String row(String... cells) {
            List<String> out = new ArrayList<>();
            for (String c : cells) {
                String v = c.matches("^[=+\\-@].*") ? "'" + c : c;
                out.add(v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            return String.join(",", out) + "\r\n";
        }
    }

    /** A month of days with each campaign's window marked, for the calendar table. */
    public record Calendar(YearMonth month, List<LocalDate> days, List<Row> rows) {
        public record Row(JsonNode campaign, List<Boolean> inWindow) {
        }

        static Calendar of(YearMonth month, List<JsonNode> campaigns) {
            List<LocalDate> days = new ArrayList<>();
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                days.add(month.atDay(d));
            }
            List<Row> rows = new ArrayList<>();
            for (JsonNode c : campaigns) {
                JsonNode w = c.path("window");
                if (!w.path("startsAt").isString() || !w.path("endsAt").isString()) {
                    continue;
                }
                LocalDate from = Instant.parse(w.path("startsAt").asString()).atZone(CampaignForm.VIETNAM).toLocalDate();
                Instant endsAt = Instant.parse(w.path("endsAt").asString());
                LocalDate to = endsAt.minusMillis(1).atZone(CampaignForm.VIETNAM).toLocalDate();
                List<Boolean> marks = days.stream().map(d -> !d.isBefore(from) && !d.isAfter(to)).toList();
                if (marks.contains(true)) {
                    rows.add(new Row(c, marks));
                }
            }
            return new Calendar(month, days, rows);
        }

        public YearMonth previous() {
            return month.minusMonths(1);
        }

        public YearMonth next() {
            return month.plusMonths(1);
        }
    }

    /** Any JSON table (array of objects, or an object with a "rows"/"agencies" array) as headers + cells. */
    public record Grid(List<String> headers, List<List<String>> rows) {
        static Grid of(JsonNode node) {
            if (node.path("channels").isArray() && node.path("agencies").isArray()) {
                return compliance(node);
            }
            JsonNode rows = node.isArray() ? node : node.has("rows") ? node.path("rows") : node.path("agencies");
            List<String> headers = new ArrayList<>();
            List<List<String>> out = new ArrayList<>();
            if (rows.isArray() && !rows.isEmpty()) {
                rows.get(0).propertyNames().forEach(headers::add);
                rows.forEach(r -> out.add(headers.stream().map(h -> r.path(h).isValueNode() ? r.path(h).asString()
                        : r.path(h).toString()).toList()));
            }
            return new Grid(headers, out);
        }

        /** The reporting service's compliance view: one row per agency, its state, then one cell per channel. */
        private static Grid compliance(JsonNode node) {
            List<String> channels = new ArrayList<>();
            node.path("channels").forEach(c -> channels.add(c.asString()));
            List<String> headers = new ArrayList<>(List.of("agency", "state"));
            headers.addAll(channels);
            List<List<String>> out = new ArrayList<>();
            node.path("agencies").forEach(a -> {
                List<String> row = new ArrayList<>(List.of(a.path("name").asString(a.path("agencyId").asString()),
                        a.path("state").asString()));
                channels.forEach(c -> row.add(a.path("cells").path(c).path("state").asString("")));
                out.add(row);
            });
            return new Grid(headers, out);
        }
    }
}
