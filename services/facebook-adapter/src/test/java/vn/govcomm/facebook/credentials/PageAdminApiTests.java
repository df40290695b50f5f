package vn.govcomm.facebook.credentials;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import vn.govcomm.facebook.FacebookAdapterTestSupport;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.kit.delivery.DeliveryStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The admin API's behaviour for an admin; who may call it is {@link PageAdminAuthorizationTests}' subject. */
@ExtendWith(OutputCaptureExtension.class)
class PageAdminApiTests extends FacebookAdapterTestSupport {

    static final String ADMIN = adminBearer("admin.sonoivu");

    @Autowired MockMvc mvc;

    @Test
    void adminConnectsRotatesAndDisconnectsAPageWithoutTheTokenEverLeaving(CapturedOutput output) throws Exception {
        String secret = "EAAsecretPageTokenThatMustNeverLeak1";
        String page = newPage(secret);

        String connected = mvc.perform(put("/api/facebook/pages/{id}/token", page).header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"accessToken\": \"" + secret + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CONNECTED"))
                .andExpect(jsonPath("$.name").value("Page " + page)) // asked Graph whose token it is
                .andReturn().getResponse().getContentAsString();
        String listed = mvc.perform(get("/api/facebook/pages").header("Authorization", ADMIN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document stored = mongo().findById(page, Document.class, PageCredentials.COLLECTION);

        String rotated = "EAArotatedSecretTokenThatMustNeverLeak2";
        GRAPH.rotatePageToken(page, rotated);
        mvc.perform(put("/api/facebook/pages/{id}/token", page).header("Authorization",
                        TestCallers.bearer(AUDIENCE, "tran.van.binh", "so-y-te", "officer", "admin"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"accessToken\": \"" + rotated + "\"}"))
                .andExpect(status().isOk());
        String deliveryId = request(page, "Sau khi đổi mã truy cập");
        awaitStatus(deliveryId, DeliveryStatus.PUBLISHED);

        Document rotatedStored = mongo().findById(page, Document.class, PageCredentials.COLLECTION);
        mvc.perform(delete("/api/facebook/pages/{id}/token", page).header("Authorization", ADMIN))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/facebook/pages").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("\"DISCONNECTED\"")));
        String afterDisconnect = request(page, "Sau khi ngắt kết nối");
        awaitStatus(afterDisconnect, DeliveryStatus.FAILED);

        assertThat(connected + listed).doesNotContain(secret).doesNotContain("token\":\"");
        assertThat(stored.getString("token")).startsWith("v1:k1:").doesNotContain(secret);
        // Each change records who made it: the user id the caller token vouches for.
        assertThat(stored.getString("updatedBy")).isEqualTo("admin.sonoivu");
        assertThat(rotatedStored.getString("updatedBy")).isEqualTo("tran.van.binh");
        assertThat(mongo().findById(page, Document.class, PageCredentials.COLLECTION).getString("updatedBy"))
                .isEqualTo("admin.sonoivu");
        assertThat(stored.toJson()).doesNotContain(secret);
        assertThat(mongo().findById(page, Document.class, PageCredentials.COLLECTION).get("token")).isNull();
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(rotated);
    }

    @Test
    void onlyAdminsMayConnectAndAnswersAreProblemDetails() throws Exception {
        String page = newPage("tok-roles");
        mvc.perform(put("/api/facebook/pages/{id}/token", page)
                        .header("Authorization", TestCallers.bearer(AUDIENCE, "le.thi.hoa", "so-y-te", "officer"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"accessToken\": \"tok-roles\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("forbidden"));
        mvc.perform(get("/api/facebook/pages"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/api/facebook/pages/{id}/token", page)
                        .header("Authorization", TestCallers.bearer(AUDIENCE, "xem.bao.cao", "so-y-te", "viewer")))
                .andExpect(status().isForbidden());
        assertThat(credentials.find(page)).isEmpty();
    }

    @Test
    void refusesMissingTokensAndTokensGraphRejectsOrThatBelongToAnotherPage() throws Exception {
        String page = newPage("tok-right");
        String other = newPage("tok-other-page");
        mvc.perform(put("/api/facebook/pages/{id}/token", page).header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"accessToken\": \"  \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("accessToken"));
        mvc.perform(put("/api/facebook/pages/{id}/token", page).header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"accessToken\": \"tok-nobody-knows\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("token-rejected"));
        mvc.perform(put("/api/facebook/pages/{id}/token", page).header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"accessToken\": \"tok-other-page\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("token-for-another-page"));
        mvc.perform(put("/api/facebook/pages/{id}/token", "bad id!").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"accessToken\": \"tok-right\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put("/api/facebook/pages/{id}/token", page).header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"accessToken\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/api/facebook/pages/{id}/token", "999999999999999999").header("Authorization", ADMIN))
                .andExpect(status().isNotFound());
        assertThat(credentials.find(page)).isEmpty();
        assertThat(credentials.find(other)).isEmpty();
    }
}
