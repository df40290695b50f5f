package vn.govcomm.manual;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.manual.tasks.Decision;
import vn.govcomm.manual.tasks.ManualTask;
import vn.govcomm.manual.tasks.ManualTasks;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the API refuses, and that a refusal changes nothing: bad evidence (field-level problems in Vietnamese and
 * English), files judged by their content, the size limit (256 KB here), reviews without a reason, actions in the
 * wrong state (409), and two reviewers racing (exactly one wins).
 */
class BadInputIntegrationTests extends ManualAdapterTestSupport {

    @Autowired ManualTasks tasks;

    @Test
    void evidenceWithNeitherLinkNorFileIsRefusedOnBothFields() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));

        HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(),
                new Multipart().text("note", "Đã niêm yết.").text("publishedOn", today().toString()));

        JsonNode problem = refused(response, 400, "validation-failed", deliveryId);
        assertThat(fields(problem)).containsExactly("url:url-or-file-required", "file:url-or-file-required");
        assertThat(problem.path("errors").get(0).path("messageVi").asString()).contains("đường dẫn");
        assertThat(problem.path("errors").get(0).path("messageEn").asString()).contains("link");
    }

    @Test
    void aJavascriptLinkIsRefused() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));

        HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(), linkEvidence("javascript:alert(1)"));

        assertThat(fields(refused(response, 400, "validation-failed", deliveryId)))
                .containsExactly("url:url-scheme-not-allowed");
    }

    @Test
    void linksThatAreNotHttpOrTooLongOrMalformedAreRefused() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));
        for (String url : List.of("data:text/html,<script>alert(1)</script>", "ftp://syt.khanhhoa.gov.vn/a",
                "https:///no-host", "https://syt.khanhhoa.gov.vn/a b", "https://x.vn/" + "a".repeat(2000))) {
            HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(), linkEvidence(url));
            assertThat(fields(refused(response, 400, "validation-failed", deliveryId))).as(url).singleElement()
                    .satisfies(f -> assertThat(f).startsWith("url:"));
        }
    }

    @Test
    void aPublicationDateInTheFutureOrLongBeforeTheWindowIsRefused() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));

        HttpResponse<String> tomorrow = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("url", "https://syt.khanhhoa.gov.vn/a").text("publishedOn", today().plusDays(1).toString()));
        assertThat(fields(refused(tomorrow, 400, "validation-failed", deliveryId))).containsExactly("publishedOn:in-future");

        // The window started an hour ago: the day before it is still accepted (a notice put up the evening before).
        HttpResponse<String> tooEarly = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("url", "https://syt.khanhhoa.gov.vn/a").text("publishedOn", today().minusDays(3).toString()));
        assertThat(fields(refused(tooEarly, 400, "validation-failed", deliveryId))).containsExactly("publishedOn:before-window");

        HttpResponse<String> missing = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("url", "https://syt.khanhhoa.gov.vn/a").text("note", "x".repeat(2001)));
        assertThat(fields(refused(missing, 400, "validation-failed", deliveryId)))
                .containsExactlyInAnyOrder("publishedOn:required", "note:too-long");

        HttpResponse<String> garbage = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("url", "https://syt.khanhhoa.gov.vn/a").text("publishedOn", "05/09/2023"));
        assertThat(fields(refused(garbage, 400, "validation-failed", deliveryId))).containsExactly("publishedOn:invalid-date");
    }

    @Test
    void aFakePdfThatIsHtmlIsRefusedWhateverItsNameAndTypeSay() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));

        HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("publishedOn", today().toString()).file("file", "cong-van.pdf", "application/pdf",
                        "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)));

        JsonNode problem = refused(response, 415, "unsupported-file-type", deliveryId);
        assertThat(fields(problem)).containsExactly("file:unsupported-file-type");
    }

    @Test
    void aWordDocumentIsNoEvidenceAndIsRefusedNamingWhatIsTaken() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));
        java.io.ByteArrayOutputStream docx = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(docx)) {
            for (String part : List.of("[Content_Types].xml", "_rels/.rels", "word/document.xml")) {
                zip.putNextEntry(new java.util.zip.ZipEntry(part));
                zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
            }
        }

        HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("publishedOn", today().toString()).file("file", "bien-ban.docx", "application/octet-stream",
                        docx.toByteArray()));

        JsonNode problem = refused(response, 415, "unsupported-file-type", deliveryId);
        assertThat(fields(problem)).containsExactly("file:unsupported-file-type");
        assertThat(problem.path("detail").asString())
                .isEqualTo("Chỉ nhận PDF, JPEG, PNG hoặc WebP. / Only PDF, JPEG, PNG or WebP files are accepted.");
    }

    @Test
    void aFileOverTheLimitIsRefused() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));
        byte[] big = Arrays.copyOf(PDF, 256 * 1024 + 1);

        HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("publishedOn", today().toString()).file("file", "lon.pdf", "application/pdf", big));

        JsonNode problem = refused(response, 413, "file-too-large", deliveryId);
        assertThat(problem.path("errors").get(0).path("messageEn").asString())
                .isEqualTo("The file exceeds the size limit (256 KB)");
    }

    @Test
    void aFileExactlyAtTheLimitIsTakenAndNamedByItsContent() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));
        byte[] atLimit = Arrays.copyOf(PDF, 256 * 1024);

        HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("publishedOn", today().toString())
                .file("file", "..\\..\\bien-ban\u202Efdp.exe", "application/octet-stream", atLimit));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode file = JSON.readTree(response.body()).path("evidence").get(0).path("file");
        assertThat(file.path("mediaType").asString()).isEqualTo("application/pdf");
        assertThat(file.path("name").asString()).isEqualTo("bien-ban_fdp.exe.pdf");
        assertThat(file.path("sizeBytes").asLong()).isEqualTo(256 * 1024);
    }

    @Test
    void aUtf8FileNameSentAsRfc5987IsKeptWithItsDiacritics() throws Exception {
        String deliveryId = openTask(newId("cmp"));
        // What Spring's RestClient sends (the gateway console relays uploads so): an ASCII filename and filename*;
        // the container reads filename*.
        String disposition = org.springframework.http.ContentDisposition.formData().name("file")
                .filename("Biên bản niêm yết.pdf", StandardCharsets.UTF_8).build().toString();

        HttpResponse<String> response = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("publishedOn", today().toString()).fileWithDisposition(disposition, "application/pdf", PDF));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(JSON.readTree(response.body()).path("evidence").get(0).path("file").path("name").asString())
                .isEqualTo("Biên bản niêm yết.pdf");
    }

    @Test
    void emptyFilesUnknownFieldsAndOtherBodiesAreRefused() throws Exception {
        String deliveryId = watch(openTask(newId("cmp")));

        HttpResponse<String> empty = submitEvidence(deliveryId, targetOfficer(), new Multipart()
                .text("publishedOn", today().toString()).file("file", "a.png", "image/png", new byte[0]));
        assertThat(fields(refused(empty, 400, "validation-failed", deliveryId))).containsExactly("file:empty-file");

        HttpResponse<String> unknown = submitEvidence(deliveryId, targetOfficer(), linkEvidence("https://a.vn/x")
                .text("status", "ACCEPTED"));
        assertThat(fields(refused(unknown, 400, "unknown-field", deliveryId))).containsExactly("status:unknown-field");

        HttpResponse<String> json = postJson("/api/manual/tasks/" + deliveryId + "/evidence", targetOfficer(),
                "{\"url\":\"https://a.vn/x\",\"publishedOn\":\"" + today() + "\"}");
        refused(json, 415, "multipart-required", deliveryId);
    }

    @Test
    void aRejectionWithoutAReasonIsRefused() throws Exception {
        String deliveryId = submitted();

        HttpResponse<String> noReason = review(deliveryId, issuingOfficer(), "REJECT", null);
        assertThat(fields(refused(noReason, 400, "validation-failed", deliveryId))).containsExactly("reason:required");
        HttpResponse<String> blank = review(deliveryId, issuingOfficer(), "REJECT", "   ");
        assertThat(fields(refused(blank, 400, "validation-failed", deliveryId))).containsExactly("reason:required");
        HttpResponse<String> tooLong = review(deliveryId, issuingOfficer(), "REJECT", "x".repeat(1001));
        assertThat(fields(refused(tooLong, 400, "validation-failed", deliveryId))).containsExactly("reason:too-long");
        HttpResponse<String> badDecision = review(deliveryId, issuingOfficer(), "MAYBE", null);
        assertThat(fields(refused(badDecision, 400, "validation-failed", deliveryId)))
                .containsExactly("decision:invalid-decision");
        HttpResponse<String> malformed = postJson("/api/manual/tasks/" + deliveryId + "/review", issuingOfficer(), "{");
        refused(malformed, 400, "malformed-json", deliveryId);
    }

    @Test
    void actionsInTheWrongStateAnswer409() throws Exception {
        String open = watch(openTask(newId("cmp")));
        HttpResponse<String> early = review(open, issuingOfficer(), "ACCEPT", null);
        assertThat(refused(early, 409, "task-state-conflict", open).path("detail").asString())
                .contains("AWAITING_CONFIRMATION");

        String waiting = submitted();
        HttpResponse<String> twice = submitEvidence(waiting, targetOfficer(), photoEvidence());
        assertThat(refused(twice, 409, "task-state-conflict", waiting).path("detail").asString())
                .contains("AWAITING_REVIEW");

        assertThat(review(waiting, issuingOfficer(), "ACCEPT", null).statusCode()).isEqualTo(200);
        watch(waiting); // changed on purpose; the refusals below must leave it as accepted
        refused(review(waiting, issuingApprover(), "REJECT", "Muộn."), 409, "task-state-conflict", waiting);
        refused(submitEvidence(waiting, targetOfficer(), photoEvidence()), 409, "task-state-conflict", waiting);
    }

    @Test
    void twoReviewersRacingOneWinsTheOtherGets409() throws Exception {
        String deliveryId = submitted();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> reviewers = List.of(
                () -> { start.await(); return review(deliveryId, issuingOfficer(), "ACCEPT", null); },
                () -> { start.await(); return review(deliveryId, issuingApprover(), "REJECT", "Ảnh mờ."); });
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (Callable<HttpResponse<String>> reviewer : reviewers) {
                answers.add(pool.submit(reviewer));
            }
            start.countDown();
        }
        HttpResponse<String> accept = answers.get(0).get();
        HttpResponse<String> reject = answers.get(1).get();

        assertThat(List.of(accept.statusCode(), reject.statusCode())).containsExactlyInAnyOrder(200, 409);
        HttpResponse<String> loser = accept.statusCode() == 409 ? accept : reject;
        assertThat(JSON.readTree(loser.body()).path("code").asString()).isEqualTo("task-state-conflict");
        String winnerState = accept.statusCode() == 200 ? "ACCEPTED" : "REJECTED";
        assertThat(taskState(deliveryId)).isEqualTo(winnerState);
        Document task = task(deliveryId);
        assertThat(task.getList("evidence", Document.class)).singleElement()
                .satisfies(e -> assertThat(e.get("review", Document.class).getString("decision"))
                        .isEqualTo(accept.statusCode() == 200 ? "ACCEPT" : "REJECT"));
        awaitDeliveryStatus(deliveryId, accept.statusCode() == 200 ? "PUBLISHED" : "FAILED");
        assertThat(statusEvents(deliveryId, 2).get(1).path("status").asString())
                .isEqualTo(accept.statusCode() == 200 ? "PUBLISHED" : "FAILED");
    }

    @Test
    void aReviewBasedOnAStaleReadLosesTheCompareAndSet() throws Exception {
        String deliveryId = submitted();
        ManualTask seen = tasks.find(deliveryId).orElseThrow();

        tasks.review(seen, Decision.REJECT, "Ảnh mờ.", "tran.thi.lan", null);

        // The second reviewer read the task before the first decided: its write must not apply.
        assertThatThrownBy(() -> tasks.review(seen, Decision.ACCEPT, null, "nguyen.van.minh", null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(409);
                    assertThat(p.getMessage()).contains("REJECTED");
                });
        assertThat(taskState(deliveryId)).isEqualTo("REJECTED");
        awaitDeliveryStatus(deliveryId, "FAILED");
    }

    /** A task with one evidence submitted (AWAITING_REVIEW), watched. */
    private String submitted() throws Exception {
        String deliveryId = openTask(newId("cmp"));
        assertThat(submitEvidence(deliveryId, targetOfficer(), photoEvidence()).statusCode()).isEqualTo(201);
        return watch(deliveryId);
    }

    /** Records the task and its file count as they are now: every refusal after this must leave them so. */
    private String watch(String deliveryId) {
        watched.put(deliveryId, new Watched(task(deliveryId), files(deliveryId)));
        return deliveryId;
    }

    private record Watched(Document task, long files) {
    }

    private final Map<String, Watched> watched = new HashMap<>();

    /** Asserts a problem+json refusal that left the task, its delivery and its files as they were. */
    private JsonNode refused(HttpResponse<String> response, int status, String code, String deliveryId) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("detail").asString()).contains(" / ");
        Watched before = watched.get(deliveryId);
        assertThat(before).as("the test watches " + deliveryId).isNotNull();
        assertThat(task(deliveryId)).as("nothing changed").isEqualTo(before.task());
        assertThat(files(deliveryId)).as("no file kept").isEqualTo(before.files());
        return problem;
    }

    private static List<String> fields(JsonNode problem) {
        return problem.path("errors").valueStream()
                .map(e -> e.path("field").asString() + ":" + e.path("code").asString()).toList();
    }
}
