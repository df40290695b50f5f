package vn.govcomm.campaign.directory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.govcomm.campaign.directory.DirectoryFile.RawRow;
import vn.govcomm.campaign.directory.DirectoryFile.RowProblem;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The directory file's layout, header, formula guard and both formats' reading and writing, without Spring. */
class DirectoryFileUnitTests {

    static final Agency COMMUNE = new Agency("x-xa-hoa-binh", "=HYPERLINK(\"http://evil\")", "'Trích dẫn",
            "COMMUNE_PEOPLES_COMMITTEE", "ubnd-tinh", List.of("ubnd-cap-xa", "-nhom"), "vanphong@hoabinh.example.org",
            false, List.of(
            new Agency.Endpoint("x-xa-hoa-binh.led-1", "led", "Màn hình, \"Một cửa\"\nxã", "@scr-1",
                    new Agency.Screen(3, 32, 640, 96, "+Trụ sở UBND xã")),
            new Agency.Endpoint("x-xa-hoa-binh.manual-1", "manual", "-Phát trên loa truyền thanh", "loudspeaker", null)), 7,
            null, null, null, "khanh-hoa", false);
    static final Agency EMPTY = new Agency("x-don-vi", "Đơn vị", null, "OTHER", null, List.of(), null, true, List.of(), 1, null, null,
            null, null, true);

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+84", "-x", "@SUM(A1)", "\tx", "\rx", "'", "'=x", "''", "bình thường", "a=b", "'a"})
    void theFormulaGuardIsUndoneExactly(String value) {
        assertThat(DirectoryFile.unguard(DirectoryFile.guard(value))).isEqualTo(value);
        assertThat(DirectoryFile.guard(value).charAt(0)).isNotIn('=', '+', '-', '@', '\t', '\r');
    }

    @Test
    void headersAreTheVietnameseLabelWithTheMachineKeyInBrackets() {
        assertThat(DirectoryFile.headers()).startsWith("Mã cơ quan [agency_id]", "Tên cơ quan [name]")
                .contains("Kênh [channel]", "Mã trên kênh [external_id]", "Số dòng màn hình [screen_lines]")
                .contains("Mã cơ quan kế thừa [successor_id]", "Hình thức kế thừa [succession_kind]")
                .contains("Mã tỉnh/thành phố [province_id]", "Cơ quan trung ương [national]").hasSize(21);
    }

    @Test
    void theKeyDecidesTheColumnAndBareKeysOrLabelsAreTakenToo() {
        List<String> cells = new ArrayList<>(DirectoryFile.headers());
        cells.set(0, "Mã đơn vị (đã đổi tên) [agency_id]");
        cells.set(1, "name");
        cells.set(2, "Tên viết tắt");
        DirectoryFile.Header header = DirectoryFile.header(new RawRow(1, cells));
        assertThat(header.problems()).isEmpty();
        assertThat(header.positions()).containsExactly(DirectoryFile.Column.values());
    }

    @Test
    void aMissingAnUnknownAndATwiceNamedColumnAreHeaderProblemsOnRowOne() {
        List<String> cells = new ArrayList<>(DirectoryFile.headers());
        cells.remove("Tên hiển thị [display_name]");
        cells.add("Ghi chú");
        cells.add("kênh");
        List<RowProblem> problems = DirectoryFile.header(new RawRow(1, cells)).problems();
        assertThat(problems).extracting(RowProblem::row).containsOnly(1);
        assertThat(problems).extracting(RowProblem::field, RowProblem::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("Ghi chú", "unknown-column"),
                org.assertj.core.groups.Tuple.tuple("channel", "duplicate-column"),
                org.assertj.core.groups.Tuple.tuple("display_name", "missing-column"));
    }

    @Test
    void csvIsUtf8WithABomAndGuardsFormulasAndReadsBackTheSameCells() {
        byte[] csv = DirectoryCsv.write(List.of(COMMUNE, EMPTY));
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", "''Trích dẫn", "'-Phát trên loa", "'@scr-1",
                "'+Trụ sở");

