package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The OpenAPI document and Swagger UI: served to authenticated callers only, documenting the caller token. */
class OpenApiIntegrationTests extends CampaignServiceTestSupport {

    @Test
    void documentsTheApiWithTheCallerTokenAndServesSwaggerUi() throws Exception {
        JsonNode docs = body(mvc.perform(OFFICER.on(get("/v3/api-docs"))).andExpect(status().isOk()));
        assertThat(docs.path("paths").propertyNames()).contains("/api/campaigns", "/api/campaigns/{id}",
                "/api/campaigns/{id}/approve", "/api/campaigns/attachments", "/api/agencies", "/api/audit");
        JsonNode create = docs.path("paths").path("/api/campaigns").path("post");
        assertThat(create.path("parameters").valueStream().map(p -> p.path("name").asString()))
                .contains("Idempotency-Key")
                .noneMatch(name -> name.toLowerCase().startsWith("x-user"))
                .doesNotContain("caller");
        assertThat(create.path("security").get(0).has("callerToken")).isTrue();
        JsonNode scheme = docs.path("components").path("securitySchemes").path("callerToken");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(schemas.path("CampaignRequest").path("properties").propertyNames()).contains("targets", "deadline", "reminders");
        assertThat(schemas.path("CampaignRequest").path("properties").path("deadline").path("format").asString()).isEqualTo("date");
        JsonNode offsets = schemas.path("RemindersRequest").path("properties").path("offsetsDays");
        assertThat(offsets.path("maxItems").asInt()).isEqualTo(10);
        assertThat(offsets.path("items").path("minimum").asInt()).isEqualTo(-60);
        assertThat(offsets.path("items").path("maximum").asInt()).isEqualTo(60);
        assertThat(schemas.path("Campaign").path("properties").propertyNames()).contains("deadline", "reminders");
        assertThat(schemas.path("AgencyInput").path("properties").path("contactEmail").path("maxLength").asInt()).isEqualTo(254);
        assertThat(schemas.path("Agency").path("properties").propertyNames()).contains("contactEmail");
        mvc.perform(OFFICER.on(get("/swagger-ui.html"))).andExpect(status().is3xxRedirection());
    }

    @Test
    void theDocumentAndSwaggerUiAreNotPublic() throws Exception {
        for (String path : new String[] {"/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html",
                "/swagger-ui/index.html"}) {
            mvc.perform(get(path))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }
}
