package vn.govcomm.kit.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The type of a file from its content, never from the name or the declared Content-Type, which a client controls:
 * PDF ({@code %PDF-}), JPEG ({@code FF D8 FF}), PNG (8-byte signature), WebP ({@code RIFF....WEBP}), and Word / Excel
 * documents (DOCX, XLSX: a ZIP, {@code PK 03 04}, whose entries include {@code [Content_Types].xml} and
 * {@code word/document.xml} or {@code xl/workbook.xml}). The one rule for every uploaded file (notice attachments,
 * evidence of manual deliveries, the directory import); each use says which types it takes ({@link #require}).
 *
 * <p>Office files it refuses, each with its own reason ({@link Refusal}) so the officer knows what to do: macro-enabled
 * documents (a {@code vbaProject.bin} entry or Excel 4.0 macro sheets: .docm, .xlsm), password-protected (encrypted)
 * Word/Excel files (an OLE2 compound file holding an {@code EncryptedPackage} stream) and the old binary formats
 * (.doc, .xls: an OLE2 compound file, {@code D0 CF 11 E0 A1 B1 1A E1}).
 *
 * <p>A ZIP is judged by the NAMES in its central directory only, read with {@link ZipFile} (which needs a file: the
 * bytes go to a private temporary file for the look, deleted at once); no entry is ever inflated, so a zip bomb costs
 * nothing. At most {@value #MAX_ZIP_ENTRIES} entries are looked at; an archive with more is not a document we take.
 */
public final class MediaTypeSniffer {

    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String WEBP = "image/webp";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** Every type it recognises, in the order messages list them. */
    public static final List<String> ALL = List.of(PDF, JPEG, PNG, WEBP, DOCX, XLSX);
    /** A scan or a photo: evidence of a manual delivery. */
    public static final Set<String> PDF_AND_IMAGES = Set.of(PDF, JPEG, PNG, WEBP);
    /** The files a notice may carry: the signed letter, pictures, Word forms and Excel lists. */
    public static final Set<String> NOTICE_FILES = Set.copyOf(ALL);

    private static final Logger log = LoggerFactory.getLogger(MediaTypeSniffer.class);

    /** More entries than a Word or Excel file of a notice ever has (a few dozen; hundreds with many pictures). */
    static final int MAX_ZIP_ENTRIES = 5_000;

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP_TAG = "WEBP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 0x03, 0x04};
    private static final byte[] OLE2_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1};
    /** The stream an encrypted OOXML file keeps its package in; directory entry names are UTF-16LE. */
    private static final byte[] ENCRYPTED_PACKAGE = "EncryptedPackage".getBytes(StandardCharsets.UTF_16LE);

    private MediaTypeSniffer() {
    }

    /** What the content is: a type it recognises, an Office file it refuses (and why), or nothing it knows. */
    public sealed interface Verdict permits Recognised, Refused, Unrecognised {
    }

    /** One of {@link #ALL}. */
    public record Recognised(String mediaType) implements Verdict {
    }

    /** An Office file that is refused whatever the use, with the reason to tell the officer. */
    public record Refused(Refusal refusal) implements Verdict {
    }

    /** Nothing it recognises. */
    public record Unrecognised() implements Verdict {
    }

    /** Why an Office file is refused: a stable problem code and what to do, in Vietnamese and English. */
    public enum Refusal {
        MACROS("office-file-with-macros",
                "Tệp có macro (.docm, .xlsm) không được nhận: hãy lưu lại dưới dạng .docx hoặc .xlsx không có macro rồi "
                        + "tải lên lại",
                "Files with macros (.docm, .xlsm) are not accepted: save it as .docx or .xlsx without macros and upload "
                        + "it again"),
        ENCRYPTED("office-file-encrypted",
                "Tệp Word/Excel có mật khẩu không được nhận: hãy gỡ mật khẩu (lưu lại không đặt mật khẩu) rồi tải lên lại",
                "Password-protected Word/Excel files are not accepted: remove the password (save it without one) and "
                        + "upload it again"),
        LEGACY_OFFICE("legacy-office-file",
                "Tệp Word/Excel 97-2003 (.doc, .xls) không được nhận: hãy mở tệp và lưu lại dưới dạng .docx hoặc .xlsx "
                        + "rồi tải lên lại",
                "Word/Excel 97-2003 files (.doc, .xls) are not accepted: open the file, save it as .docx or .xlsx and "
                        + "upload it again");

        private final String code;
        private final String messageVi;
        private final String messageEn;

        Refusal(String code, String messageVi, String messageEn) {
            this.code = code;
            this.messageVi = messageVi;
            this.messageEn = messageEn;
        }

        public String code() {
            return code;
        }

        public String messageVi() {
            return messageVi;
        }

        public String messageEn() {
            return messageEn;
        }
    }

    /** Judges the whole file (a ZIP's central directory is at its end). */
    public static Verdict judge(byte[] data) {
        if (startsWith(data, 0, PDF_MAGIC)) {
            return new Recognised(PDF);
        }
        if (startsWith(data, 0, PNG_MAGIC)) {
            return new Recognised(PNG);
        }
        if (startsWith(data, 0, JPEG_MAGIC)) {
            return new Recognised(JPEG);
        }
        if (startsWith(data, 0, RIFF) && startsWith(data, 8, WEBP_TAG)) {
            return new Recognised(WEBP);
        }
        if (startsWith(data, 0, ZIP_MAGIC)) {
            return officeOpenXml(data);
        }
        if (startsWith(data, 0, OLE2_MAGIC)) {
            return new Refused(indexOf(data, ENCRYPTED_PACKAGE) >= 0 ? Refusal.ENCRYPTED : Refusal.LEGACY_OFFICE);
        }
        return new Unrecognised();
    }

    /** The type when it is one it recognises; empty for refused and unknown files. */
    public static Optional<String> sniff(byte[] data) {
        return judge(data) instanceof Recognised(String mediaType) ? Optional.of(mediaType) : Optional.empty();
    }

    /**
     * The file's type when it is one of {@code accepted}; otherwise a 415 problem for the field {@code file}: the
     * Office refusal's own code and words when the use takes Office files, else {@code unsupported-file-type} naming
     * the accepted types.
     */
    public static String require(byte[] data, Set<String> accepted) {
        Verdict verdict = judge(data);
        if (verdict instanceof Recognised(String mediaType) && accepted.contains(mediaType)) {
            return mediaType;
        }
        if (verdict instanceof Refused(Refusal r) && (accepted.contains(DOCX) || accepted.contains(XLSX))) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, r.code(), r.messageVi() + ". / " + r.messageEn() + ".",
                    List.of(new FieldProblem("file", r.code(), r.messageVi(), r.messageEn())));
        }
        List<String> labels = ALL.stream().filter(accepted::contains).map(MediaTypeSniffer::label).toList();
        String list = String.join(", ", labels);
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type",
                "Chỉ nhận " + either(labels, " hoặc ") + ". / Only " + either(labels, " or ") + " files are accepted.",
                List.of(new FieldProblem("file", "unsupported-file-type",
                        "Loại tệp không được hỗ trợ (chỉ " + list + "; xác định theo nội dung tệp)",
                        "Unsupported file type (only " + list + "; judged by the content)")));
    }

    /** The usual file name extension of a recognised type (without the dot). */
    public static String extension(String mediaType) {
        return switch (mediaType) {
            case PDF -> "pdf";
            case JPEG -> "jpg";
            case PNG -> "png";
            case WEBP -> "webp";
            case DOCX -> "docx";
            case XLSX -> "xlsx";
            default -> throw new IllegalArgumentException("Not a recognised type: " + mediaType);
        };
    }

    /** How messages name a recognised type: PDF, JPEG, PNG, WebP, Word (.docx), Excel (.xlsx). */
    public static String label(String mediaType) {
        return switch (mediaType) {
            case PDF -> "PDF";
            case JPEG -> "JPEG";
            case PNG -> "PNG";
            case WEBP -> "WebP";
            case DOCX -> "Word (.docx)";
            case XLSX -> "Excel (.xlsx)";
            default -> throw new IllegalArgumentException("Not a recognised type: " + mediaType);
        };
    }

    /** "a, b or c". */
    private static String either(List<String> labels, String or) {
        return labels.size() <= 1 ? String.join("", labels)
                : String.join(", ", labels.subList(0, labels.size() - 1)) + or + labels.getLast();
    }

    /**
     * A ZIP: DOCX or XLSX by the names of its entries (case-insensitive, as OOXML part names are), refused with
     * macros; anything else (another ZIP, a damaged one, too many entries) is unrecognised.
     */
    private static Verdict officeOpenXml(byte[] data) {
        Path file = null;
        try {
            file = Files.createTempFile("govcomm-sniff-", ".zip"); // owner-only on POSIX file systems
            Files.write(file, data);
            return entryNames(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the temporary copy to look into a ZIP", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Could not delete the temporary copy {}", file, e);
                }
            }
        }
    }

    private static Verdict entryNames(Path file) {
        boolean contentTypes = false;
        boolean word = false;
        boolean excel = false;
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            if (zip.size() > MAX_ZIP_ENTRIES) {
                return new Unrecognised();
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (int looked = 0; looked < MAX_ZIP_ENTRIES && entries.hasMoreElements(); looked++) {
                String name = entries.nextElement().getName().toLowerCase(Locale.ROOT);
                if (name.endsWith("vbaproject.bin") || name.startsWith("xl/macrosheets/")) {
                    return new Refused(Refusal.MACROS);
                }
                contentTypes |= name.equals("[content_types].xml");
                word |= name.equals("word/document.xml");
                excel |= name.equals("xl/workbook.xml");
            }
        } catch (IOException | IllegalArgumentException e) {
            return new Unrecognised(); // not a readable ZIP (ZipException), a name that is not UTF-8
        }
        return contentTypes && word != excel ? new Recognised(word ? DOCX : XLSX) : new Unrecognised();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        return data.length >= offset + prefix.length
                && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
