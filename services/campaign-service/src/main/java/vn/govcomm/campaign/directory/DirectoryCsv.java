package vn.govcomm.campaign.directory;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory file as CSV: UTF-8 with a BOM (so Excel reads the Vietnamese), Excel's dialect, comma-separated;
 * read back comma- or semicolon-separated (Excel writes ';' where the decimal separator is a comma), with or without
 * the BOM. Cells are guarded against formula injection ({@link DirectoryFile#guard}).
 */
final class DirectoryCsv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private DirectoryCsv() {
    }

    static byte[] write(List<Agency> agencies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.EXCEL)) {
            writer.write('\uFEFF');
            printer.printRecord(DirectoryFile.headers());
            for (Agency agency : agencies) {
                for (List<String> row : DirectoryFile.rows(agency)) {
                    printer.printRecord(row.stream().map(DirectoryFile::guard).toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The rows of the file, numbered as a spreadsheet shows them (the header is row 1; a cell with a line break
     * stays one row), blank rows left out, at most {@code maxRows} besides the header.
     */
    static List<DirectoryFile.RawRow> read(byte[] data, int maxRows) {
        String text = utf8(data);
        char delimiter = delimiter(text);
        List<DirectoryFile.RawRow> rows = new ArrayList<>();
        int row = 0;
        try (CSVParser parser = CSVFormat.EXCEL.builder().setDelimiter(delimiter).get().parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                row = (int) record.getRecordNumber();
                List<String> cells = record.stream().map(c -> c == null ? null : DirectoryFile.unguard(c)).toList();
                DirectoryFile.RawRow raw = new DirectoryFile.RawRow(row, cells);
                if (!raw.isBlank()) {
                    rows.add(raw);
                    if (rows.size() > maxRows + 1) {
                        throw UnreadableFile.tooManyRows(row, maxRows);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UnreadableFile(new DirectoryFile.RowProblem(row + 1, null, "malformed-csv",
                    "Dòng CSV không đọc được (dấu ngoặc kép không khớp?)",
                    "The CSV row cannot be read (unbalanced quotes?)"));
        }
        return rows;
    }

    /** The text without the BOM; bytes that are not UTF-8 are refused with the row they are on. */
    private static String utf8(byte[] data) {
        int start = data.length >= 3 && data[0] == BOM[0] && data[1] == BOM[1] && data[2] == BOM[2] ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(data, start, data.length - start);
        CharBuffer out = CharBuffer.allocate(data.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = start; i < in.position(); i++) {
                if (data[i] == '\n') {
                    line++;
                }
            }
            throw new UnreadableFile(new DirectoryFile.RowProblem(line, null, "not-utf8",
                    "Tệp CSV không ở mã UTF-8 (lưu lại bằng \"CSV UTF-8\")",
                    "The CSV file is not UTF-8 (save it as \"CSV UTF-8\")"));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** ';' when the header row has more of them than commas (outside quotes or not: the labels have neither). */
    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        long commas = header.chars().filter(c -> c == ',').count();
        long semicolons = header.chars().filter(c -> c == ';').count();
        return semicolons > commas ? ';' : ',';
    }
}
