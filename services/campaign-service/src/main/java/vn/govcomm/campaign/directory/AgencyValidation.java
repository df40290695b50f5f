package vn.govcomm.campaign.directory;

import org.springframework.http.HttpStatus;
import vn.govcomm.campaign.text.TextHygiene;
import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an admin's agency input and returns it cleaned (NFC, trimmed), or its field problems. The one set of
 * agency rules: the one-agency endpoints and the file import ({@link DirectoryFiles}) both use it; they differ
 * only in the {@link Hierarchy} the parent rules look at (the stored directory, or the directory as the file would
 * leave it).
 */
final class AgencyValidation {

    static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$");
    /** The AgencyChanged contract's limits on an endpoint. */
    static final int MAX_EXTERNAL_ID = 200;
    static final int MAX_DISPLAY_NAME = 300;
    /** Paths of {@code GET /api/agencies/...} that are not agencies: an agency of this id could not be read. */
    /** Names of the directory API's own paths under /api/agencies/: an agency so named could not be read there. */
    static final Set<String> RESERVED_IDS = Set.of(DirectoryController.EXPORT_CSV, DirectoryController.EXPORT_XLSX,
            DirectoryController.PROVINCES);
    private static final String CHANNEL_LIST = String.join(", ", Channels.ALL);

    private AgencyValidation() {
    }

    /** What the parent rules need to know of the directory the agency is (or will be) part of. */
    interface Hierarchy {

        boolean exists(String agencyId);

        /** Whether {@code agencyId} lies below {@code ancestorId} (its child, grandchild, ...). */
        boolean isBelow(String agencyId, String ancestorId);

        /** The province (or national tier) of an agency that {@link #exists}. */
        Tenant tenantOf(String agencyId);

        /** The stored directory (the one-agency endpoints). */
        static Hierarchy of(AgencyDirectory directory) {
            return new Hierarchy() {
                @Override
                public boolean exists(String agencyId) {
                    return directory.find(agencyId).isPresent();
                }

                @Override
                public boolean isBelow(String agencyId, String ancestorId) {
                    return directory.descendantsOf(ancestorId).stream().anyMatch(a -> a.agencyId().equals(agencyId));
                }

                @Override
                public Tenant tenantOf(String agencyId) {
                    return directory.tenantOf(agencyId).orElseThrow();
                }
            };
        }

        /** A directory held in memory as agency id → parent id (null for none), and agency id → tenant. */
        static Hierarchy of(Map<String, String> parentOf, Map<String, Tenant> tenants) {
            return new Hierarchy() {
                @Override
                public boolean exists(String agencyId) {
                    return parentOf.containsKey(agencyId);
                }

                @Override
                public boolean isBelow(String agencyId, String ancestorId) {
                    Set<String> seen = new HashSet<>();
                    for (String up = parentOf.get(agencyId); up != null && seen.add(up); up = parentOf.get(up)) {
                        if (up.equals(ancestorId)) {
                            return true;
                        }
                    }
                    return false;
                }

                @Override
                public Tenant tenantOf(String agencyId) {
                    return tenants.get(agencyId);
                }
            };
        }
    }

    /** The cleaned agency, or (then null) what is wrong with the input. */
    record Checked(Agency agency, List<FieldProblem> problems) {
    }

    /** The input cleaned, or 400 validation-failed with every field problem. */
    static Agency clean(Agency in, String agencyId, AgencyDirectory directory) {
        Checked checked = check(in, agencyId, Hierarchy.of(directory), directory);
        if (checked.agency() == null) {
            throw invalid(checked.problems());
        }
        return checked.agency();
    }

