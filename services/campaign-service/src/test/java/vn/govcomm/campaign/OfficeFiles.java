package vn.govcomm.campaign;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Real Word and Excel files, written by Apache POI (the service's own XLSX library) for the upload tests. */
final class OfficeFiles {

    private OfficeFiles() {
    }

    /** A Word document (.docx) with one paragraph. */
    static byte[] docx(String text) {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText(text);
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Excel workbook (.xlsx) with one sheet and one row. */
    static byte[] xlsx(String... cells) {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            return write(workbook, cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Excel 97-2003 workbook (.xls). */
    static byte[] xls(String... cells) {
        try (HSSFWorkbook workbook = new HSSFWorkbook()) {
            return write(workbook, cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workbook with a VBA project part added (what Excel writes as .xlsm). */
    static byte[] xlsm(String... cells) {
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(xlsx(cells)));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PackagePart vba = pkg.createPart(PackagingURIHelper.createPartName("/xl/vbaProject.bin"),
                    "application/vnd.ms-office.vbaProject");
            try (OutputStream part = vba.getOutputStream()) {
                part.write(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0});
            }
            pkg.save(out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The workbook protected with a password to open: an OLE2 compound file holding the encrypted package. */
    static byte[] encryptedXlsx(String password, String... cells) {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.standard).getEncryptor();
            encryptor.confirmPassword(password);
            try (OutputStream encrypted = encryptor.getDataStream(fs)) {
                encrypted.write(xlsx(cells));
            }
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] write(Workbook workbook, String... cells) throws IOException {
        var row = workbook.createSheet("Danh sách").createRow(0);
        for (int i = 0; i < cells.length; i++) {
            row.createCell(i).setCellValue(cells[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        workbook.write(out);
        return out.toByteArray();
    }
}
