package vn.govcomm.campaign;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class OpenApiIntegrationTests extends CampaignServiceTestSupport {

    @Test
    void documentsTheApiWithIdentityHeadersAndServesSwaggerUi() throws Exception {
        JsonNode docs = body(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()));
        assertThat(docs.path("paths").propertyNames()).contains("/api/campaigns", "/api/campaigns/{id}",
                "/api/campaigns/{id}/approve", "/api/campaigns/attachments", "/api/agencies", "/api/audit");
        JsonNode create = docs.path("paths").path("/api/campaigns").path("post");
        assertThat(create.path("parameters").valueStream().map(p -> p.path("name").asString()))
                .contains("Idempotency-Key", "X-User-Id", "X-User-Roles", "X-User-Agency")
                .doesNotContain("caller");
        assertThat(docs.path("components").path("schemas").path("CampaignRequest").path("properties").has("targets")).isTrue();
        mvc.perform(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
    }
}
