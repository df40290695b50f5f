package vn.govcomm.campaign;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Directory files as an officer's spreadsheet would hold them, built without the service's own writers: the header
 * the README documents (Vietnamese label, machine key in brackets), CSV or XLSX, and a generated nationwide
 * directory (34 provinces, 3,321 communes and wards, as after the 1 July 2025 reorganisation).
 */
final class DirectorySheets {

    static final List<String> HEADER = List.of("Mã cơ quan [agency_id]", "Tên cơ quan [name]",
            "Tên viết tắt [short_name]", "Loại cơ quan [type]", "Mã cơ quan cấp trên [parent_id]", "Nhóm [groups]",
            "Thư điện tử liên hệ [contact_email]", "Đang hoạt động [active]", "Mã điểm phát hành [endpoint_id]",
            "Kênh [channel]", "Mã trên kênh [external_id]", "Tên hiển thị [display_name]",
            "Số dòng màn hình [screen_lines]", "Số ký tự mỗi dòng [screen_chars_per_line]",
            "Chiều rộng màn hình (px) [screen_width_px]", "Chiều cao màn hình (px) [screen_height_px]",
            "Nơi đặt màn hình [screen_site]");

    /** HEADER and the optional province column (the nationwide file spreads its agencies over the 34 provinces). */
    static final List<String> NATIONWIDE_HEADER = concat(HEADER, List.of("Mã tỉnh/thành phố [province_id]"));

    /** The 34 provinces and centrally-run cities after the 2025 merger. */
    static final List<String> PROVINCES = List.of("Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn",
            "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên",
            "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
            "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ",
            "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang");
    static final int COMMUNES = 3321;
    private static final List<String> SYLLABLES = List.of("An", "Bình", "Hòa", "Phước", "Tân", "Long", "Thạnh",
            "Đông", "Tây", "Nam", "Bắc", "Trung", "Phú", "Mỹ", "Xuân", "Hưng", "Lộc", "Quý", "Sơn", "Thủy", "Hải",
            "Lâm", "Vĩnh", "Thuận", "Đức", "Nghĩa", "Thắng", "Quang", "Yên", "Hiệp");

    private DirectorySheets() {
    }

    /** One row per endpoint (the agency's columns repeated), or one row for an agency without endpoints. */
    record Agency(List<String> columns, List<List<String>> endpoints) {

        List<List<String>> rows() {
            if (endpoints.isEmpty()) {
                return List.of(concat(columns, List.of("", "", "", "", "", "", "", "", "")));
            }
            return endpoints.stream().map(e -> concat(columns, e)).toList();
        }
    }

    static List<String> agency(String id, String name, String shortName, String type, String parentId, String groups,
                               String contactEmail, String active) {
        return List.of(id, name, shortName, type, parentId, groups, contactEmail, active);
    }

    static List<String> endpoint(String id, String channel, String externalId, String displayName) {
        return List.of(id, channel, externalId, displayName, "", "", "", "", "");
    }

    static List<String> screen(String id, String externalId, String displayName, String lines, String chars, String site) {
        return List.of(id, "led", externalId, displayName, lines, chars, "", "", site);
    }

    static List<List<String>> rows(List<Agency> agencies) {
        List<List<String>> rows = new ArrayList<>();
        agencies.forEach(a -> rows.addAll(a.rows()));
        return rows;
    }

