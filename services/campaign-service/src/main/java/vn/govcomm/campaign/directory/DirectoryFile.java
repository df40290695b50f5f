package vn.govcomm.campaign.directory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory as a table, the same in CSV and XLSX: one row per endpoint, the agency's columns repeated on each of
 * its rows (an agency without endpoints is one row with the endpoint columns empty). A header cell is the Vietnamese
 * label with the stable machine key in brackets ({@code Mã cơ quan [agency_id]}); reading, the key decides (the bare
 * key or the bare label are taken too). Every column must be there, in any order: a row replaces its agency whole,
 * so a missing column would silently empty that field of every agency; only the succession columns
 * ({@code successor_id}, {@code succession_kind}) may be absent (files from before them).
 * <p>
 * A spreadsheet runs a CSV cell that begins with {@code = + - @}, tab or carriage return as a formula, so the CSV
 * export writes such a cell with a leading {@code '} (OWASP, CSV injection; XLSX cells are string cells, never
 * formulas, and stay as they are). Unlike a report, this file comes back: the CSV reader removes that {@code '}
 * again, so a leading {@code '} of the value itself is written doubled ({@link #guard}, {@link #unguard}).
 */
final class DirectoryFile {

    /** The columns, in the order the export writes them. */
    enum Column {
        AGENCY_ID("agency_id", "Mã cơ quan"),
        NAME("name", "Tên cơ quan"),
        SHORT_NAME("short_name", "Tên viết tắt"),
        TYPE("type", "Loại cơ quan"),
        PARENT_ID("parent_id", "Mã cơ quan cấp trên"),
        GROUPS("groups", "Nhóm"),
        CONTACT_EMAIL("contact_email", "Thư điện tử liên hệ"),
        ACTIVE("active", "Đang hoạt động"),
        SUCCESSOR_ID("successor_id", "Mã cơ quan kế thừa"),
        SUCCESSION_KIND("succession_kind", "Hình thức kế thừa"),
        PROVINCE_ID("province_id", "Mã tỉnh/thành phố"),
        NATIONAL("national", "Cơ quan trung ương"),
        ENDPOINT_ID("endpoint_id", "Mã điểm phát hành"),
        CHANNEL("channel", "Kênh"),
        EXTERNAL_ID("external_id", "Mã trên kênh"),
        DISPLAY_NAME("display_name", "Tên hiển thị"),
        SCREEN_LINES("screen_lines", "Số dòng màn hình"),
        SCREEN_CHARS_PER_LINE("screen_chars_per_line", "Số ký tự mỗi dòng"),
        SCREEN_WIDTH_PX("screen_width_px", "Chiều rộng màn hình (px)"),
        SCREEN_HEIGHT_PX("screen_height_px", "Chiều cao màn hình (px)"),
        SCREEN_SITE("screen_site", "Nơi đặt màn hình");

        final String key;
        final String label;

        Column(String key, String label) {
            this.key = key;
            this.label = label;
        }

        String header() {
            return label + " [" + key + "]";
        }

        boolean ofAgency() {
            return ordinal() < ENDPOINT_ID.ordinal();
        }

        /**
         * May be absent from the header: files written before successions and provinces were in them import unchanged.
         * Only these: an absent succession or tenancy column changes nothing, an absent other column would empty a field.
         */
        boolean optional() {
            return this == SUCCESSOR_ID || this == SUCCESSION_KIND || this == PROVINCE_ID || this == NATIONAL;
        }

        static final List<Column> AGENCY = Arrays.stream(values()).filter(Column::ofAgency).toList();
        static final List<Column> ENDPOINT = Arrays.stream(values()).filter(c -> !c.ofAgency()).toList();
        static final List<Column> NUMBERS = List.of(SCREEN_LINES, SCREEN_CHARS_PER_LINE, SCREEN_WIDTH_PX, SCREEN_HEIGHT_PX);

        static Optional<Column> ofKey(String key) {
            return Arrays.stream(values()).filter(c -> c.key.equalsIgnoreCase(key)).findFirst();
        }
    }

    /** Separates the groups of an agency in one cell. */
    static final String GROUP_SEPARATOR = ";";
    static final String YES = "có";
    static final String NO = "không";
    private static final Set<String> YES_WORDS = Set.of(YES, "co", "true", "yes", "1");
    private static final Set<String> NO_WORDS = Set.of(NO, "khong", "false", "no", "0");
    private static final Pattern KEY_IN_BRACKETS = Pattern.compile("\\[([A-Za-z_]+)]$");
    private static final Set<Character> FORMULA_START = Set.of('=', '+', '-', '@', '\t', '\r');

    private DirectoryFile() {
    }

    /** One row of the file as read: its number as the spreadsheet shows it (the header is row 1) and its cells. */
    record RawRow(int number, List<String> cells) {

        boolean isBlank() {
            return cells.stream().allMatch(c -> c == null || c.isBlank());
        }
    }

    /** A data row by column: stripped, unguarded, NFC; an empty cell is absent (null). */
    record Line(int number, Map<Column, String> values) {

        String get(Column column) {
            return values.get(column);
        }

        boolean hasEndpoint() {
            return Column.ENDPOINT.stream().anyMatch(c -> values.get(c) != null);
        }
    }

    /** A problem the officer fixes in the file: the row as the spreadsheet numbers it and the column key. */
    record RowProblem(Integer row, String field, String code, String reasonVi, String reasonEn) {
    }

    /** The header row's columns: for each position the column it holds (null = refused), and the problems. */
    record Header(List<Column> positions, List<RowProblem> problems) {
    }

    static Header header(RawRow row) {
        List<Column> positions = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        Map<Column, Integer> seen = new EnumMap<>(Column.class);
        for (int i = 0; i < row.cells().size(); i++) {
            String text = row.cells().get(i) == null ? "" : nfc(row.cells().get(i).strip());
            Optional<Column> column = column(text);
            if (text.isEmpty() && column.isEmpty()) {
                positions.add(null);
                continue;
            }
            if (column.isEmpty()) {
                problems.add(new RowProblem(row.number(), text, "unknown-column", "Cột không được hỗ trợ: \"" + text
                        + "\". Các cột: " + keys(), "Unknown column: \"" + text + "\". The columns are: " + keys()));
                positions.add(null);
            } else if (seen.putIfAbsent(column.get(), i) != null) {
                problems.add(new RowProblem(row.number(), column.get().key, "duplicate-column",
                        "Cột " + column.get().header() + " xuất hiện hai lần",
                        "Column " + column.get().key + " appears twice"));
                positions.add(null);
            } else {
                positions.add(column.get());
            }
        }
        for (Column c : Column.values()) {
            if (!seen.containsKey(c) && !c.optional()) {
                problems.add(new RowProblem(row.number(), c.key, "missing-column", "Thiếu cột " + c.header(),
                        "Column " + c.key + " (" + c.label + ") is missing"));
            }
        }
        return new Header(positions, problems);
    }

    private static Optional<Column> column(String text) {
        Matcher bracket = KEY_IN_BRACKETS.matcher(text);
        if (bracket.find()) {
            return Column.ofKey(bracket.group(1));
        }
        return Arrays.stream(Column.values())
                .filter(c -> c.key.equalsIgnoreCase(text) || c.label.equalsIgnoreCase(text)).findFirst();
    }

    private static String keys() {
        return String.join(", ", Arrays.stream(Column.values()).map(c -> c.key).toList());
    }

    static Line line(Header header, RawRow row) {
        Map<Column, String> values = new EnumMap<>(Column.class);
        for (int i = 0; i < row.cells().size() && i < header.positions().size(); i++) {
            Column column = header.positions().get(i);
            String value = read(row.cells().get(i));
            if (column != null && value != null) {
                values.put(column, value);
            }
        }
        return new Line(row.number(), values);
    }

    /** A cell as the directory reads it: surrounding spaces dropped, NFC, empty = absent. */
    static String read(String cell) {
        if (cell == null) {
            return null;
        }
        String value = cell.strip();
        return value.isEmpty() ? null : nfc(value);
    }

    /** The cell a CSV holds for {@code value}: {@code '} before a formula's first character or a leading {@code '}. */
    static String guard(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return FORMULA_START.contains(first) || first == '\'' ? "'" + value : value;
    }

    /** The value a guarded cell stands for (what {@link #guard} added is removed; any other text stays). */
    static String unguard(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '\'') {
            char next = cell.charAt(1);
            if (FORMULA_START.contains(next) || next == '\'') {
                return cell.substring(1);
            }
        }
        return cell;
    }

    /** {@code true}/{@code false} for the words the active column takes; empty for others. */
    static Optional<Boolean> yesNo(String value) {
        String word = value.toLowerCase(Locale.ROOT);
        if (YES_WORDS.contains(word)) {
            return Optional.of(true);
        }
        return NO_WORDS.contains(word) ? Optional.of(false) : Optional.empty();
    }

    /** The rows of one agency, in column order (one per endpoint, one with empty endpoint columns if it has none). */
    static List<List<String>> rows(Agency agency) {
        List<String> agencyCells = List.of(agency.agencyId(), text(agency.name()), text(agency.shortName()),
                text(agency.type()), text(agency.parentId()),
                String.join(GROUP_SEPARATOR, agency.groups() == null ? List.of() : agency.groups()),
                text(agency.contactEmail()), agency.active() ? YES : NO, text(agency.successorId()),
                agency.successionKind() == null ? "" : agency.successionKind().name(), text(agency.provinceId()),
                agency.isNational() ? YES : NO);
        List<List<String>> rows = new ArrayList<>();
        List<Agency.Endpoint> endpoints = agency.endpoints() == null ? List.of() : agency.endpoints();
        for (Agency.Endpoint e : endpoints) {
            Agency.Screen s = e.screen();
            List<String> row = new ArrayList<>(agencyCells);
            row.addAll(List.of(text(e.endpointId()), text(e.channel()), text(e.externalId()), text(e.displayName()),
                    s == null ? "" : number(s.lines()), s == null ? "" : number(s.charsPerLine()),
                    s == null ? "" : number(s.widthPx()), s == null ? "" : number(s.heightPx()),
                    s == null ? "" : text(s.site())));
            rows.add(row);
        }
        if (rows.isEmpty()) {
            List<String> row = new ArrayList<>(agencyCells);
            Column.ENDPOINT.forEach(c -> row.add(""));
            rows.add(row);
        }
        return rows;
    }

    static List<String> headers() {
        return Arrays.stream(Column.values()).map(Column::header).toList();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String number(Integer value) {
        return value == null ? "" : value.toString();
    }

    private static String nfc(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFC);
    }
}
