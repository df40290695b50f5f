package vn.govcomm.campaign.directory;

import org.apache.poi.poifs.filesystem.FileMagic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import vn.govcomm.campaign.directory.DirectoryFile.Column;
import vn.govcomm.campaign.directory.DirectoryFile.Line;
import vn.govcomm.campaign.directory.DirectoryFile.RawRow;
import vn.govcomm.campaign.directory.DirectoryFile.RowProblem;
import vn.govcomm.campaign.web.Uploads;
import vn.govcomm.kit.files.MediaTypeSniffer;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The whole directory as a file: export (CSV, XLSX) and import with a validation report. An import is checked whole
 * before anything is written: every row with the one-agency rules ({@link AgencyValidation}) against the directory as
 * the file would leave it, plus the file's own rules (header, an agency's rows together and alike). One bad row and
 * nothing is written; otherwise the changed agencies go to {@link AgencyDirectory#importAll} in one bulk write, each
 * with its AgencyChanged event and audit entry. The directory is read once, not per row.
 */
@Service
@EnableConfigurationProperties(ImportProperties.class)
class DirectoryFiles {

    private static final Logger log = LoggerFactory.getLogger(DirectoryFiles.class);
    private static final Pattern ENDPOINT_FIELD = Pattern.compile("^endpoints\\[(\\d+)](?:\\.(.+))?$");
    /** The one-agency rules' field names and the file's columns. */
    private static final Map<String, Column> AGENCY_FIELDS = Map.ofEntries(Map.entry("agencyId", Column.AGENCY_ID),
            Map.entry("name", Column.NAME), Map.entry("shortName", Column.SHORT_NAME), Map.entry("type", Column.TYPE),
            Map.entry("parentId", Column.PARENT_ID), Map.entry("groups", Column.GROUPS),
            Map.entry("contactEmail", Column.CONTACT_EMAIL), Map.entry("active", Column.ACTIVE),
            Map.entry("successorId", Column.SUCCESSOR_ID), Map.entry("successionKind", Column.SUCCESSION_KIND),
            Map.entry("provinceId", Column.PROVINCE_ID), Map.entry("national", Column.NATIONAL));
    private static final Map<String, Column> ENDPOINT_FIELDS = Map.of("endpointId", Column.ENDPOINT_ID,
            "channel", Column.CHANNEL, "externalId", Column.EXTERNAL_ID, "displayName", Column.DISPLAY_NAME,
            "screen", Column.SCREEN_LINES, "screen.lines", Column.SCREEN_LINES,
            "screen.charsPerLine", Column.SCREEN_CHARS_PER_LINE, "screen.widthPx", Column.SCREEN_WIDTH_PX,
            "screen.heightPx", Column.SCREEN_HEIGHT_PX, "screen.site", Column.SCREEN_SITE);

    private final AgencyDirectory directory;
    private final Successions successions;
    private final ImportProperties properties;

    DirectoryFiles(AgencyDirectory directory, Successions successions, ImportProperties properties) {
        this.directory = directory;
        this.successions = successions;
        this.properties = properties;
    }

    byte[] exportCsv() {
        return DirectoryCsv.write(directory.currentAgencies());
    }

    byte[] exportXlsx() {
        return DirectoryXlsx.write(directory.currentAgencies());
    }

    /**
     * Imports a CSV or XLSX file (the type judged by its content): the report of what changed or, on a dry run,
     * what would; {@link ImportRefused} (422) with every problem when any row is bad, and then nothing changed.
     */
    ImportReport importFile(long declaredSize, InputStream content, boolean dryRun, String actor, String actorName)
            throws IOException {
        long started = System.nanoTime();
        byte[] data = Uploads.read(declaredSize, content, properties.maxSize().toBytes());
        List<RawRow> raw;
        try {
            raw = switch (sniff(data)) {
                case XLSX -> DirectoryXlsx.read(data, properties.maxRows());
                case CSV -> DirectoryCsv.read(data, properties.maxRows());
            };
        } catch (UnreadableFile e) {
            throw new ImportRefused(ImportReport.refused(dryRun, 0, 0, List.of(e.problem())));
        } catch (DirectoryXlsx.NotAWorkbook e) {
            throw unsupported("Tệp ZIP này không phải bảng tính Excel (.xlsx)",
                    "This ZIP file is not an Excel workbook (.xlsx)");
        }
        if (raw.isEmpty()) {
            throw new ImportRefused(ImportReport.refused(dryRun, 0, 0, List.of(new RowProblem(1, null, "missing-header",
                    "Tệp không có dòng tiêu đề", "The file has no header row"))));
        }
        DirectoryFile.Header header = DirectoryFile.header(raw.getFirst());
        List<Line> lines = raw.subList(1, raw.size()).stream().map(r -> DirectoryFile.line(header, r)).toList();
        if (!header.problems().isEmpty()) {
            throw new ImportRefused(ImportReport.refused(dryRun, lines.size(), 0, header.problems()));
        }
        if (lines.isEmpty()) {
            throw new ImportRefused(ImportReport.refused(dryRun, 0, 0, List.of(new RowProblem(2, null, "no-rows",
                    "Tệp không có dòng dữ liệu nào", "The file has no data rows"))));
        }
        boolean tenancy = header.positions().contains(Column.PROVINCE_ID) || header.positions().contains(Column.NATIONAL);
        Plan plan = plan(lines, tenancy, dryRun);
        if (!dryRun) {
            directory.importAll(plan.created(), plan.replaced(), actor);
        }
        List<ImportReport.SuccessionRun> ran = new ArrayList<>();
        for (Succession s : plan.successions()) {
            // after the agencies are written: a successor may be new in the file; read again (new versions)
            Agency predecessor = dryRun ? s.predecessor() : directory.find(s.predecessor().agencyId()).orElseThrow();
            Agency successor = dryRun ? s.successor() : directory.find(s.successor().agencyId()).orElseThrow();
            Successions.Moved moved = successions.succeed(predecessor, successor, s.kind(), dryRun, actor, actorName);
            ran.add(new ImportReport.SuccessionRun(s.row(), predecessor.agencyId(), successor.agencyId(), s.kind().name(),
                    moved.repointedPredecessors(), moved.planTasks(), moved.templates(), moved.campaigns()));
        }
        ImportReport report = new ImportReport(dryRun, lines.size(), plan.agencies(), plan.created().size(),
                plan.replaced().size(), plan.unchanged(), ran, List.of());
        log.info("Directory import by {}{}: {} rows, {} agencies: {} created, {} updated, {} unchanged, {} successions "
                        + "({} ms)", actor, dryRun ? " (dry run)" : "", report.rows(), report.agencies(),
                report.agenciesCreated(), report.agenciesUpdated(), report.unchanged(), ran.size(),
                (System.nanoTime() - started) / 1_000_000);
        return report;
    }

    private enum Format { CSV, XLSX }

    /**
     * By content: a ZIP is read as an XLSX workbook; text is CSV. PDFs, images and Word documents (the kit's sniffer),
     * old .xls workbooks and other binary files are refused.
     */
    private static Format sniff(byte[] data) {
        Optional<String> known = MediaTypeSniffer.sniff(data).filter(type -> !type.equals(MediaTypeSniffer.XLSX));
        if (known.isPresent()) {
            String label = MediaTypeSniffer.label(known.get());
            throw unsupported("Đây là tệp " + label + ", không phải CSV hoặc XLSX",
                    "This is a " + label + " file, not CSV or XLSX");
        }
        FileMagic magic = FileMagic.valueOf(data);
        if (magic == FileMagic.OOXML) {
            return Format.XLSX;
        }
        if (magic == FileMagic.OLE2) {
            throw unsupported("Tệp Excel 97-2003 (.xls) không được hỗ trợ; hãy lưu thành .xlsx hoặc CSV UTF-8",
                    "Excel 97-2003 files (.xls) are not supported; save as .xlsx or CSV UTF-8");
        }
        for (int i = 0; i < Math.min(data.length, 8192); i++) {
            if (data[i] == 0) {
                throw unsupported("Tệp nhị phân, không phải CSV hoặc XLSX", "A binary file, not CSV or XLSX");
            }
        }
        return Format.CSV;
    }

    /** What the file would do: agencies to create and to replace, how many are already as it says, successions to run. */
    private record Plan(int agencies, List<Agency> created, List<AgencyDirectory.Replacement> replaced, int unchanged,
                        List<Succession> successions) {
    }

    /** A succession a row asks for, with both agencies as the file leaves them (before the succession). */
    private record Succession(int row, Agency predecessor, Agency successor, Agency.SuccessionKind kind) {
    }

    /** One agency of the file: its rows in order, and the row of each endpoint (by its index in the agency). */
    private record Block(String agencyId, List<Line> lines, List<Line> endpointLines) {
    }

    /**
     * {@code tenancy}: the file has a province or national column. Without them an agency keeps its stored tenancy and
     * a new one is the home province's (files written before provinces import unchanged).
     */
    private Plan plan(List<Line> lines, boolean tenancy, boolean dryRun) {
        List<RowProblem> problems = new ArrayList<>();
        Map<String, Block> blocks = blocks(lines, problems);
        Map<String, Agency> current = directory.currentAgencies().stream()
                .collect(Collectors.toMap(Agency::agencyId, Function.identity()));
        // The parent rules look at the directory as the file would leave it: a parent may be in the file.
        Map<String, String> parentOf = new HashMap<>();
        Map<String, Tenant> tenants = new HashMap<>();
        current.values().forEach(a -> {
            parentOf.put(a.agencyId(), a.parentId());
            tenants.put(a.agencyId(), a.tenant());
        });
        Map<String, Tenant> fileTenants = new HashMap<>();
        for (Block b : blocks.values()) {
            parentOf.put(b.agencyId(), b.lines().getFirst().get(Column.PARENT_ID));
            Tenant t = tenant(b, tenancy, current.get(b.agencyId()), problems);
            if (t != null) {
                fileTenants.put(b.agencyId(), t);
                if (t.national() || Provinces.isKnown(t.provinceId())) {
                    tenants.put(b.agencyId(), t);
                }
            }
        }
        AgencyValidation.Hierarchy hierarchy = AgencyValidation.Hierarchy.of(parentOf, tenants);

        List<Agency> created = new ArrayList<>();
        List<AgencyDirectory.Replacement> replaced = new ArrayList<>();
        Map<String, Agency> after = new HashMap<>(current);
        int unchanged = 0;
        for (Block block : blocks.values()) {
            List<RowProblem> cellProblems = new ArrayList<>();
            Tenant tenant = fileTenants.get(block.agencyId());
            if (tenant == null) {
                continue;  // a national cell that is not yes/no: reported already
            }
            Agency input = agency(block, cellProblems).in(tenant);
            AgencyValidation.Checked checked = AgencyValidation.check(input, block.agencyId(), hierarchy, directory);
            Set<String> badCells = new HashSet<>();
            cellProblems.forEach(p -> badCells.add(p.row() + "/" + p.field()));
            problems.addAll(cellProblems);
            for (FieldProblem p : checked.problems()) {
                for (RowProblem rp : rowProblems(block, p)) {
                    if (!badCells.contains(rp.row() + "/" + rp.field())) {
                        problems.add(rp);
                    }
                }
            }
            if (checked.agency() == null || !cellProblems.isEmpty()) {
                continue;
            }
            Agency before = current.get(block.agencyId());
            Optional<FieldProblem> reactivated = AgencyValidation.reactivated(before, checked.agency());
            if (reactivated.isPresent()) {
                problems.addAll(rowProblems(block, reactivated.get()));
                continue;
            }
            after.put(block.agencyId(), checked.agency());
            if (before == null) {
                created.add(checked.agency());
            } else if (AgencyChanges.between(before, withVersionOf(checked.agency(), before)).isEmpty()) {
                unchanged++;
            } else {
                replaced.add(new AgencyDirectory.Replacement(before, checked.agency()));
            }
        }
        List<Succession> successions = successions(blocks, current, after, problems);
        if (!problems.isEmpty()) {
            throw new ImportRefused(ImportReport.refused(dryRun, lines.size(), blocks.size(), sorted(problems)));
        }
        return new Plan(blocks.size(), created, replaced, unchanged, successions);
    }

    /**
     * The successions the file's rows ask for ({@code successor_id}, {@code succession_kind}), checked with the rules of
     * {@code POST /api/agencies/{id}/succession} against the directory as the file leaves it ({@code after}: agencies
     * whose rows are bad are left as they are, their own problems are reported already): the successor is another
     * agency, in the directory or the file, active; no cycle with the recorded successions and the file's other rows;
     * not already succeeded by another agency or in another way (the same succession again is nothing to do). A row
     * naming a successor says {@code active} = không, as the succession leaves it. Problems on every row of the agency.
     */
    private static List<Succession> successions(Map<String, Block> blocks, Map<String, Agency> current,
                                                Map<String, Agency> after, List<RowProblem> problems) {
        Map<String, String> successorOf = new HashMap<>();
        current.values().stream().filter(Agency::succeeded).forEach(a -> successorOf.put(a.agencyId(), a.successorId()));
        blocks.values().forEach(b -> {
            String successorId = b.lines().getFirst().get(Column.SUCCESSOR_ID);
            if (successorId != null) {
                successorOf.put(b.agencyId(), successorId);
            }
        });
        List<Succession> out = new ArrayList<>();
        for (Block block : blocks.values()) {
            Line first = block.lines().getFirst();
            String successorId = first.get(Column.SUCCESSOR_ID);
            String kindCell = first.get(Column.SUCCESSION_KIND);
            if (successorId == null && kindCell == null) {
                continue;
            }
            List<FieldProblem> found = new ArrayList<>();
            Agency.SuccessionKind kind = Arrays.stream(Agency.SuccessionKind.values())
                    .filter(k -> k.name().equalsIgnoreCase(kindCell)).findFirst().orElse(null);
            if (kind == null) {
                found.add(new FieldProblem("successionKind", kindCell == null ? "required" : "unknown-kind",
                        "Hình thức kế thừa phải là MERGED (sáp nhập) hoặc RENAMED (đổi tên)",
                        "The kind must be MERGED or RENAMED"));
            }
            Agency predecessor = after.get(block.agencyId());
            Agency successor = successorId == null ? null : after.get(successorId);
            Agency recorded = current.get(block.agencyId());
            if (recorded != null && recorded.succeeded() && recorded.successorId().equals(successorId)
                    && recorded.successionKind() == kind) {
                continue;  // recorded already (an exported file): nothing to do; reactivating it is refused above
            }
            if (successorId == null) {
                found.add(new FieldProblem("successorId", "required", "Ghi mã cơ quan kế thừa cùng hình thức kế thừa",
                        "Name the successor together with the kind"));
            } else if (successorId.equals(block.agencyId())) {
                found.add(new FieldProblem("successorId", "same-agency", "Cơ quan không thể kế thừa chính nó",
                        "An agency cannot succeed itself"));
            } else if (successor == null) {
                found.add(new FieldProblem("successorId", "unknown-agency", "Cơ quan " + successorId
                        + " không có trong danh bạ hay trong tệp", "Agency " + successorId + " is neither in the directory nor in the file"));
            } else if (leadsBack(successorId, block.agencyId(), successorOf)) {
                found.add(new FieldProblem("successorId", "succession-cycle", "Vòng kế thừa: " + successorId + " được "
                        + block.agencyId() + " kế thừa (trực tiếp hoặc qua cơ quan khác, trong danh bạ hoặc trong tệp)",
                        "A succession cycle: " + successorId + " is succeeded by " + block.agencyId()
                                + " (directly or through others, in the directory or in the file)"));
            } else if (predecessor != null && !successor.tenant().covers(predecessor.tenant())) {
                found.add(new FieldProblem("successorId", "successor-outside-province", "Cơ quan kế thừa " + successorId
                        + " (" + successor.tenant() + ") không thuộc tỉnh của cơ quan (" + predecessor.tenant()
                        + ") và không phải cơ quan trung ương", "The successor " + successorId + " ("
                        + successor.tenant() + ") is neither in the agency's province (" + predecessor.tenant()
                        + ") nor national"));
            } else if (!successor.active()) {
                found.add(new FieldProblem("successorId", "successor-inactive", "Cơ quan kế thừa " + successorId
                        + " không hoạt động (trong danh bạ hoặc theo tệp)", "The successor " + successorId
                        + " is not active (in the directory or as the file leaves it)"));
            } else if (recorded != null && recorded.succeeded() && kind != null) {
                found.add(new FieldProblem("successorId", "already-succeeded", "Cơ quan " + block.agencyId() + " đã được "
                        + recorded.successorId() + " kế thừa (" + recorded.successionKind() + ")", "Agency "
                        + block.agencyId() + " was already succeeded by " + recorded.successorId() + " ("
                        + recorded.successionKind() + ")"));
            }
            String activeCell = first.get(Column.ACTIVE);
            if (activeCell == null || DirectoryFile.yesNo(activeCell).orElse(false)) {
                found.add(new FieldProblem("active", "active-with-successor", "Cơ quan có cơ quan kế thừa phải ghi \""
                        + DirectoryFile.NO + "\" ở cột Đang hoạt động", "An agency with a successor must be \""
                        + DirectoryFile.NO + "\" (not active)"));
            }
            found.forEach(p -> problems.addAll(rowProblems(block, p)));
            if (found.isEmpty() && predecessor != null) {
                out.add(new Succession(first.number(), predecessor, successor, kind));
            }
        }
        return out;
    }

    /** Whether following the successions from {@code successorId} (recorded and the file's) reaches {@code agencyId}. */
    /**
     * The tenancy a block asks for: with the file's columns, {@code national} (yes/no, empty = no) and
     * {@code province_id} (empty = the home province; the code is checked with the agency's other rules); without them
     * the stored agency's, or the home province for a new one. Null (a problem reported) when the national cell is not
     * yes/no.
     */
    private Tenant tenant(Block block, boolean tenancy, Agency stored, List<RowProblem> problems) {
        if (!tenancy) {
            return stored != null ? stored.tenant() : directory.home();
        }
        Line first = block.lines().getFirst();
        String nationalCell = first.get(Column.NATIONAL);
        boolean national = false;
        if (nationalCell != null) {
            Optional<Boolean> yesNo = DirectoryFile.yesNo(nationalCell);
            if (yesNo.isEmpty()) {
                block.lines().forEach(l -> problems.add(new RowProblem(l.number(), Column.NATIONAL.key, "not-yes-no",
                        "Ghi \"" + DirectoryFile.YES + "\" hoặc \"" + DirectoryFile.NO + "\"",
                        "Write \"" + DirectoryFile.YES + "\" (yes) or \"" + DirectoryFile.NO + "\" (no)")));
                return null;
            }
            national = yesNo.get();
        }
        String provinceId = first.get(Column.PROVINCE_ID);
        if (national) {
            // a province next to national is refused by the agency rules (national-with-province)
            return new Tenant(true, provinceId);
        }
        return provinceId == null ? directory.home() : Tenant.province(provinceId);
    }

    private static boolean leadsBack(String successorId, String agencyId, Map<String, String> successorOf) {
        Set<String> seen = new HashSet<>();
        for (String next = successorId; next != null && seen.add(next); next = successorOf.get(next)) {
            if (next.equals(agencyId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file's agencies, each with its rows. An agency's rows come one after the other (the same id later again is
     * a duplicate) and repeat the same agency columns.
     */
    private static Map<String, Block> blocks(List<Line> lines, List<RowProblem> problems) {
        Map<String, Block> blocks = new LinkedHashMap<>();
        String current = null;
        boolean duplicate = false;
        for (Line line : lines) {
            String id = line.get(Column.AGENCY_ID);
            if (id == null) {
                problems.add(new RowProblem(line.number(), Column.AGENCY_ID.key, "required",
                        "Thiếu mã cơ quan", "The agency id is missing"));
                current = null;
                continue;
            }
            if (!id.equals(current)) {
                current = id;
                duplicate = blocks.containsKey(id);
            }
            if (duplicate) {
                Block first = blocks.get(id);
                String rows = rowRange(first);
                problems.add(new RowProblem(line.number(), Column.AGENCY_ID.key, "duplicate-agency",
                        "Cơ quan " + id + " đã có ở dòng " + rows + "; các dòng của một cơ quan phải liền nhau",
                        "Agency " + id + " is already in row" + (rows.contains("–") ? "s " : " ") + rows
                                + "; an agency's rows must be consecutive"));
                continue;
            }
            Block block = blocks.computeIfAbsent(id, k -> new Block(k, new ArrayList<>(), new ArrayList<>()));
            Line first = block.lines().isEmpty() ? line : block.lines().getFirst();
            for (Column c : Column.AGENCY) {
                if (!Objects.equals(first.get(c), line.get(c))) {
                    problems.add(new RowProblem(line.number(), c.key, "inconsistent-agency",
                            "Khác với dòng " + first.number() + " (dòng đầu của cơ quan " + id + "); các cột của cơ quan "
                                    + "phải giống nhau trên mọi dòng của nó",
                            "Differs from row " + first.number() + " (the first row of agency " + id + "); an "
                                    + "agency's columns must be the same on all its rows"));
                }
            }
            block.lines().add(line);
            if (line.hasEndpoint()) {
                block.endpointLines().add(line);
            }
        }
        return blocks;
    }

    private static String rowRange(Block block) {
        int first = block.lines().getFirst().number();
        int last = block.lines().getLast().number();
        return first == last ? String.valueOf(first) : first + "–" + last;
    }

    /** The agency the block describes, as the one-agency endpoints would receive it; cells that are not values → problems. */
    private static Agency agency(Block block, List<RowProblem> problems) {
        Line first = block.lines().getFirst();
        boolean active = true;
        String activeCell = first.get(Column.ACTIVE);
        if (activeCell != null) {
            Optional<Boolean> yesNo = DirectoryFile.yesNo(activeCell);
            if (yesNo.isEmpty()) {
                block.lines().forEach(l -> problems.add(new RowProblem(l.number(), Column.ACTIVE.key, "not-yes-no",
                        "Ghi \"" + DirectoryFile.YES + "\" hoặc \"" + DirectoryFile.NO + "\"",
                        "Write \"" + DirectoryFile.YES + "\" (yes) or \"" + DirectoryFile.NO + "\" (no)")));
            } else {
                active = yesNo.get();
            }
        }
        String groupsCell = first.get(Column.GROUPS);
        List<String> groups = groupsCell == null ? List.of() : Arrays.stream(groupsCell.split(DirectoryFile.GROUP_SEPARATOR))
                .map(String::strip).filter(g -> !g.isEmpty()).toList();
        List<Agency.Endpoint> endpoints = new ArrayList<>();
        for (Line line : block.endpointLines()) {
            Integer[] numbers = new Integer[Column.NUMBERS.size()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = wholeNumber(line, Column.NUMBERS.get(i), problems);
            }
            String site = line.get(Column.SCREEN_SITE);
            boolean noScreen = site == null && Arrays.stream(numbers).allMatch(Objects::isNull)
                    && Column.NUMBERS.stream().allMatch(c -> line.get(c) == null);
            endpoints.add(new Agency.Endpoint(line.get(Column.ENDPOINT_ID), line.get(Column.CHANNEL),
                    line.get(Column.DISPLAY_NAME), line.get(Column.EXTERNAL_ID),
                    noScreen ? null : new Agency.Screen(numbers[0], numbers[1], numbers[2], numbers[3], site)));
        }
        return new Agency(block.agencyId(), first.get(Column.NAME), first.get(Column.SHORT_NAME), first.get(Column.TYPE),
                first.get(Column.PARENT_ID), groups, first.get(Column.CONTACT_EMAIL), active, endpoints, 0, null, null,
                null, null, false);
    }

    private static Integer wholeNumber(Line line, Column column, List<RowProblem> problems) {
        String cell = line.get(column);
        if (cell == null) {
            return null;
        }
        try {
            return Integer.valueOf(cell);
        } catch (NumberFormatException e) {
            problems.add(new RowProblem(line.number(), column.key, "not-a-whole-number", "Cần một số nguyên: " + cell,
                    "A whole number is needed: " + cell));
            return null;
        }
    }

    /**
     * A one-agency rule's problem on the rows it concerns: an endpoint's on the endpoint's row, an agency's on every
     * row of the agency (its cells are repeated there).
     */
    private static List<RowProblem> rowProblems(Block block, FieldProblem p) {
        Matcher endpoint = ENDPOINT_FIELD.matcher(p.field());
        if (endpoint.matches()) {
            Line line = block.endpointLines().get(Integer.parseInt(endpoint.group(1)));
            Column column = endpoint.group(2) == null ? null : ENDPOINT_FIELDS.get(endpoint.group(2));
            return List.of(problem(line, column, p));
        }
        Column column = AGENCY_FIELDS.get(p.field().replaceFirst("\\[\\d+]$", ""));
        return block.lines().stream().map(l -> problem(l, column, p)).toList();
    }

    private static RowProblem problem(Line line, Column column, FieldProblem p) {
        return new RowProblem(line.number(), column == null ? null : column.key, p.code(), p.messageVi(), p.messageEn());
    }

    /** By row, then in the order of the columns. */
    private static List<RowProblem> sorted(List<RowProblem> problems) {
        Map<String, Integer> order = new HashMap<>();
        for (Column c : Column.values()) {
            order.put(c.key, c.ordinal());
        }
        return problems.stream().sorted(Comparator.comparing((RowProblem p) -> p.row() == null ? 0 : p.row())
                .thenComparing(p -> p.field() == null ? -1 : order.getOrDefault(p.field(), Integer.MAX_VALUE))).toList();
    }

    private static Agency withVersionOf(Agency a, Agency stored) {
        return new Agency(a.agencyId(), a.name(), a.shortName(), a.type(), a.parentId(), a.groups(), a.contactEmail(),
                a.active(), a.endpoints(), stored.version(), stored.successorId(), stored.successionKind(),
                stored.succeededAt(), a.provinceId(), a.national());
    }

    private static ApiProblem unsupported(String vi, String en) {
        return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type",
                "Chỉ nhận CSV (UTF-8) hoặc XLSX. / Only CSV (UTF-8) or XLSX files are accepted.",
                List.of(new FieldProblem("file", "unsupported-file-type", vi + " (xác định theo nội dung tệp)",
                        en + " (judged by the content)")));
    }

}