    /** UTF-8 with BOM, comma-separated, quoted where needed (as Excel's "CSV UTF-8" saves). */
    static byte[] csv(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append(header.stream().map(DirectorySheets::quote).collect(Collectors.joining(","))).append("\r\n");
        rows.forEach(r -> out.append(r.stream().map(DirectorySheets::quote).collect(Collectors.joining(","))).append("\r\n"));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] xlsx(List<String> header, List<List<String>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = workbook.createSheet("Danh bạ");
            write(sheet.createRow(0), header);
            for (int i = 0; i < rows.size(); i++) {
                write(sheet.createRow(i + 1), rows.get(i));
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static void write(Row row, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).isEmpty()) {
                // screen sizes as numbers, as an officer would type them
                if (cells.get(i).matches("\\d{1,4}")) {
                    row.createCell(i).setCellValue(Integer.parseInt(cells.get(i)));
                } else {
                    row.createCell(i).setCellValue(cells.get(i));
                }
            }
        }
    }

    private static String quote(String cell) {
        return cell.matches(".*[\",\r\n].*") || cell.contains("\n") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    /**
     * 34 provincial people's committees and 3,321 commune/ward committees below them (97 or 98 each), with
     * Vietnamese names; each commune has a portal feed, a loudspeaker (manual) and an official mailbox, every tenth an
     * LED screen. Ids start with {@code qg-} and the groups are the file's own, so nothing else in the tests targets them.
     */
    static List<Agency> nationwide() {
        List<Agency> agencies = new ArrayList<>();
        int commune = 0;
        for (int p = 0; p < PROVINCES.size(); p++) {
            String province = PROVINCES.get(p);
            String provinceId = "qg-" + slug(province);
            boolean city = List.of("Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ").contains(province);
            String provinceName = "Ủy ban nhân dân " + (city ? "thành phố " : "tỉnh ") + province;
            agencies.add(new Agency(agency(provinceId, provinceName, "UBND " + province, "PROVINCIAL_PEOPLES_COMMITTEE",
                    "", "qg-ubnd-tinh", "vanphong@" + provinceId + ".example.org", "có"), List.of(
                    endpoint(provinceId + ".portal", "portal", "portal-" + provinceId, "Cổng TTĐT " + province),
                    endpoint(provinceId + ".email", "email", "vanthu@" + provinceId + ".example.org",
                            "Hộp thư văn thư UBND " + province))));
            int count = COMMUNES / PROVINCES.size() + (p < COMMUNES % PROVINCES.size() ? 1 : 0);
            for (int c = 0; c < count; c++, commune++) {
                String kind = c % 3 == 0 ? "Phường" : "Xã";
                String place = SYLLABLES.get(c % SYLLABLES.size()) + " " + SYLLABLES.get((c / SYLLABLES.size() + p) % SYLLABLES.size());
                String id = provinceId + "-" + (c + 1);
                String name = "Ủy ban nhân dân " + kind.toLowerCase(Locale.ROOT) + " " + place + " (" + province + ")";
                List<List<String>> endpoints = new ArrayList<>(List.of(
                        endpoint(id + ".portal", "portal", "portal-" + id, "Trang TTĐT " + kind + " " + place),
                        endpoint(id + ".manual-1", "manual", "loudspeaker",
                                "Phát trên hệ thống loa truyền thanh " + kind.toLowerCase(Locale.ROOT) + " " + place),
                        endpoint(id + ".email", "email", "vanthu@" + id + ".example.org", "Hộp thư văn thư")));
                if (commune % 10 == 0) {
                    endpoints.add(screen(id + ".led-1", "scr-" + id, "Màn hình LED Bộ phận Một cửa", "3", "32",
                            "Bộ phận Một cửa " + kind.toLowerCase(Locale.ROOT) + " " + place));
                }
                agencies.add(new Agency(agency(id, name, "UBND " + kind.toLowerCase(Locale.ROOT) + " " + place,
                        "COMMUNE_PEOPLES_COMMITTEE", provinceId, "qg-ubnd-xa", "", "có"), endpoints));
            }
        }
        return agencies;
    }

    /**
     * The nationwide file's rows with their province's code ({@link #slug} of its name, as the service's list of the 34
     * spells them) in the last column, for {@link #NATIONWIDE_HEADER}: every agency id is {@code qg-<code>} or
     * {@code qg-<code>-<n>}.
     */
    static List<List<String>> withProvinces(List<List<String>> rows) {
        return rows.stream().map(r -> concat(r, List.of(r.getFirst().replaceFirst("^qg-(.+?)(-\\d+)?$", "$1")))).toList();
    }

    /** "Hồ Chí Minh" → "ho-chi-minh". */
    static String slug(String name) {
        String plain = Normalizer.normalize(name.replace("Đ", "D").replace("đ", "d"), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
