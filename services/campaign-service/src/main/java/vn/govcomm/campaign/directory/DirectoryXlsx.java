package vn.govcomm.campaign.directory;

import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The directory file as an XLSX workbook: one sheet, "Danh bạ cơ quan", every text a string cell (never a formula,
 * so nothing needs a formula guard), the screen sizes as numbers, the id columns formatted as text so that ids typed
 * in later keep their leading zeros. Written streaming (SXSSF) and read streaming (the sheet's XML with a SAX parser,
 * POI's hardened one): the first sheet is the directory; a formula cell is read as the value Excel last computed.
 */
final class DirectoryXlsx {

    static final String SHEET = "Danh bạ cơ quan";

    private DirectoryXlsx() {
    }

    static byte[] write(List<Agency> agencies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(500)) {
            workbook.setCompressTempFiles(true);
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle text = workbook.createCellStyle();
            text.setDataFormat(workbook.createDataFormat().getFormat("@"));
            SXSSFSheet sheet = workbook.createSheet(SHEET);
            List<DirectoryFile.Column> columns = List.of(DirectoryFile.Column.values());
            Row header = sheet.createRow(0);
            for (int i = 0; i < columns.size(); i++) {
                Cell cell = header.createCell(i);
                cell.setCellValue(columns.get(i).header());
                cell.setCellStyle(bold);
                boolean number = DirectoryFile.Column.NUMBERS.contains(columns.get(i));
                sheet.setColumnWidth(i, (number ? 14 : columns.get(i) == DirectoryFile.Column.NAME
                        || columns.get(i) == DirectoryFile.Column.DISPLAY_NAME ? 50 : 28) * 256);
                if (!number) {
                    sheet.setDefaultColumnStyle(i, text);
                }
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (Agency agency : agencies) {
                for (List<String> values : DirectoryFile.rows(agency)) {
                    Row row = sheet.createRow(r++);
                    for (int i = 0; i < values.size(); i++) {
                        String value = values.get(i);
                        if (value.isEmpty()) {
                            continue;
                        }
                        Cell cell = row.createCell(i);
                        if (DirectoryFile.Column.NUMBERS.contains(columns.get(i))) {
                            cell.setCellValue(Integer.parseInt(value));
                        } else {
                            cell.setCellValue(value);
                            cell.setCellStyle(text);
                        }
                    }
                }
            }
            sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, r - 1), 0, columns.size() - 1));
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The rows of the workbook's first sheet, numbered as Excel shows them, blank rows left out, at most
     * {@code maxRows} besides the header. A file that is not a workbook is {@link NotAWorkbook}.
     */
    static List<DirectoryFile.RawRow> read(byte[] data, int maxRows) {
        OPCPackage workbook = null;
        try {
            workbook = OPCPackage.open(new ByteArrayInputStream(data));
            XSSFReader reader = new XSSFReader(workbook);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(workbook);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new NotAWorkbook();
            }
            SheetRows rows = new SheetRows(strings, maxRows);
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(rows);
                xml.parse(new InputSource(sheet));
            }
            return rows.rows;
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException | POIXMLException
                 | IllegalArgumentException | IllegalStateException e) {
            throw new NotAWorkbook();
        } finally {
            if (workbook != null) {
                workbook.revert(); // closes without writing anything back
            }
        }
    }

    /** The ZIP is not an Excel workbook (another Office file, a broken or hostile archive). */
    static class NotAWorkbook extends RuntimeException {
    }

    /** Collects the rows of a sheet's XML ({@code <row r><c r t><v>|<is><t>}), as the cells' displayed text. */
    private static final class SheetRows extends DefaultHandler {

        final List<DirectoryFile.RawRow> rows = new ArrayList<>();
        private final ReadOnlySharedStringsTable strings;
        private final int maxRows;
        private int rowNumber;
        private List<String> cells;
        private int column;
        private String type;
        private final StringBuilder value = new StringBuilder();
        private boolean capturing;
        private boolean inline;

        SheetRows(ReadOnlySharedStringsTable strings, int maxRows) {
            this.strings = strings;
            this.maxRows = maxRows;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName) {
                case "row" -> {
                    String r = attributes.getValue("r");
                    rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
                    cells = new ArrayList<>();
                }
                case "c" -> {
                    String ref = attributes.getValue("r");
                    column = ref == null ? cells.size() : columnIndex(ref);
                    type = attributes.getValue("t");
                    value.setLength(0);
                }
                case "v" -> capturing = true;
                case "is" -> inline = true;
                case "t" -> capturing = inline;
                default -> { }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (capturing) {
                value.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName) {
                case "v", "t" -> capturing = false;
                case "is" -> inline = false;
                case "c" -> {
                    while (cells.size() <= column) {
                        cells.add(null);
                    }
                    cells.set(column, text(type, value.toString()));
                }
                case "row" -> {
                    DirectoryFile.RawRow row = new DirectoryFile.RawRow(rowNumber, cells);
                    if (!row.isBlank()) {
                        rows.add(row);
                        if (rows.size() > maxRows + 1) {
                            throw UnreadableFile.tooManyRows(rowNumber, maxRows);
                        }
                    }
                }
                default -> { }
            }
        }

        private String text(String type, String raw) {
            if (type == null || type.equals("n")) {
                return raw.isEmpty() ? null : new BigDecimal(raw).stripTrailingZeros().toPlainString();
            }
            return switch (type) {
                case "s" -> strings.getItemAt(Integer.parseInt(raw.strip())).getString();
                case "b" -> raw.equals("1") ? "true" : "false";
                default -> raw; // inlineStr, str (a formula's text), e (an error such as #N/A), d (ISO date)
            };
        }

        /** "AB12" → 27. */
        private static int columnIndex(String ref) {
            int index = 0;
            for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
                index = index * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
            }
            return index - 1;
        }
    }
}
