package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Upload with type sniffing (PDF, images, real Word and Excel files written by POI) and a size limit (256 KB in these
 * tests), reference by id, URL in the event.
 */
class AttachmentsIntegrationTests extends CampaignServiceTestSupport {

    static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};

    private JsonNode upload(String name, String declaredType, byte[] data) throws Exception {
        return body(mvc.perform(OFFICER.on(multipart("/api/campaigns/attachments")
                .file(new MockMultipartFile("file", name, declaredType, data)))).andExpect(status().isCreated()));
    }

    @Test
    void uploadedFilesAreReferencedByIdAndTheScheduledEventCarriesTheirDownloadUrl() throws Exception {
        JsonNode pdf = upload("Công văn 2105-SNV-CCHC.pdf", "application/pdf", PDF);
        JsonNode png = upload("anh-khao-sat.png", "application/octet-stream", PNG);
        assertThat(pdf.path("mediaType").asString()).isEqualTo("application/pdf");
        assertThat(png.path("mediaType").asString()).isEqualTo("image/png");
        assertThat(pdf.path("url").asString()).isEqualTo("https://govcomm.example.vn/api/campaigns/attachments/" + pdf.path("id").asString());

        String id = createAndSubmit(draftWith(d -> ((ObjectNode) d.path("notice")).set("attachmentIds",
                parse("[\"" + pdf.path("id").asString() + "\", \"" + png.path("id").asString() + "\"]"))));
        approve(APPROVER, id).andExpect(status().isOk())
                .andExpect(jsonPath("$.notice.attachments[0].name").value("Công văn 2105-SNV-CCHC.pdf"));

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        IncomingEvent scheduled = events.get(2);
        assertThat(Contracts.get().validate(scheduled.type(), scheduled.dataAsString())).isEmpty();
        JsonNode attachments = json.readTree(scheduled.dataAsString()).path("notice").path("attachments");
        // Channels get the public address (PublicFilesIntegrationTests), not the platform's own download.
        assertThat(attachments.get(0).path("url").asString())
                .isEqualTo("https://govcomm.example.vn/files/" + pdf.path("id").asString());
        assertThat(attachments.get(0).path("sizeBytes").asLong()).isEqualTo(PDF.length);
        assertThat(attachments.get(1).path("mediaType").asString()).isEqualTo("image/png");

        // Downloading needs a caller token of someone who reads the issuing agency's campaigns.
        byte[] downloaded = mvc.perform(APPROVER.on(get("/api/campaigns/attachments/{id}", pdf.path("id").asString())))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/pdf"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition", startsWith("attachment;")))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(downloaded).isEqualTo(PDF);
    }

    @Test
    void rejectsFilesThatAreNotPdfOrImagesWhateverTheirNameSays() throws Exception {
        mvc.perform(OFFICER.on(multipart("/api/campaigns/attachments")
                        .file(new MockMultipartFile("file", "cong-van.pdf", "application/pdf",
                                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)))))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported-file-type"))
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].messageVi").isNotEmpty());
    }

    @Test
    void wordAndExcelDocumentsAreAcceptedByTheirContentSentToChannelsAndDownloadedAsAttachments() throws Exception {
        byte[] form = OfficeFiles.docx("Phiếu khảo sát mức độ hài lòng");
        byte[] list = OfficeFiles.xlsx("STT", "Họ và tên", "Xã, phường");
        JsonNode docx = upload("Phiếu khảo sát.docx", "application/octet-stream", form);
        JsonNode xlsx = upload("", "application/msword", list); // neither the name nor the declared type counts
        assertThat(docx.path("mediaType").asString())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(xlsx.path("mediaType").asString())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.path("name").asString()).isEqualTo("tep-dinh-kem.xlsx");

        String id = createAndSubmit(draftWith(d -> ((ObjectNode) d.path("notice")).set("attachmentIds",
                parse("[\"" + docx.path("id").asString() + "\", \"" + xlsx.path("id").asString() + "\"]"))));
        approve(APPROVER, id).andExpect(status().isOk());
        IncomingEvent scheduled = allEventsOf("campaigns", "campaign.events", id).get(2);
        assertThat(Contracts.get().validate(scheduled.type(), scheduled.dataAsString())).isEmpty();
        JsonNode attachments = json.readTree(scheduled.dataAsString()).path("notice").path("attachments");
        assertThat(attachments.get(0).path("mediaType").asString()).isEqualTo(docx.path("mediaType").asString());
        assertThat(attachments.get(1).path("name").asString()).isEqualTo("tep-dinh-kem.xlsx");

        byte[] downloaded = mvc.perform(APPROVER.on(get("/api/campaigns/attachments/{id}", docx.path("id").asString())))
                .andExpect(status().isOk())
                .andExpect(content().contentType(docx.path("mediaType").asString()))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition", startsWith("attachment;")))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(downloaded).isEqualTo(form);
    }

    @Test
    void macroEnabledPasswordProtectedAndOldOfficeFilesAreRefusedSayingWhatToDo() throws Exception {
        long before = mongo.getCollection("attachments").countDocuments();
        refused("danh-sach.xlsx", OfficeFiles.xlsm("STT", "Họ và tên"), "office-file-with-macros")
                .andExpect(jsonPath("$.errors[0].messageVi", startsWith("Tệp có macro (.docm, .xlsm) không được nhận: "
                        + "hãy lưu lại dưới dạng .docx hoặc .xlsx không có macro")))
                .andExpect(jsonPath("$.errors[0].messageEn", startsWith("Files with macros (.docm, .xlsm) are not "
                        + "accepted: save it as .docx or .xlsx without macros")));
        refused("danh-sach.xlsx", OfficeFiles.encryptedXlsx("matkhau", "STT"), "office-file-encrypted")
                .andExpect(jsonPath("$.errors[0].messageEn", startsWith("Password-protected Word/Excel files are not "
                        + "accepted: remove the password")));
        refused("danh-sach.xls", OfficeFiles.xls("STT", "Họ và tên"), "legacy-office-file")
                .andExpect(jsonPath("$.errors[0].messageVi", startsWith("Tệp Word/Excel 97-2003 (.doc, .xls) không được "
                        + "nhận: hãy mở tệp và lưu lại dưới dạng .docx hoặc .xlsx")))
                .andExpect(jsonPath("$.detail", startsWith("Tệp Word/Excel 97-2003")));
        // a ZIP that is no Word or Excel document
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("chuong-trinh.exe"));
            out.write(new byte[] {'M', 'Z'});
        }
        refused("bao-cao.docx", zip.toByteArray(), "unsupported-file-type")
                .andExpect(jsonPath("$.errors[0].messageEn").value("Unsupported file type (only PDF, JPEG, PNG, WebP, "
                        + "Word (.docx), Excel (.xlsx); judged by the content)"));
        assertThat(mongo.getCollection("attachments").countDocuments()).isEqualTo(before);
    }

    private org.springframework.test.web.servlet.ResultActions refused(String name, byte[] data, String code)
            throws Exception {
        return mvc.perform(OFFICER.on(multipart("/api/campaigns/attachments")
                        .file(new MockMultipartFile("file", name, "application/octet-stream", data))))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].code").value(code));
    }

    @Test
    void rejectsOversizedFiles() throws Exception {
        byte[] big = Arrays.copyOf(PDF, 300 * 1024);
        mvc.perform(OFFICER.on(multipart("/api/campaigns/attachments")
                        .file(new MockMultipartFile("file", "lon.pdf", "application/pdf", big))))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.code").value("file-too-large"))
                .andExpect(jsonPath("$.errors[0].messageEn").value("The file exceeds the size limit (256 KB)"));
    }

    @Test
    void rejectsUnknownAttachmentIdsInACampaign() throws Exception {
        mvc.perform(OFFICER.on(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/campaigns"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(draftWith(d -> ((ObjectNode) d.path("notice")).set("attachmentIds", parse("[\"att-khong-co\"]")))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("notice.attachmentIds[0]"))
                .andExpect(jsonPath("$.errors[0].code").value("unknown-attachment"));
    }

    @Test
    void aCampaignCannotUseAnotherAgencysUpload() throws Exception {
        String theirs = body(mvc.perform(OTHER_OFFICER.on(multipart("/api/campaigns/attachments")
                .file(new MockMultipartFile("file", "so-y-te.pdf", "application/pdf", PDF))))
                .andExpect(status().isCreated())).path("id").asString();
        mvc.perform(OFFICER.on(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/campaigns"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(draftWith(d -> ((ObjectNode) d.path("notice")).set("attachmentIds", parse("[\"" + theirs + "\"]")))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("unknown-attachment"));
    }

    @Test
    void officersApproversAndAdminsOfAnAgencyUploadViewersAndUsersWithoutAnAgencyDoNot() throws Exception {
        for (User uploader : new User[] {OFFICER, APPROVER, ADMIN}) {
            mvc.perform(uploader.on(multipart("/api/campaigns/attachments")
                            .file(new MockMultipartFile("file", "a.pdf", "application/pdf", PDF))))
                    .andExpect(status().isCreated());
        }
        long before = mongo.getCollection("attachments").countDocuments();
        for (User refused : new User[] {PROVINCE_VIEWER, new User("khong.co.don.vi", "officer,approver,admin", null)}) {
            mvc.perform(refused.on(multipart("/api/campaigns/attachments")
                            .file(new MockMultipartFile("file", "a.pdf", "application/pdf", PDF))))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("uploader-role-required"));
        }
        assertThat(mongo.getCollection("attachments").countDocuments()).isEqualTo(before);
    }

    @Test
    void anotherAgencysUsersCannotDownloadAFileButAdminsAndProvinceViewersCan() throws Exception {
        String id = upload("cong-van.pdf", "application/pdf", PDF).path("id").asString();
        mvc.perform(OTHER_OFFICER.on(get("/api/campaigns/attachments/{id}", id)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("attachment-not-found"));
        mvc.perform(ADMIN.on(get("/api/campaigns/attachments/{id}", id))).andExpect(status().isOk());
        mvc.perform(new User("giam.sat.tinh", "viewer", "ubnd-tinh").on(get("/api/campaigns/attachments/{id}", id)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/campaigns/attachments/{id}", id)).andExpect(status().isUnauthorized());
    }
}
