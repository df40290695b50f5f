package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.IncomingEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The public address of a notice's pictures and files ({@code /files/att-<uuid>}, no token): served exactly while
 * an approved, not cancelled campaign shows or carries the file; the event gives channels that address.
 */
class PublicFilesIntegrationTests extends CampaignServiceTestSupport {

    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    ConfigurableApplicationContext context;

    private String upload(User user, String name, byte[] data) throws Exception {
        return body(mvc.perform(user.on(multipart("/api/campaigns/attachments")
                .file(new MockMultipartFile("file", name, "application/octet-stream", data))))
                .andExpect(status().isCreated())).path("id").asString();
    }

    private String withFiles(String pictureId, String attachmentId) {
        return draftWith(d -> {
            ObjectNode notice = (ObjectNode) d.path("notice");
            notice.put("bodyHtml", "<p>Sơ đồ quầy:</p><p><img src=\"/api/campaigns/attachments/" + pictureId
                    + "\" alt=\"Sơ đồ bộ phận một cửa\"></p>");
            notice.set("attachmentIds", parse("[\"" + attachmentId + "\"]"));
        });
    }

    @Test
    void aDraftsFilesArePrivateAndAnApprovedCampaignsFilesArePublicAtTheAddressTheEventGives() throws Exception {
        String picture = upload(OFFICER, "so-do.png", AttachmentsIntegrationTests.PNG);
        String letter = upload(OFFICER, "Công văn 2105.pdf", AttachmentsIntegrationTests.PDF);
        String id = createAndSubmit(withFiles(picture, letter));

        for (String file : List.of(picture, letter)) {
            mvc.perform(get("/files/{id}", file)).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("file-not-found"));
        }

        approve(APPROVER, id).andExpect(status().isOk());

