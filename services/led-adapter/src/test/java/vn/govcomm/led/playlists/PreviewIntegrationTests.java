package vn.govcomm.led.playlists;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.led.LedAdapterTestSupport;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewIntegrationTests extends LedAdapterTestSupport {

    @Test
    void previewsTheTextForTheScreenAndRefusesWhatCannotFit() throws Exception {
        String path = "/api/led/screens/" + newId("scr") + "/preview";

        HttpResponse<String> ok = http("POST", path, null,
                "{\"text\":\"Khảo sát mức độ hài lòng năm 2023: đề nghị người dân hỗ trợ khảo sát viên.\",\"durationSec\":20}");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("screen").path("charsPerLine").asInt()).isEqualTo(40);
        assertThat(body.path("lines").size()).isEqualTo(2);
        assertThat(body.path("pages").size()).isEqualTo(1);

        HttpResponse<String> tooLong = http("POST", path, null, "{\"text\":\"" + "Thông báo dài. ".repeat(200) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(tooLong.body()).path("code").asString()).isEqualTo("led-text-too-long");
        assertThat(http("POST", path, null, "{\"text\":\"\"}").statusCode()).isEqualTo(400);
    }
}
