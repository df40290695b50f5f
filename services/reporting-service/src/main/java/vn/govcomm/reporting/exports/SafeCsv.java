package vn.govcomm.reporting.exports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one CSV writer of the service: UTF-8 with a BOM (so Excel reads the Vietnamese), Excel dialect, and every
 * cell guarded against formula injection. Agency names, failure reasons, endpoint ids and links come from other
 * services and, in the end, from people; a cell that begins with {@code =}, {@code +}, {@code -}, {@code @}, tab or
 * carriage return would be run as a formula by a spreadsheet, so it gets a leading {@code '} (OWASP, CSV
 * Injection). The XLSX export needs no such prefix: its cells are written as strings, never as formulas.
 */
final class SafeCsv {

    private SafeCsv() {
    }

    /** Writes the rows {@code body} hands to its sink under {@code headers}. */
    static void write(OutputStream out, List<String> headers, Consumer<Consumer<List<String>>> body) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.EXCEL);
        record(printer, headers);
        body.accept(row -> record(printer, row));
        printer.flush();
    }

    /** The value as a spreadsheet shows it literally: {@code '} before a leading formula character. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }

    private static void record(CSVPrinter printer, List<String> values) {
        try {
            printer.printRecord(values.stream().map(SafeCsv::cell).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
