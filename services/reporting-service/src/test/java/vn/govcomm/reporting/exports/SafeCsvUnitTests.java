package vn.govcomm.reporting.exports;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV formula guard (OWASP, CSV Injection) every CSV export of the service goes through. */
class SafeCsvUnitTests {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1",
            "\r=1+1", "=", "-"})
    void aCellThatWouldStartAFormulaGetsALeadingQuote(String value) {
        assertThat(SafeCsv.cell(value)).isEqualTo("'" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sở Y tế tỉnh Khánh Hòa", "1", "a=b", " =1+1", "'=1+1", "https://x.example/?a=-1",
            "05/09/2023 08:00:00"})
    void anyOtherCellIsLeftAsItIs(String value) {
        assertThat(SafeCsv.cell(value)).isEqualTo(value);
    }

    @Test
    void missingValuesAreEmptyCells() {
        assertThat(SafeCsv.cell(null)).isEmpty();
        assertThat(SafeCsv.cell("")).isEmpty();
    }

    @Test
    void writesUtf8WithAByteOrderMarkAndGuardsEveryCellQuotedAsExcelReadsIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeCsv.write(out, List.of("Tên cơ quan, đơn vị", "Lý do"), sink -> {
            sink.accept(List.of("=HYPERLINK(\"https://evil.example\",\"x\")", "@cmd"));
            sink.accept(Arrays.asList("Sở Tư pháp", null));
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\uFEFF\"Tên cơ quan, đơn vị\",Lý do\r\n"
                + "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",'@cmd\r\n"
                + "Sở Tư pháp,\r\n");
    }
}
