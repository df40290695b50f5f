package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Duplicate submissions (Idempotency-Key), concurrent approvals, and optimistic concurrency on edits. */
class IdempotencyAndConcurrencyIntegrationTests extends CampaignServiceTestSupport {

    private MvcResult createWithKey(String key, String body) throws Exception {
        return mvc.perform(OFFICER.on(post("/api/campaigns")).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    @Test
    void sameIdempotencyKeyAndBodyReplaysTheSameCampaign() throws Exception {
        String key = UUID.randomUUID().toString();
        MvcResult first = createWithKey(key, DRAFT);
        MvcResult second = createWithKey(key, DRAFT);
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(second.getResponse().getStatus()).isEqualTo(201);
        String id = json.readTree(first.getResponse().getContentAsString()).path("id").asString();
        assertThat(json.readTree(second.getResponse().getContentAsString()).path("id").asString()).isEqualTo(id);
        assertThat(second.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.getResponse().getHeader("Location")).isEqualTo("/api/campaigns/" + id);
        assertThat(mongo.getCollection("campaigns").countDocuments(new org.bson.Document("idempotencyKey", key))).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsUnprocessable() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(createWithKey(key, DRAFT).getResponse().getStatus()).isEqualTo(201);
        mvc.perform(OFFICER.on(post("/api/campaigns")).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(DRAFT.replace("SNV-CCHC-2023-09", "SNV-KHAC")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("idempotency-key-reused"))
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
    }

    @Test
    void concurrentDuplicateSubmissionsCreateOneCampaign() throws Exception {
        String key = UUID.randomUUID().toString();
        List<MvcResult> results = concurrently(6, () -> createWithKey(key, DRAFT));
        assertThat(results).allSatisfy(r -> assertThat(r.getResponse().getStatus()).isEqualTo(201));
        assertThat(results.stream().map(r -> json.readTree(contentOf(r)).path("id").asString()).distinct()).hasSize(1);
        assertThat(mongo.getCollection("campaigns").countDocuments(new org.bson.Document("idempotencyKey", key))).isEqualTo(1);
    }

    @Test
    void theSameKeyOfAnotherUserIsAnotherCampaign() throws Exception {
        String key = UUID.randomUUID().toString();
        String mine = json.readTree(contentOf(createWithKey(key, DRAFT))).path("id").asString();
        User colleague = new User("do.thi.mai", "officer", "so-noi-vu");
        String theirs = body(mvc.perform(colleague.on(post("/api/campaigns")).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(DRAFT)).andExpect(status().isCreated())).path("id").asString();
        assertThat(theirs).isNotEqualTo(mine);
    }

    private MvcResult copyWithKey(String original, String key, String body) throws Exception {
        var request = OFFICER.on(post("/api/campaigns/{id}/copy", original)).header("Idempotency-Key", key);
        return mvc.perform(body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn();
    }

    private long copiesOf(String original) {
        return mongo.getCollection("campaigns").countDocuments(new org.bson.Document("origin.sourceId", original));
    }

    @Test
    void aRetriedCopyWithTheSameKeyAndBodyReplaysTheFirstDraft() throws Exception {
        String original = create(OFFICER, DRAFT);
        String key = UUID.randomUUID().toString();
        MvcResult first = copyWithKey(original, key, "{\"years\": 1}");
        MvcResult second = copyWithKey(original, key, "{\"years\": 1}");
        assertThat(first.getResponse().getStatus()).as(contentOf(first)).isEqualTo(201);
        assertThat(second.getResponse().getStatus()).as(contentOf(second)).isEqualTo(201);
        assertThat(first.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(second.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        JsonNode copy = json.readTree(contentOf(first));
        JsonNode replayed = json.readTree(contentOf(second));
        assertThat(replayed.path("id").asString()).isEqualTo(copy.path("id").asString());
        assertThat(replayed.path("code").asString()).isEqualTo(copy.path("code").asString()).isEqualTo("SNV-CCHC-2024-09");
        assertThat(second.getResponse().getHeader("Location")).isEqualTo("/api/campaigns/" + copy.path("id").asString());
        assertThat(second.getResponse().getHeader("ETag")).isEqualTo(first.getResponse().getHeader("ETag"));
        assertThat(copiesOf(original)).isEqualTo(1);
    }

    @Test
    void aCopyWithoutABodyReplaysLikeAnEmptyOne() throws Exception {
        String original = create(OFFICER, DRAFT);
        String key = UUID.randomUUID().toString();
        assertThat(copyWithKey(original, key, null).getResponse().getStatus()).isEqualTo(201);
        MvcResult again = copyWithKey(original, key, "{}");
        assertThat(again.getResponse().getStatus()).as(contentOf(again)).isEqualTo(201);
        assertThat(again.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(copiesOf(original)).isEqualTo(1);
    }

    @Test
    void theSameCopyKeyWithAnotherBodyOrAnotherOriginalIsUnprocessable() throws Exception {
        String original = create(OFFICER, DRAFT);
        String other = create(OFFICER, DRAFT.replace("SNV-CCHC-2023-09", "SNV-KHAC-2023"));
        String key = UUID.randomUUID().toString();
        assertThat(copyWithKey(original, key, "{\"years\": 1}").getResponse().getStatus()).isEqualTo(201);
        for (MvcResult reused : List.of(copyWithKey(original, key, "{\"years\": 2}"),
                copyWithKey(other, key, "{\"years\": 1}"))) {
            assertThat(reused.getResponse().getStatus()).as(contentOf(reused)).isEqualTo(422);
            JsonNode problem = json.readTree(contentOf(reused));
            assertThat(problem.path("code").asString()).isEqualTo("idempotency-key-reused");
            assertThat(problem.path("errors").path(0).path("field").asString()).isEqualTo("Idempotency-Key");
        }
        // a key that created a campaign is spent for copies too (one id per user and key)
        String created = UUID.randomUUID().toString();
        assertThat(createWithKey(created, DRAFT).getResponse().getStatus()).isEqualTo(201);
        assertThat(copyWithKey(original, created, "{\"years\": 1}").getResponse().getStatus()).isEqualTo(422);
        assertThat(copiesOf(original)).isEqualTo(1);
        assertThat(copiesOf(other)).isZero();
    }

    @Test
    void concurrentRetriesOfACopyCreateOneDraft() throws Exception {
        String original = create(OFFICER, DRAFT);
        String key = UUID.randomUUID().toString();
        List<MvcResult> results = concurrently(6, () -> copyWithKey(original, key, "{\"years\": 1}"));
        assertThat(results).allSatisfy(r -> assertThat(r.getResponse().getStatus()).as(contentOf(r)).isEqualTo(201));
        assertThat(results.stream().map(r -> json.readTree(contentOf(r)).path("id").asString()).distinct()).hasSize(1);
        assertThat(copiesOf(original)).isEqualTo(1);
    }

    @Test
    void aBadCopyKeyIsRefusedBeforeAnythingIsCreated() throws Exception {
        String original = create(OFFICER, DRAFT);
        MvcResult refused = copyWithKey(original, "khóa có dấu", "{\"years\": 1}");
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(json.readTree(contentOf(refused)).path("errors").path(0).path("code").asString())
                .isEqualTo("invalid-idempotency-key");
        assertThat(copiesOf(original)).isZero();
    }

    @Test
    void twoApproversAtOnceExactlyOneWinsAndOneCampaignScheduledIsEmitted() throws Exception {
        String id = createAndSubmit(DRAFT);
        List<MvcResult> results = concurrently(2, new ArrayList<>(List.of(
                () -> approve(APPROVER, id).andReturn(), () -> approve(APPROVER_2, id).andReturn())));
        List<Integer> statuses = results.stream().map(r -> r.getResponse().getStatus()).sorted().toList();
        assertThat(statuses).containsExactly(200, 409);

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "approved", "scheduled");
        JsonNode stored = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))));
        assertThat(stored.path("decisions").valueStream().filter(d -> d.path("action").asString().equals("approved"))).hasSize(1);
    }

    @Test
    void editingRequiresIfMatchAndRefusesAStaleVersion() throws Exception {
        String id = create(OFFICER, DRAFT);
        String etag = etag(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))).andExpect(header().exists("ETag")));
        String edited = DRAFT.replace("Khảo sát mức độ hài lòng năm 2023\"}", "Khảo sát hài lòng 2023\"}");

        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).contentType(MediaType.APPLICATION_JSON).content(edited))
                .andExpect(status().isPreconditionRequired())
                .andExpect(jsonPath("$.code").value("if-match-required"));
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", "\"999\"")
                        .contentType(MediaType.APPLICATION_JSON).content(edited))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.code").value("version-mismatch"));
        String next = etag(mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON).content(edited))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DRAFT"))
                .andExpect(jsonPath("$.notice.ledText").value("Khảo sát hài lòng 2023"))
                .andExpect(jsonPath("$.decisions[0].action").value("edited"))
                .andExpect(jsonPath("$.decisions[0].comment").value("changed: notice.ledText")));
        assertThat(next).isNotEqualTo(etag);
        // The first ETag is stale now: a second writer holding it loses.
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON).content(DRAFT))
                .andExpect(status().isPreconditionFailed());
    }

    @Test
    void editingAnApprovedCampaignNeedsReApprovalAndPublishesAHigherVersion() throws Exception {
        String id = createAndSubmit(DRAFT);
        String etag = etag(approve(APPROVER, id).andExpect(jsonPath("$.status").value("SCHEDULED")));
        String edited = DRAFT.replace("Thông báo triển khai khảo sát", "Thông báo (đính chính) triển khai khảo sát");

        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON).content(edited))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUBMITTED"))
                .andExpect(jsonPath("$.noticeVersion").value(2))
                .andExpect(jsonPath("$.approvedVersion").value(1));
        approve(APPROVER, id).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SCHEDULED"))
                .andExpect(jsonPath("$.approvedVersion").value(2));

        List<IncomingEvent> events = allEventsOf("campaigns", "campaign.events", id);
        assertThat(types(events)).containsExactly("submitted", "approved", "scheduled", "submitted", "approved", "scheduled");
        events.forEach(e -> assertThat(Contracts.get().validate(e.type(), e.dataAsString())).as(e.type()).isEmpty());
        JsonNode first = json.readTree(events.get(2).dataAsString());
        JsonNode second = json.readTree(events.get(5).dataAsString());
        assertThat(first.path("version").asInt()).isEqualTo(1);
        assertThat(second.path("version").asInt()).isEqualTo(2);
        assertThat(second.path("notice").path("title").asString()).startsWith("Thông báo (đính chính)");

        JsonNode versions = body(mvc.perform(OFFICER.on(get("/api/campaigns/{id}/versions", id))).andExpect(status().isOk()));
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("content").path("notice").path("title").asString()).startsWith("Thông báo triển khai");
        assertThat(versions.get(1).path("approvedBy").asString()).isEqualTo("nguyen.van.minh");
    }

    @Test
    void theEditorOfAnApprovedCampaignCannotApproveTheEdit() throws Exception {
        String id = createAndSubmit(DRAFT);
        String etag = etag(approve(APPROVER, id));
        User officerApprover = new User("le.van.hai", "officer,approver", "so-noi-vu");
        mvc.perform(officerApprover.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                .contentType(MediaType.APPLICATION_JSON).content(DRAFT.replace("SNV-CCHC-2023-09", "SNV-CCHC-2023-10")))
                .andExpect(status().isOk());
        approve(officerApprover, id).andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("four-eyes"));
    }

    @Test
    void aSubmittedCampaignCannotBeEdited() throws Exception {
        String id = createAndSubmit(DRAFT);
        String etag = etag(mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id))));
        mvc.perform(OFFICER.on(put("/api/campaigns/{id}", id)).header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON).content(DRAFT))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not-editable"));
    }

    private String contentOf(MvcResult r) {
        try {
            return r.getResponse().getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(task);
        }
        return concurrently(n, tasks);
    }

    /** Runs the tasks at the same moment (a barrier releases them together) and returns their results. */
    private static <T> List<T> concurrently(int n, List<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
