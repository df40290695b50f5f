package vn.govcomm.gateway.console;

import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.led.LedText;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.Service;
import vn.govcomm.gateway.security.Identity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static vn.govcomm.gateway.console.ConsolePages.IDENTITY;

/**
 * The create/edit wizard: notice per channel, targets chosen in the agency picker ({@link AgencyPicker}: search,
 * groups, hierarchy, per-target channels; htmx refreshes it, and without JavaScript its "Tìm" button posts the whole
 * form back to {@code /console/campaigns/picker}, which shows the wizard again as it was typed), channels, window and
 * schedule, and
 * the per-channel preview (htmx, refreshed as the officer types). Saving creates or updates the draft at the campaign
 * service. The notice body is a textarea that the notice editor (src/main/frontend, built into
 * {@code /console/static/editor.js} where npm exists) takes over when its bundle is there: the form posts
 * {@code bodyHtml} either way.
 */
@Controller
@RequestMapping("/console")
class CampaignWizardController {

    /** A picture the campaign service keeps in a notice body (its TextHygiene.IMAGE_SOURCE). */
    static final String PLATFORM_PICTURE = NoticeAttachments.DOWNLOAD_PATH
            + "att-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    static final List<String> GROUPS = List.of("co-quan-chuyen-mon", "nganh-doc", "ubnd-cap-huyen",
            "don-vi-su-nghiep", "ubnd-cap-xa", "bao-chi", "ubnd-tinh");

    private final PlatformApi api;
    private final ConsoleAudit audit;
    private final ConsolePages pages;
    private final boolean editorBuilt;
    private final PlanTasks planTasks;
    private final AgencyPicker picker;
    private final NoticeAttachments attachments;
    private final ProvinceNames provinces;

    CampaignWizardController(PlatformApi api, ConsoleAudit audit, ConsolePages pages, ConsoleProperties properties,
                             ResourceLoader resources, PlanTasks planTasks, AgencyPicker picker,
                             NoticeAttachments attachments, ProvinceNames provinces) {
        this.api = api;
        this.attachments = attachments;
        this.provinces = provinces;
        this.picker = picker;
        this.planTasks = planTasks;
        this.audit = audit;
        this.pages = pages;
        this.editorBuilt = resources.getResource(properties.editorScript()).exists();
    }

    /** A new campaign; {@code planTaskId} preset by a plan's "create a campaign for this task" button. */
    @GetMapping("/campaigns/new")
    String newCampaign(@RequestAttribute(IDENTITY) Identity me, @RequestParam(required = false) String planTaskId,
                       Model model) {
        CampaignForm form = planTaskId == null || planTaskId.isBlank() ? CampaignForm.empty()
                : CampaignForm.empty().withPlanTask(planTaskId.strip());
        return wizard(me, form, null, model);
    }

    @GetMapping("/campaigns/{id}/edit")
    String edit(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id, Model model) {
        JsonNode campaign = api.get(Service.CAMPAIGNS, me, "/api/campaigns/{id}", id);
        int approved = campaign.path("approvedVersion").asInt(0);
        if (approved > 0) {
            model.addAttribute("newVersion", pages.message("version.editing", approved + 1, approved));
        }
        // the version the form was read at goes back as If-Match: a change made meanwhile is refused (412), not lost
        model.addAttribute("ifMatch", campaign.path("version").isIntegralNumber() ? campaign.path("version").asLong() : null);
        return wizard(me, CampaignForm.of(campaign), id, model);
    }

    private String wizard(Identity me, CampaignForm form, String id, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("campaignId", id);
        if (id == null && !model.containsAttribute(RequestKeys.FIELD)) {
            model.addAttribute(RequestKeys.FIELD, RequestKeys.fresh());   // the create's Idempotency-Key
        }
        model.addAttribute("groups", GROUPS);
        model.addAttribute("allChannels", CampaignForm.ALL_CHANNELS);
        model.addAttribute("editorScript", editorBuilt);
        // the select's groups: plan title → its tasks
        Map<String, List<PlanTasks.Task>> byPlan = new LinkedHashMap<>();
        planTasks.linkable(me, form.planTaskId()).forEach(t -> byPlan.computeIfAbsent(t.planTitle(), p -> new ArrayList<>()).add(t));
        model.addAttribute("planTasks", byPlan);
        pickerModel(me, form, model);
        return "console/wizard";
    }

    @PostMapping("/campaigns")
    String create(@RequestAttribute(IDENTITY) Identity me, @ModelAttribute("form") CampaignForm form,
                  @RequestParam(required = false) MultipartFile upload,
                  @RequestParam(name = RequestKeys.FIELD, required = false) String requestKey, Model model, Locale locale)
            throws IOException {
        String key = RequestKeys.sent(requestKey);
        if (key != null) {
            model.addAttribute(RequestKeys.FIELD, key);   // the same key when the form comes back with problems
        }
        CampaignForm typed = form;
        form = withUpload(me, typed, upload, model);
        if (form == null) {
            return wizard(me, typed, null, model);
        }
        if (!form.problems().isEmpty()) {
            return wizardWithProblems(me, form, null, model);
        }
        try {
            JsonNode created = api.sendOnce(Service.CAMPAIGNS, "POST", me, "/api/campaigns", form.toRequest(me.agency()),
                    key);
            audit.record(me, "create", "/api/campaigns", 201);
            return ConsolePages.redirectToCampaign(created.path("id").asString());
        } catch (ApiFailure e) {
            return refused(me, form, null, e, model, locale);
        }
    }

    @PostMapping("/campaigns/{id}")
    String update(@RequestAttribute(IDENTITY) Identity me, @PathVariable String id,
                  @ModelAttribute("form") CampaignForm form, @RequestParam(required = false) Long ifMatch,
                  @RequestParam(required = false) MultipartFile upload, Model model, Locale locale,
                  RedirectAttributes redirect) throws IOException {
        model.addAttribute("ifMatch", ifMatch);   // kept by the form when it comes back with problems
        CampaignForm typed = form;
        form = withUpload(me, typed, upload, model);
        if (form == null) {
            return wizard(me, typed, id, model);
        }
        if (!form.problems().isEmpty()) {
            return wizardWithProblems(me, form, id, model);
        }
        try {
            JsonNode saved = ifMatch == null   // no version: the service asks for one (428), said in its words
                    ? api.send(Service.CAMPAIGNS, "PUT", me, "/api/campaigns/{id}", form.toRequest(me.agency()), id)
                    : api.sendIfMatch(Service.CAMPAIGNS, "PUT", me, "/api/campaigns/{id}", form.toRequest(me.agency()), ifMatch, id);
            audit.record(me, "update", "/api/campaigns/" + id, 200);
            int approved = saved.path("approvedVersion").asInt(0);
            if (approved > 0) {
                // an approved campaign's edit is a new notice version: say it waits for approval, the old one stays live
                redirect.addFlashAttribute("done", pages.message("version.saved",
                        saved.path("noticeVersion").asInt(approved + 1), approved));
            }
            return ConsolePages.redirectToCampaign(id);
        } catch (ApiFailure e) {
            return refused(me, form, id, e, model, locale);
        }
    }

    /** The service's refusal at its fields; a target outside the officer's province named in words. */
    private String refused(Identity me, CampaignForm form, String id, ApiFailure e, Model model, Locale locale) {
        Map<String, String> fieldErrors = FieldErrors.of(e, CampaignForm::formField, locale);
        String error = provinces.outside(me, e, form.targets().stream().map(CampaignForm.Target::id).toList())
                .map(words -> {
                    fieldErrors.put("agencies", words);
                    return words;
                }).orElse(e.getMessage());
        model.addAttribute("error", error);
        model.addAttribute("fieldErrors", fieldErrors);
        return wizard(me, form, id, model);
    }

    /** What the console can tell without the service (reminder days that are not numbers, a deadline outside the window). */
    private String wizardWithProblems(Identity me, CampaignForm form, String id, Model model) {
        model.addAttribute("error", pages.message("wizard.problems"));
        model.addAttribute("fieldErrors", FieldErrors.ofKeys(form.problems(), pages));
        return wizard(me, form, id, model);
    }

    /**
     * Without JavaScript: the notice step's "Tải tệp lên" button (the file chosen in {@code upload}) and each listed
     * file's "Bỏ" button ({@code dropAttachment}) post the whole form; the wizard comes again as it was typed, with
     * the list changed or the refusal said at the field. (The editor's script uploads at once instead, and takes
     * these buttons out of the form's submit buttons.)
     */
    @PostMapping("/campaigns/attachments")
    String attach(@RequestAttribute(IDENTITY) Identity me, @ModelAttribute("form") CampaignForm form,
                  @RequestParam(required = false) String campaignId, @RequestParam(required = false) Long ifMatch,
                  @RequestParam(required = false) MultipartFile upload,
                  @RequestParam(required = false) String dropAttachment, Model model) throws IOException {
        model.addAttribute("ifMatch", ifMatch);
        String id = campaignId == null || campaignId.isBlank() ? null : campaignId;
        if (dropAttachment != null && !dropAttachment.isBlank()) {
            return wizard(me, form.withoutAttachment(dropAttachment), id, model);
        }
        // no file chosen (Enter pressed in a field: this is the form's first submit button): the wizard as typed
        CampaignForm shown = withUpload(me, form, upload, model);
        return wizard(me, shown == null ? form : shown, id, model);
    }

    /**
     * The form with the file chosen without JavaScript (if any) uploaded and listed; null when the service refused it:
     * the refusal is then in the model, at the attachments field, with the form as it came.
     */
    private CampaignForm withUpload(Identity me, CampaignForm form, MultipartFile upload, Model model) throws IOException {
        if (upload == null || upload.isEmpty()) {
            return form;
        }
        try {
            CampaignForm listed = form.withAttachment(attachments.upload(me, upload));
            audit.record(me, "upload-attachment", "/api/campaigns/attachments", 201);
            return listed;
        } catch (ApiFailure e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("fieldErrors", Map.of("attachments", e.getMessage()));
            return null;
        }
    }

    /** Without JavaScript: the picker's "Tìm" / "Xem đơn vị trực thuộc" buttons post the form, shown again as typed. */
    @PostMapping("/campaigns/picker")
    String pick(@RequestAttribute(IDENTITY) Identity me, @ModelAttribute("form") CampaignForm form,
                @RequestParam(required = false) String campaignId, Model model) {
        return wizard(me, form, campaignId == null || campaignId.isBlank() ? null : campaignId, model);
    }

    /** htmx: the picker's results and chosen targets for what the form holds (search text, group, ticked boxes). */
    @PostMapping("/agencies/picker")
    String picker(@RequestAttribute(IDENTITY) Identity me, @ModelAttribute("form") CampaignForm form,
                  @RequestParam(required = false) String campaignId, Model model) {
        model.addAttribute("campaignId", campaignId == null || campaignId.isBlank() ? null : campaignId);
        pickerModel(me, form, model);
        return "console/picker :: pickerBody";
    }

    /** htmx: the targets in words (who, and on which channels), refreshed as the form changes. */
    @PostMapping("/agencies/summary")
    String summary(@RequestAttribute(IDENTITY) Identity me, @ModelAttribute("form") CampaignForm form, Model model) {
        model.addAttribute("chosen", picker.chosen(me, form));
        return "console/picker :: targetsSummary";
    }

    private void pickerModel(Identity me, CampaignForm form, Model model) {
        model.addAttribute("group", form.group());
        model.addAttribute("results", picker.search(me, form));
        model.addAttribute("chosen", picker.chosen(me, form));
        model.addAttribute("allChannels", CampaignForm.ALL_CHANNELS);
    }

    /**
     * htmx: the notice as each channel will show it: the portal's feed item (the HTML, cleaned for display), the
     * Facebook post as the publisher writes it (its text, or the title and the summary or plain body), the Zalo
     * article, and the LED pages at the chosen screen size, fitted by the one LED rule ({@link LedText}).
     */
    @PostMapping("/preview")
    String preview(@ModelAttribute("form") CampaignForm form, Model model) {
        String body = form.bodyHtml() == null ? "" : form.bodyHtml();
        String bodyText = Jsoup.parse(body).text();
        org.jsoup.nodes.Document shown = Jsoup.parseBodyFragment(Jsoup.clean(body, "https://console.invalid/",
                Safelist.relaxed().preserveRelativeLinks(true)));
        // only the platform's own pictures, as the campaign service keeps them (TextHygiene)
        shown.select("img").forEach(img -> {
            if (!img.attr("src").matches(PLATFORM_PICTURE)) {
                img.remove();
            }
        });
        model.addAttribute("safeBody", shown.body().html());
        model.addAttribute("bodyPictures", shown.select("img").size());
        List<NoticeAttachments.Attachment> files = form.attachmentList();
        model.addAttribute("files", files);
        model.addAttribute("filePictures", files.stream().filter(NoticeAttachments.Attachment::image).toList());
        model.addAttribute("bodyText", bodyText);
        String summary = form.summary() == null || form.summary().isBlank() ? bodyText : form.summary();
        model.addAttribute("facebookText", form.facebookText() != null && !form.facebookText().isBlank()
                ? form.facebookText() : (form.title() == null ? "" : form.title()) + "\n\n" + summary);
        String led = form.ledText() == null || form.ledText().isBlank() ? form.title() : form.ledText();
        model.addAttribute("ledPages", LedText.pages(LedText.wrap(led, form.screenChars()), form.screenLines()));
        model.addAttribute("ledLines", form.screenLines());
        model.addAttribute("ledChars", form.screenChars());
        return "console/fragments :: preview";
    }
}
