package vn.govcomm.publishing;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import vn.govcomm.contracts.led.LedText;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;

import java.text.Normalizer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutUnitTests {

    @Test
    void deliveryIdsAreDeterministicAndDistinguishEveryPart() {
        String id = Deliveries.deliveryId("cmp-1", 1, "so-y-te", "so-y-te.led-1");
        assertThat(id).isEqualTo(Deliveries.deliveryId("cmp-1", 1, "so-y-te", "so-y-te.led-1")).matches("dlv-[0-9a-f]{24}");
        assertThat(id).isNotEqualTo(Deliveries.deliveryId("cmp-1", 2, "so-y-te", "so-y-te.led-1"))
                .isNotEqualTo(Deliveries.deliveryId("cmp-1", 1, "so-y-te", "so-y-te.led-2"))
                .isNotEqualTo(Deliveries.deliveryId("cmp-2", 1, "so-y-te", "so-y-te.led-1"));
    }

    @Test
    void rendererFitsLedTextToEachScreenWidthAndReusesTheVariant() {
        Document notice = new Document("title", "Thông báo khảo sát").append("bodyHtml", "<p>Khảo sát <b>mức độ hài lòng</b></p>")
                .append("ledText", "Khảo sát mức độ hài lòng năm 2023 đề nghị người dân hỗ trợ");
        Rendering.Renderer renderer = Rendering.forNotice(notice);
        Document narrow = new Document("screen", new Document("charsPerLine", 16));
        DeliveryRequested.Content led = renderer.render("led", narrow);
        assertThat(led.lines()).isNotEmpty().allSatisfy(line -> assertThat(LedText.width(line)).isLessThanOrEqualTo(16));
        assertThat(renderer.render("led", new Document("screen", new Document("charsPerLine", 16)))).isSameAs(led);
        assertThat(renderer.render("led", new Document())).isNotSameAs(led);
        DeliveryRequested.Content portal = renderer.render("portal", new Document());
        assertThat(portal.text()).isEqualTo("Khảo sát mức độ hài lòng");
        assertThat(portal.html()).isNotNull();
    }

    @Test
    void ledLinesAreTheSameForDecomposedAndPrecomposedVietnamese() {
        String ledText = "Đề nghị người dân hỗ trợ khảo sát viên";
        Document screen = new Document("screen", new Document("charsPerLine", 16));
        DeliveryRequested.Content precomposed = Rendering.forNotice(new Document("title", "Thông báo")
                .append("bodyHtml", "<p>x</p>").append("ledText", ledText)).render("led", screen);
        DeliveryRequested.Content decomposed = Rendering.forNotice(new Document("title", "Thông báo")
                .append("bodyHtml", "<p>x</p>").append("ledText", Normalizer.normalize(ledText, Normalizer.Form.NFD)))
                .render("led", screen);

        // cells as the screen shows them ("dân hỗ trợ khảo": 15 of 16), whatever the keyboard sent
        assertThat(precomposed.lines()).isEqualTo(decomposed.lines())
                .isEqualTo(List.of("Đề nghị người", "dân hỗ trợ khảo", "sát viên"));
    }
}