        mvc.perform(get("/files/{id}", picture))
                .andExpect(status().isOk())
                .andExpect(content().contentType("image/png"))
                .andExpect(content().bytes(AttachmentsIntegrationTests.PNG))
                .andExpect(header().string("Content-Disposition", startsWith("inline;")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Cross-Origin-Resource-Policy", "cross-origin"))
                .andExpect(header().string("Cache-Control", "max-age=600, public"))
                .andExpect(header().string("Content-Security-Policy", startsWith("default-src 'none'")));
        String etag = mvc.perform(get("/files/{id}", letter))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/pdf"))
                .andExpect(header().string("Content-Disposition", startsWith("attachment;")))
                .andReturn().getResponse().getHeader("ETag");
        mvc.perform(get("/files/{id}", letter).header("If-None-Match", etag))
                .andExpect(status().isNotModified())
                .andExpect(content().bytes(new byte[0]));
        mvc.perform(head("/files/{id}", letter)).andExpect(status().isOk());

        IncomingEvent scheduled = allEventsOf("campaigns", "campaign.events", id).stream()
                .filter(e -> e.type().equals(EventTypes.CAMPAIGN_SCHEDULED)).findFirst().orElseThrow();
        assertThat(Contracts.get().validate(scheduled.type(), scheduled.dataAsString())).isEmpty();
        JsonNode notice = json.readTree(scheduled.dataAsString()).path("notice");
        assertThat(notice.path("bodyHtml").asString())
                .contains("<img src=\"https://govcomm.example.vn/files/" + picture + "\" alt=\"Sơ đồ bộ phận một cửa\"")
                .doesNotContain("/api/campaigns/attachments/");
        assertThat(notice.path("attachments").get(0).path("url").asString())
                .isEqualTo("https://govcomm.example.vn/files/" + letter);
        // The campaign as stored and answered keeps the address inside the platform, for the console.
        mvc.perform(OFFICER.on(get("/api/campaigns/{id}", id)))
                .andExpect(jsonPath("$.notice.bodyHtml").value(org.hamcrest.Matchers.containsString(
                        "/api/campaigns/attachments/" + picture)))
                .andExpect(jsonPath("$.publicFileIds").doesNotExist());
    }

    @Test
    void aCancelledCampaignsFilesAreWithdrawnButAFileAnotherLiveCampaignPublishesStays() throws Exception {
        String shared = upload(OFFICER, "so-do.png", AttachmentsIntegrationTests.PNG);
        String onlyHere = upload(OFFICER, "cv.pdf", AttachmentsIntegrationTests.PDF);
        String first = createAndSubmit(withFiles(shared, onlyHere));
        approve(APPROVER, first).andExpect(status().isOk());
        String second = createAndSubmit(draftWith(d -> ((ObjectNode) d.path("notice")).set("attachmentIds",
                parse("[\"" + shared + "\"]"))));
        approve(APPROVER, second).andExpect(status().isOk());

        mvc.perform(OFFICER.on(post("/api/campaigns/{id}/cancel", first)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\": \"Ban hành nhầm\"}")).andExpect(status().isOk());

        mvc.perform(get("/files/{id}", onlyHere)).andExpect(status().isNotFound());
        mvc.perform(get("/files/{id}", shared)).andExpect(status().isOk());
        // Inside the platform nothing changed for the agency's own users.
        mvc.perform(OFFICER.on(get("/api/campaigns/attachments/{id}", onlyHere))).andExpect(status().isOk());
    }

    @Test
    void unknownUnusedAndMalformedIdsAllAnswerNotFound() throws Exception {
        String unused = upload(OFFICER, "cv.pdf", AttachmentsIntegrationTests.PDF);
        for (String id : List.of(unused, "att-00000000-0000-0000-0000-000000000000", "att-khong-co", "x")) {
            mvc.perform(get("/files/{id}", id)).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("file-not-found"));
        }
        // Only /files/<id> is public: nothing below it, and the platform's download still needs a token.
        mvc.perform(get("/files/{id}/x", unused)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/campaigns/attachments/{id}", unused)).andExpect(status().isUnauthorized());
    }

    @Test
    void aBodyCannotShowAnotherAgencysPicture() throws Exception {
        String theirs = upload(OTHER_OFFICER, "anh.png", AttachmentsIntegrationTests.PNG);
        String ours = upload(OFFICER, "cv.pdf", AttachmentsIntegrationTests.PDF);
        mvc.perform(OFFICER.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON)
                        .content(withFiles(theirs, ours)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("notice.bodyHtml"))
                .andExpect(jsonPath("$.errors[0].code").value("unknown-picture"))
                .andExpect(jsonPath("$.errors[0].messageEn").value(org.hamcrest.Matchers.containsString(theirs)));
        String unknown = "att-00000000-0000-4000-8000-000000000000";
        mvc.perform(OFFICER.on(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON)
                        .content(withFiles(unknown, ours)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("unknown-picture"));
    }

    @Test
    void campaignsApprovedBeforeTheListExistedGetItAtTheNextStart() throws Exception {
        String picture = upload(OFFICER, "so-do.png", AttachmentsIntegrationTests.PNG);
        String letter = upload(OFFICER, "cv.pdf", AttachmentsIntegrationTests.PDF);
        String id = createAndSubmit(withFiles(picture, letter));
        approve(APPROVER, id).andExpect(status().isOk());
        // As a campaign approved by an older version of the service was stored: without the list.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().unset("publicFileIds"), "campaigns");
        mvc.perform(get("/files/{id}", picture)).andExpect(status().isNotFound());

        publisher.publishEvent(new org.springframework.boot.context.event.ApplicationReadyEvent(
                new org.springframework.boot.SpringApplication(), new String[0],
                context, java.time.Duration.ZERO));

        Document stored = mongo.findById(id, Document.class, "campaigns");
        assertThat(stored.getList("publicFileIds", String.class)).containsExactly(picture, letter);
        mvc.perform(get("/files/{id}", picture)).andExpect(status().isOk());
        mvc.perform(get("/files/{id}", letter)).andExpect(status().isOk());
    }
}
