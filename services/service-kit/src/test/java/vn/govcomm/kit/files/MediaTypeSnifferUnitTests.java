package vn.govcomm.kit.files;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.files.MediaTypeSniffer.Recognised;
import vn.govcomm.kit.files.MediaTypeSniffer.Refusal;
import vn.govcomm.kit.files.MediaTypeSniffer.Refused;
import vn.govcomm.kit.files.MediaTypeSniffer.Unrecognised;
import vn.govcomm.kit.web.ApiProblem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaTypeSnifferUnitTests {

    private static final String[] DOCX_PARTS = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
            "word/_rels/document.xml.rels", "docProps/core.xml"};
    private static final String[] XLSX_PARTS = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};

    @Test
    void recognisesPdfJpegPngAndWebpByTheirMagicBytes() {
        assertThat(MediaTypeSniffer.sniff("%PDF-1.4 ...".getBytes(StandardCharsets.US_ASCII))).contains("application/pdf");
        assertThat(MediaTypeSniffer.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).contains("image/jpeg");
        assertThat(MediaTypeSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})).contains("image/png");
        assertThat(MediaTypeSniffer.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))).contains("image/webp");
    }

    @Test
    void refusesEverythingElseIncludingTruncatedSignatures() {
        assertThat(MediaTypeSniffer.sniff("<svg onload=alert(1)>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaTypeSniffer.sniff("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaTypeSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N'})).isEmpty();
        assertThat(MediaTypeSniffer.sniff(new byte[] {'P', 'K', 3})).isEmpty();
        assertThat(MediaTypeSniffer.sniff(new byte[0])).isEmpty();
    }

    @Test
    void recognisesWordAndExcelDocumentsByTheNamesOfTheirParts() throws IOException {
        assertThat(MediaTypeSniffer.judge(zip(DOCX_PARTS)))
                .isEqualTo(new Recognised("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        assertThat(MediaTypeSniffer.judge(zip(XLSX_PARTS)))
                .isEqualTo(new Recognised("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        // part names are case-insensitive in OOXML
        assertThat(MediaTypeSniffer.sniff(zip("[CONTENT_TYPES].XML", "Word/Document.xml"))).contains(MediaTypeSniffer.DOCX);
    }

    @Test
    void anyOtherZipIsUnrecognised() throws IOException {
        assertThat(MediaTypeSniffer.judge(zip("readme.txt", "word/document.xml"))).isEqualTo(new Unrecognised());
        assertThat(MediaTypeSniffer.judge(zip("[Content_Types].xml", "ppt/presentation.xml"))).isEqualTo(new Unrecognised());
        assertThat(MediaTypeSniffer.judge(zip("mimetype", "content.xml", "META-INF/manifest.xml"))).isEqualTo(new Unrecognised());
        // both a document and a workbook: not one of them
        assertThat(MediaTypeSniffer.judge(zip("[Content_Types].xml", "word/document.xml", "xl/workbook.xml")))
                .isEqualTo(new Unrecognised());
        // the local header's magic but no central directory: a truncated or forged ZIP
        byte[] docx = zip(DOCX_PARTS);
        assertThat(MediaTypeSniffer.judge(Arrays.copyOf(docx, docx.length / 2))).isEqualTo(new Unrecognised());
    }

    @Test
    void refusesMacroEnabledDocumentsAndWorkbooks() throws IOException {
        assertThat(MediaTypeSniffer.judge(zip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin")))
                .isEqualTo(new Refused(Refusal.MACROS));
        assertThat(MediaTypeSniffer.judge(zip("[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin")))
                .isEqualTo(new Refused(Refusal.MACROS));
        // Excel 4.0 macro sheets need no VBA project
        assertThat(MediaTypeSniffer.judge(zip("[Content_Types].xml", "xl/workbook.xml", "xl/macrosheets/sheet1.xml")))
                .isEqualTo(new Refused(Refusal.MACROS));
    }

    @Test
    void refusesLegacyAndEncryptedOfficeFilesForTheirOwnReasons() {
        byte[] ole2 = new byte[1024];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, ole2, 0, magic.length);
        byte[] workbookEntry = "Workbook".getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(workbookEntry, 0, ole2, 512, workbookEntry.length);
        assertThat(MediaTypeSniffer.judge(ole2)).isEqualTo(new Refused(Refusal.LEGACY_OFFICE));

        byte[] encrypted = ole2.clone();
        byte[] packageEntry = "EncryptedPackage".getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(packageEntry, 0, encrypted, 640, packageEntry.length);
        assertThat(MediaTypeSniffer.judge(encrypted)).isEqualTo(new Refused(Refusal.ENCRYPTED));
        assertThat(MediaTypeSniffer.sniff(encrypted)).isEmpty();
    }

    @Test
    void neverReadsWhatTheEntriesHold() throws IOException {
        // a stored entry whose bytes no longer match its CRC: a reader that looked inside would fail
        byte[] body = "<w:document>MARKER-MARKER-MARKER</w:document>".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.closeEntry();
            ZipEntry document = new ZipEntry("word/document.xml");
            document.setMethod(ZipEntry.STORED);
            document.setSize(body.length);
            CRC32 crc = new CRC32();
            crc.update(body);
            document.setCrc(crc.getValue());
            zip.putNextEntry(document);
            zip.write(body);
            zip.closeEntry();
        }
        byte[] damaged = out.toByteArray();
        int at = indexOf(damaged, "MARKER".getBytes(StandardCharsets.US_ASCII));
        damaged[at] = 'X';
        assertThat(MediaTypeSniffer.judge(damaged)).isEqualTo(new Recognised(MediaTypeSniffer.DOCX));

        // a deflated bomb (200 MB of zeros in a few hundred KB) is judged by its name alone
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("xl/workbook.xml"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(bomb.size()).isLessThan(1024 * 1024);
        assertThat(MediaTypeSniffer.judge(bomb.toByteArray())).isEqualTo(new Recognised(MediaTypeSniffer.XLSX));
    }

    @Test
    void anArchiveWithMoreEntriesThanTheCapIsUnrecognised() throws IOException {
        String[] names = new String[MediaTypeSniffer.MAX_ZIP_ENTRIES + 1];
        names[0] = "[Content_Types].xml";
        names[1] = "word/document.xml";
        for (int i = 2; i < names.length; i++) {
            names[i] = "word/media/image" + i + ".png";
        }
        assertThat(MediaTypeSniffer.judge(zip(names))).isEqualTo(new Unrecognised());
        assertThat(MediaTypeSniffer.judge(zip(Arrays.copyOf(names, MediaTypeSniffer.MAX_ZIP_ENTRIES))))
                .isEqualTo(new Recognised(MediaTypeSniffer.DOCX));
    }

    @Test
    void requireAnswersTheAcceptedTypeOrAProblemThatSaysWhatToDo() throws IOException {
        assertThat(MediaTypeSniffer.require(zip(DOCX_PARTS), MediaTypeSniffer.NOTICE_FILES)).isEqualTo(MediaTypeSniffer.DOCX);

        assertThatThrownBy(() -> MediaTypeSniffer.require(zip("[Content_Types].xml", "word/document.xml",
                "word/vbaProject.bin"), MediaTypeSniffer.NOTICE_FILES))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                    assertThat(p.code()).isEqualTo("office-file-with-macros");
                    assertThat(p.fields()).singleElement().satisfies(f -> {
                        assertThat(f.field()).isEqualTo("file");
                        assertThat(f.messageVi()).contains("Tệp có macro").contains("lưu lại dưới dạng .docx");
                        assertThat(f.messageEn()).contains("save it as .docx or .xlsx without macros");
                    });
                });
        byte[] legacy = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        assertThatThrownBy(() -> MediaTypeSniffer.require(legacy, MediaTypeSniffer.NOTICE_FILES))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("legacy-office-file");
                    assertThat(p.getMessage()).contains("hãy mở tệp và lưu lại dưới dạng .docx hoặc .xlsx")
                            .contains("save it as .docx or .xlsx");
                });

        // a use that takes no Office files names what it takes, whatever the Office file was
        for (byte[] office : new byte[][] {zip(DOCX_PARTS), legacy}) {
            assertThatThrownBy(() -> MediaTypeSniffer.require(office, MediaTypeSniffer.PDF_AND_IMAGES))
                    .isInstanceOfSatisfying(ApiProblem.class, p -> {
                        assertThat(p.code()).isEqualTo("unsupported-file-type");
                        assertThat(p.getMessage()).isEqualTo(
                                "Chỉ nhận PDF, JPEG, PNG hoặc WebP. / Only PDF, JPEG, PNG or WebP files are accepted.");
                    });
        }
        assertThatThrownBy(() -> MediaTypeSniffer.require("<html>".getBytes(StandardCharsets.US_ASCII),
                MediaTypeSniffer.NOTICE_FILES))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.fields().getFirst().messageEn()).isEqualTo(
                        "Unsupported file type (only PDF, JPEG, PNG, WebP, Word (.docx), Excel (.xlsx); judged by the content)"));
    }

    @Test
    void everyRecognisedTypeHasAnExtensionAndALabel() {
        assertThat(MediaTypeSniffer.ALL.stream().map(MediaTypeSniffer::extension))
                .containsExactly("pdf", "jpg", "png", "webp", "docx", "xlsx");
        assertThat(MediaTypeSniffer.label(MediaTypeSniffer.XLSX)).isEqualTo("Excel (.xlsx)");
        assertThatThrownBy(() -> MediaTypeSniffer.extension("text/html")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recognisesExactlyTheTypesTheContractsLetAnAttachmentHave() {
        JsonNode schema = JsonMapper.builder().build().readTree(Contracts.read("contracts/schemas/_common.v1.json"));
        List<String> contractTypes = new ArrayList<>();
        schema.at("/$defs/attachment/properties/mediaType/enum").forEach(t -> contractTypes.add(t.asString()));
        assertThat(contractTypes).containsExactlyElementsOf(MediaTypeSniffer.ALL);
        assertThat(MediaTypeSniffer.NOTICE_FILES).containsExactlyInAnyOrderElementsOf(contractTypes);
    }

    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(("<part name='" + name + "'/>").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        for (int i = 0; i + needle.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