    static Checked check(Agency in, String agencyId, Hierarchy hierarchy, AgencyDirectory directory) {
        TextHygiene text = new TextHygiene();
        List<FieldProblem> problems = new ArrayList<>();
        if (agencyId == null || !ID.matcher(agencyId).matches()) {
            problems.add(new FieldProblem("agencyId", "invalid-id", "Mã cơ quan chỉ gồm chữ, số và . _ : -",
                    "Agency ids use letters, digits and . _ : - only"));
        } else if (RESERVED_IDS.contains(agencyId)) {
            problems.add(new FieldProblem("agencyId", "reserved-id", "Mã cơ quan này dành cho hệ thống: " + agencyId,
                    "This agency id is reserved: " + agencyId));
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
            } else if (!hierarchy.exists(parentId)) {
                problems.add(new FieldProblem("parentId", "unknown-agency", "Cơ quan cấp trên không tồn tại",
                        "Unknown parent agency"));
            } else if (agencyId != null && hierarchy.isBelow(parentId, agencyId)) {
                problems.add(new FieldProblem("parentId", "parent-cycle", "Cấp trên không thể là đơn vị cấp dưới",
                        "The parent cannot be one of the agency's own descendants"));
            }
        }
        Tenant tenant = tenant(in, problems);
        Tenant parent = parentId != null && tenant != null && hierarchy.exists(parentId) ? hierarchy.tenantOf(parentId)
                : null;  // null too for a parent in the file whose own province is refused
        if (parent != null && !parent.covers(tenant)) {
            problems.add(new FieldProblem("parentId", "parent-outside-province", "Cơ quan cấp trên " + parentId + " ("
                    + parent + ") không thuộc tỉnh của cơ quan (" + tenant + ") và không phải cơ quan trung ương",
                    "The parent " + parentId + " (" + parent + ") is neither in the agency's province (" + tenant
                            + ") nor national"));
        }
        String contactEmail = text.line("contactEmail", in.contactEmail());
        contactEmail = contactEmail == null || contactEmail.isBlank() ? null : contactEmail.strip();
        if (contactEmail != null) {
            Mailboxes.problem("contactEmail", contactEmail).ifPresent(problems::add);
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
            if (!Channels.isKnown(e.channel())) {
                problems.add(new FieldProblem(at + ".channel", "unknown-channel",
                        "Kênh phải là một trong: " + CHANNEL_LIST, "Channel must be one of: " + CHANNEL_LIST));
            }
            String externalId = text.line(at + ".externalId", e.externalId());
            externalId = externalId == null ? null : externalId.strip();
            String displayName = text.line(at + ".displayName", e.displayName());
            displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
            if (externalId == null || externalId.isBlank()) {
                problems.add(required(at + ".externalId"));
            } else if (Channels.MANUAL.equals(e.channel()) && !ManualKinds.ALL.contains(externalId)) {
                problems.add(new FieldProblem(at + ".externalId", "unknown-manual-kind",
                        "Loại điểm phát hành thủ công phải là một trong: " + ManualKinds.NAMES_VI,
                        "A manual endpoint's kind must be one of: " + String.join(", ", ManualKinds.ALL)));
            } else {
                Optional<FieldProblem> mailbox = Channels.EMAIL.equals(e.channel())
                        ? Mailboxes.problem(at + ".externalId", externalId) : Optional.empty();
                if (mailbox.isPresent()) {
                    problems.add(mailbox.get());
                } else if (externalId.length() > MAX_EXTERNAL_ID) {
                    problems.add(tooLong(at + ".externalId", MAX_EXTERNAL_ID));
                }
            }
            if (Channels.MANUAL.equals(e.channel()) && displayName == null) {
                // The kind alone ("one-stop-board") does not tell the agency which board or what to do.
                problems.add(new FieldProblem(at + ".displayName", "required",
                        "Cần ghi rõ việc cơ quan phải làm, ví dụ \"Bảng tin Bộ phận Một cửa\"",
                        "Say what the agency must do, e.g. \"Bảng tin Bộ phận Một cửa\" (One-Stop desk notice board)"));
            } else if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
                problems.add(tooLong(at + ".displayName", MAX_DISPLAY_NAME));
            }
            Agency.Screen screen = e.screen();
            if (Channels.LED.equals(e.channel()) && (screen == null || screen.lines() == null || screen.lines() < 1
                    || screen.charsPerLine() == null || screen.charsPerLine() < 1)) {
                problems.add(new FieldProblem(at + ".screen", "screen-size-required",
                        "Màn hình LED cần số dòng và số ký tự mỗi dòng (≥ 1)",
                        "An LED screen needs lines and charsPerLine (at least 1)"));
            }
            if (screen != null) {
                screen = new Agency.Screen(screen.lines(), screen.charsPerLine(), screen.widthPx(), screen.heightPx(),
                        text.line(at + ".screen.site", screen.site()));
            }
            endpoints.add(new Agency.Endpoint(e.endpointId(), e.channel(), displayName, externalId, screen));
        }
        List<String> groups = text.lines("groups", in.groups());
        problems.addAll(0, text.problems());
        if (!problems.isEmpty()) {
            return new Checked(null, problems);
        }
        Agency clean = new Agency(agencyId, name.strip(), text.line("shortName", in.shortName()), type.strip(), parentId,
                groups, contactEmail, in.active(), endpoints, in.version(), null, null, null, tenant.provinceId(),
                tenant.national());
        List<FieldProblem> contract = directory.contractViolations(clean).stream()
                .map(AgencyValidation::contractProblem).toList();
        return contract.isEmpty() ? new Checked(clean, List.of()) : new Checked(null, contract);
    }

    /**
     * The agency's tenant: a province of {@link Provinces} ({@code unknown-province} otherwise; {@code required} when
     * neither a province nor national is given), or national without a province ({@code national-with-province}).
     */
    private static Tenant tenant(Agency in, List<FieldProblem> problems) {
        String provinceId = in.provinceId() == null || in.provinceId().isBlank() ? null : in.provinceId().strip();
        if (in.isNational()) {
            if (provinceId == null) {
                return Tenant.NATIONAL;
            }
            problems.add(new FieldProblem("provinceId", "national-with-province",
                    "Cơ quan trung ương không thuộc tỉnh nào: bỏ mã tỉnh hoặc bỏ đánh dấu trung ương",
                    "A national agency belongs to no province: drop the province or the national flag"));
            return null;
        }
        if (provinceId == null) {
            problems.add(new FieldProblem("provinceId", "required", "Cần mã tỉnh, thành phố (hoặc đánh dấu cơ quan "
                    + "trung ương)", "A province code is required (or mark the agency national)"));
            return null;
        }
        if (!Provinces.isKnown(provinceId)) {
            problems.add(new FieldProblem("provinceId", "unknown-province", "Mã tỉnh/thành phố không có trong 34 đơn vị "
                    + "hành chính cấp tỉnh (Nghị quyết 202/2025/QH15): " + provinceId, "Not one of the 34 province codes "
                    + "(Resolution 202/2025/QH15): " + provinceId));
            return null;
        }
        return Tenant.province(provinceId);
    }

    /**
     * An agency that was succeeded (merged or renamed) stays inactive: its deliveries, history and tasks went to the
     * successor, and a second live copy of it would split them again.
     */
    static Optional<FieldProblem> reactivated(Agency current, Agency next) {
        if (current == null || !current.succeeded() || !next.active()) {
            return Optional.empty();
        }
        return Optional.of(new FieldProblem("active", "agency-succeeded",
                "Cơ quan đã được " + current.successorId() + " kế thừa, không thể hoạt động lại",
                "The agency was succeeded by " + current.successorId() + " and cannot be active again"));
    }

    /**
     * A violation of the AgencyChanged contract ({@code /endpoints/0/externalId: must be at most 200 characters
     * long}) as a problem on the input field it comes from; the schema's words are English only.
     */
    static FieldProblem contractProblem(String violation) {
        int colon = violation.indexOf(": ");
        String pointer = colon < 0 ? "" : violation.substring(0, colon);
        String message = colon < 0 ? violation : violation.substring(colon + 2);
        String field = pointer.replaceFirst("^[$/]", "").replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
        if (field.equals("contactEmail")) {
            // The contract's format: email also wants a top-level domain IANA knows (a typo such as .gov.nv).
            return new FieldProblem(field, "invalid-email",
                    "Địa chỉ thư điện tử không hợp lệ (tên miền cấp cao nhất không tồn tại?): " + message,
                    "Not a valid e-mail address (unknown top-level domain?): " + message);
        }
        return new FieldProblem(field.isEmpty() ? "agency" : field, "contract-violation",
                "Không phù hợp với hợp đồng sự kiện AgencyChanged: " + message,
                "Does not fit the AgencyChanged event contract: " + message);
    }

    private static ApiProblem invalid(List<FieldProblem> problems) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                "Dữ liệu không hợp lệ. / The request has invalid fields.", problems);
    }

    private static FieldProblem tooLong(String field, int max) {
        return new FieldProblem(field, "too-long", "Tối đa " + max + " ký tự", "At most " + max + " characters");
    }

    private static FieldProblem required(String field) {
        return new FieldProblem(field, "required", "Trường này là bắt buộc", "This field is required");
    }
}
