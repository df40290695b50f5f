package vn.govcomm.led.playlists;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.led.LedAdapterTestSupport;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewIntegrationTests extends LedAdapterTestSupport {

    @Test
    void previewsTheTextForTheScreenAndRefusesWhatCannotFit() throws Exception {
        String screenId = newId("scr");
        registerScreen(screenId);
        String path = "/api/led/screens/" + screenId + "/preview";

        HttpResponse<String> ok = api("POST", path, officer(),
                "{\"text\":\"Khảo sát mức độ hài lòng năm 2023: đề nghị người dân hỗ trợ khảo sát viên.\",\"durationSec\":20}");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("screen").path("charsPerLine").asInt()).isEqualTo(40);
        assertThat(body.path("lines").size()).isEqualTo(2);
        assertThat(body.path("pages").size()).isEqualTo(1);

        HttpResponse<String> tooLong = api("POST", path, officer(),
                "{\"text\":\"" + "Thông báo dài. ".repeat(200) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(tooLong.body()).path("code").asString()).isEqualTo("led-text-too-long");
        assertThat(api("POST", path, officer(), "{\"text\":\"\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> malformed = api("POST", path, officer(), "{\"text\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("code").asString()).isEqualTo("malformed-json");
    }

    @Test
    void aScreenTheDirectoryDoesNotKnowIsPreviewedByAdminsOnlyWithTheDefaultSize() throws Exception {
        String path = "/api/led/screens/" + newId("scr") + "/preview";
        String text = "{\"text\":\"Khảo sát mức độ hài lòng năm 2023.\"}";

        HttpResponse<String> officer = api("POST", path, officer(), text);
        assertThat(officer.statusCode()).as("no agency: nobody's to preview but an admin").isEqualTo(404);
        assertThat(JSON.readTree(officer.body()).path("code").asString()).isEqualTo("not-found");

        HttpResponse<String> admin = api("POST", path, admin(), text);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(admin.body()).path("screen").path("lines").asInt()).isEqualTo(4);
    }

    @Test
    void aViewerIsRefusedBeforeTheBodyIsRead() throws Exception {
        String screenId = newId("scr");
        registerScreen(screenId);

        HttpResponse<String> viewer = api("POST", "/api/led/screens/" + screenId + "/preview",
                TestCallers.bearer(AUDIENCE, "vo.thi.mai", SCREEN_AGENCY, "viewer"),
                "{\"text\": ");

        assertThat(viewer.statusCode()).as("403, not the malformed body's 400").isEqualTo(403);
        assertThat(JSON.readTree(viewer.body()).path("code").asString()).isEqualTo("forbidden");
    }
}
