package vn.govcomm.campaign.directory;

import org.springframework.http.HttpStatus;
import vn.govcomm.campaign.text.TextHygiene;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an admin's agency input and returns it cleaned (NFC, trimmed), or throws with field problems. */
final class AgencyValidation {

    static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$");
    static final Set<String> CHANNELS = Set.of("portal", "facebook", "zalo", "led");

    private AgencyValidation() {
    }

    static Agency clean(Agency in, String agencyId, AgencyDirectory directory) {
        TextHygiene text = new TextHygiene();
        List<FieldProblem> problems = new ArrayList<>();
        if (agencyId == null || !ID.matcher(agencyId).matches()) {
            problems.add(new FieldProblem("agencyId", "invalid-id", "Mã cơ quan chỉ gồm chữ, số và . _ : -",
                    "Agency ids use letters, digits and . _ : - only"));
        }
        String name = text.line("name", in.name());
        if (name == null || name.isBlank()) {
            problems.add(required("name"));
        }
        String type = text.line("type", in.type());
        if (type == null || type.isBlank()) {
            problems.add(required("type"));
        }
        String parentId = in.parentId() == null || in.parentId().isBlank() ? null : in.parentId().trim();
        if (parentId != null) {
            if (parentId.equals(agencyId)) {
                problems.add(new FieldProblem("parentId", "parent-cycle", "Cơ quan không thể là cấp trên của chính nó",
                        "An agency cannot be its own parent"));
            } else if (directory.find(parentId).isEmpty()) {
                problems.add(new FieldProblem("parentId", "unknown-agency", "Cơ quan cấp trên không tồn tại",
                        "Unknown parent agency"));
            } else if (agencyId != null && directory.descendantsOf(agencyId).stream()
                    .anyMatch(a -> a.agencyId().equals(parentId))) {
                problems.add(new FieldProblem("parentId", "parent-cycle", "Cấp trên không thể là đơn vị cấp dưới",
                        "The parent cannot be one of the agency's own descendants"));
            }
        }
        List<Agency.Endpoint> endpoints = new ArrayList<>();
        Set<String> endpointIds = new HashSet<>();
        List<Agency.Endpoint> given = in.endpoints() == null ? List.of() : in.endpoints();
        for (int i = 0; i < given.size(); i++) {
            Agency.Endpoint e = given.get(i);
            String at = "endpoints[" + i + "]";
            if (e == null) {
                problems.add(required(at));
                continue;
            }
            if (e.endpointId() == null || !ID.matcher(e.endpointId()).matches()) {
                problems.add(new FieldProblem(at + ".endpointId", "invalid-id", "Mã điểm phát hành không hợp lệ",
                        "Invalid endpoint id"));
            } else if (!endpointIds.add(e.endpointId())) {
                problems.add(new FieldProblem(at + ".endpointId", "duplicate-endpoint", "Mã điểm phát hành bị trùng",
                        "Duplicate endpoint id"));
            }
            if (e.channel() == null || !CHANNELS.contains(e.channel())) {
                problems.add(new FieldProblem(at + ".channel", "unknown-channel",
                        "Kênh phải là portal, facebook, zalo hoặc led", "Channel must be portal, facebook, zalo or led"));
            }
            String externalId = text.line(at + ".externalId", e.externalId());
            if (externalId == null || externalId.isBlank()) {
                problems.add(required(at + ".externalId"));
            }
            Agency.Screen screen = e.screen();
            if ("led".equals(e.channel()) && (screen == null || screen.lines() == null || screen.lines() < 1
                    || screen.charsPerLine() == null || screen.charsPerLine() < 1)) {
                problems.add(new FieldProblem(at + ".screen", "screen-size-required",
                        "Màn hình LED cần số dòng và số ký tự mỗi dòng (≥ 1)",
                        "An LED screen needs lines and charsPerLine (at least 1)"));
            }
            if (screen != null) {
                screen = new Agency.Screen(screen.lines(), screen.charsPerLine(), screen.widthPx(), screen.heightPx(),
                        text.line(at + ".screen.site", screen.site()));
            }
            endpoints.add(new Agency.Endpoint(e.endpointId(), e.channel(), text.line(at + ".displayName", e.displayName()),
                    externalId, screen));
        }
        List<String> groups = text.lines("groups", in.groups());
        problems.addAll(0, text.problems());
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
        }
        return new Agency(agencyId, name.strip(), text.line("shortName", in.shortName()), type.strip(), parentId,
                groups, in.active(), endpoints, in.version());
    }

    private static FieldProblem required(String field) {
        return new FieldProblem(field, "required", "Trường này là bắt buộc", "This field is required");
    }
}