        List<RawRow> rows = DirectoryCsv.read(csv, 100);
        assertThat(rows).extracting(RawRow::number).containsExactly(1, 2, 3, 4);
        assertThat(rows.get(0).cells()).isEqualTo(DirectoryFile.headers());
        assertThat(rows.subList(1, 4)).extracting(RawRow::cells)
                .isEqualTo(List.of(DirectoryFile.rows(COMMUNE).get(0), DirectoryFile.rows(COMMUNE).get(1),
                        DirectoryFile.rows(EMPTY).get(0)));
        assertThat(rows.get(1).cells().get(DirectoryFile.Column.DISPLAY_NAME.ordinal())).isEqualTo("Màn hình, \"Một cửa\"\nxã");
    }

    @Test
    void csvWithSemicolonsWithoutBomAndWithBlankLinesIsReadWithSpreadsheetRowNumbers() {
        String text = "agency_id;name\r\n\r\nx-a;\"Xã A; B\"\r\n;;\r\nx-b;Xã B\r\n";
        List<RawRow> rows = DirectoryCsv.read(text.getBytes(StandardCharsets.UTF_8), 100);
        assertThat(rows).extracting(RawRow::number).containsExactly(1, 3, 5);
        assertThat(rows.get(1).cells()).containsExactly("x-a", "Xã A; B");
    }

    @Test
    void csvThatIsNotUtf8IsRefusedWithItsLine() {
        byte[] windows1258 = "agency_id,name\nx-a,Xa A\nx-b,S\u00F4ng\n".getBytes(Charset.forName("windows-1252"));
        assertThatThrownBy(() -> DirectoryCsv.read(windows1258, 100)).isInstanceOfSatisfying(UnreadableFile.class,
                e -> assertThat(e.problem()).extracting(RowProblem::row, RowProblem::code).containsExactly(3, "not-utf8"));
    }

    @Test
    void moreRowsThanTheLimitAreRefused() {
        String text = "agency_id,name\nx-a,A\nx-b,B\nx-c,C\n";
        assertThat(DirectoryCsv.read(text.getBytes(StandardCharsets.UTF_8), 3)).hasSize(4);
        assertThatThrownBy(() -> DirectoryCsv.read(text.getBytes(StandardCharsets.UTF_8), 2))
                .isInstanceOfSatisfying(UnreadableFile.class, e -> assertThat(e.problem().code()).isEqualTo("too-many-rows"));
    }

    @Test
    void xlsxKeepsTextAsStringsAndNumbersAsNumbersAndReadsBackTheSameCells() {
        byte[] xlsx = DirectoryXlsx.write(List.of(COMMUNE, EMPTY));
        List<RawRow> rows = DirectoryXlsx.read(xlsx, 100);
        assertThat(rows).extracting(RawRow::number).containsExactly(1, 2, 3, 4);
        assertThat(rows.get(0).cells()).isEqualTo(DirectoryFile.headers());
        // unguarded: string cells are never formulas
        assertThat(rows.get(1).cells()).isEqualTo(blankAsNull(DirectoryFile.rows(COMMUNE).get(0)));
        // the national agency: its row ends with the national column (`có`), the endpoint columns are empty
        assertThat(rows.get(3).cells()).isEqualTo(blankAsNull(DirectoryFile.rows(EMPTY).get(0)).subList(0, 12));
        assertThat(rows.get(3).cells().getLast()).isEqualTo("có");
    }

    @Test
    void aZipThatIsNotAWorkbookIsNotAWorkbook() {
        byte[] emptyZip = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> DirectoryXlsx.read(emptyZip, 10)).isInstanceOf(DirectoryXlsx.NotAWorkbook.class);
    }

    @Test
    void theActiveColumnTakesVietnameseAndEnglishWords() {
        assertThat(List.of("có", "Có", "co", "TRUE", "yes", "1")).allSatisfy(w -> assertThat(DirectoryFile.yesNo(w)).contains(true));
        assertThat(List.of("không", "KHÔNG", "khong", "false", "no", "0")).allSatisfy(w -> assertThat(DirectoryFile.yesNo(w)).contains(false));
        assertThat(DirectoryFile.yesNo("đúng")).isEmpty();
    }

    private static List<String> blankAsNull(List<String> cells) {
        return cells.stream().map(c -> c.isEmpty() ? null : c).toList();
    }
}
