package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The admins' agency list by province: the directory ({@code GET /api/agencies?province=} / {@code ?national=true},
 * the campaign service's filters) with each agency's province or "national" in words, and where an agency belongs
 * changed one at a time ({@code PUT /api/agencies/{id}}: the agency as read, with its new {@code provinceId} or
 * {@code national}, guarded by {@code If-Match} with the version the page was read at). Provinces are named and offered
 * as {@link ProvinceNames} knows them (those with agencies in the directory). Not an admin → 403 page, nothing asked of
 * the service; the service's refusals (unknown province, a parent in another province…) are shown in its words.
 */
@Controller
@RequestMapping("/console/directory/agencies")
class DirectoryAgenciesConsoleController {

    /** The filter and the form's value for the national tier (a province code never has this form). */
    static final String NATIONAL = "national";
    /** What an agency's replacement carries back of what was read (the campaign service's {@code AgencyInput}). */
    private static final List<String> INPUT_FIELDS = List.of("agencyId", "name", "shortName", "type", "parentId",
            "groups", "contactEmail", "active", "endpoints");

    private final PlatformApi api;
    private final ConsoleAudit audit;
    private final ConsolePages pages;
    private final ProvinceNames provinces;
    private final AgencyNames directory;

    DirectoryAgenciesConsoleController(PlatformApi api, ConsoleAudit audit, ConsolePages pages, ProvinceNames provinces,
                                       AgencyNames directory) {
        this.api = api;
        this.audit = audit;
        this.pages = pages;
        this.provinces = provinces;
        this.directory = directory;
    }

    /** One row: the agency's id (for its link), name, and where it belongs in words. */
    record Row(String id, String name, String where, boolean active) {
    }

    @GetMapping({"", "/"})
    String list(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String province, Model model,
                HttpServletResponse response) {
        if (!me.hasRole("admin")) {
            return adminsOnly(model, response);
        }
        Map<String, String> names = provinces.every(me);
        String filter = province == null ? "" : province.strip();
        model.addAttribute("provinces", names);
        model.addAttribute("province", filter);
        try {
            Map<String, String> query = new LinkedHashMap<>();
            if (NATIONAL.equals(filter)) {
                query.put("national", "true");
            } else {
                query.put("province", filter);
            }
            JsonNode agencies = api.get(Service.CAMPAIGNS, me, "/api/agencies", query);
            List<Row> rows = new ArrayList<>();
            agencies.forEach(a -> rows.add(new Row(a.path("agencyId").asString(""), a.path("name").asString(""),
                    where(me, a), a.path("active").asBoolean(true))));
            rows.sort(Comparator.comparing(r -> AgencyNames.fold(r.name())));
            model.addAttribute("rows", rows);
        } catch (ApiFailure e) {
            response.setStatus(e.status == 400 ? 400 : 502);
            model.addAttribute("rows", List.of());
            model.addAttribute("error", e.getMessage());
        }
        return "console/directory-agencies";
    }

    @GetMapping("/{id}")
    String agency(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model,
                  HttpServletResponse response) {
        if (!me.hasRole("admin")) {
            return adminsOnly(model, response);
        }
        try {
            return form(me, api.get(Service.CAMPAIGNS, me, "/api/agencies/{id}", id), model);
        } catch (ApiFailure e) {
            response.setStatus(e.status);
            model.addAttribute("error", e.getMessage());
            return "console/failure";
        }
    }

    /** Where the agency belongs: {@code tenancy} is a province code or {@link #NATIONAL}. */
    @PostMapping("/{id}")
    String move(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, @RequestParam String tenancy,
                @RequestParam long version, Model model, Locale locale, HttpServletResponse response,
                RedirectAttributes redirect) {
        if (!me.hasRole("admin")) {
            return adminsOnly(model, response);
        }
        String path = "/api/agencies/" + id;
        JsonNode agency;
        try {
            agency = api.get(Service.CAMPAIGNS, me, "/api/agencies/{id}", id);
        } catch (ApiFailure e) {
            response.setStatus(e.status);
            model.addAttribute("error", e.getMessage());
            return "console/failure";
        }
        Map<String, Object> input = new LinkedHashMap<>();
        INPUT_FIELDS.forEach(f -> {
            if (!agency.path(f).isMissingNode() && !agency.path(f).isNull()) {
                input.put(f, agency.path(f));
            }
        });
        boolean national = NATIONAL.equals(tenancy);
        input.put("national", national);
        input.put("provinceId", national ? null : tenancy.strip());
        try {
            api.sendIfMatch(Service.CAMPAIGNS, "PUT", me, "/api/agencies/{id}", input, version, id);
            audit.record(me, "agency-province", path, 200);
        } catch (ApiFailure e) {
            audit.record(me, "agency-province", path, e.status);
            response.setStatus(e.status);
            String words = e.fields.isEmpty() ? e.getMessage()
                    : String.join(" ", e.fields.stream().map(f -> f.message(locale)).toList());
            model.addAttribute("error", e.status == 412 ? pages.message("directory.agency.changedMeanwhile") : words);
            return form(me, agency, model);
        }
        directory.forget(); // the pickers and names see the move at once, not after the refresh time
        String name = agency.path("name").asString(id);
        redirect.addFlashAttribute("done", pages.message("directory.agency.moved", name,
                national ? pages.message("province.national") : provinces.name(me, tenancy.strip())));
        redirect.addAttribute("province", national ? NATIONAL : tenancy.strip());
        return "redirect:/console/directory/agencies";
    }

    private String form(Identity me, JsonNode agency, Model model) {
        model.addAttribute("agency", agency);
        model.addAttribute("agencyId", agency.path("agencyId").asString(""));
        model.addAttribute("agencyName", agency.path("name").asString(""));
        model.addAttribute("version", agency.path("version").asLong(0));
        model.addAttribute("tenancy", agency.path("national").asBoolean(false) ? NATIONAL
                : agency.path("provinceId").asString(""));
        model.addAttribute("where", where(me, agency));
        model.addAttribute("provinces", provinces.every(me));
        return "console/directory-agency";
    }

    private String where(Identity me, JsonNode agency) {
        if (agency.path("national").asBoolean(false)) {
            return pages.message("province.national");
        }
        String code = agency.path("provinceId").asString("");
        return code.isEmpty() ? "" : provinces.name(me, code);
    }

    private String adminsOnly(Model model, HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute("error", pages.message("directory.agency.adminsOnly"));
        return "console/failure";
    }
}
