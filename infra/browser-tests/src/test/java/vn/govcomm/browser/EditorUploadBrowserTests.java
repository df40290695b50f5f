package vn.govcomm.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pictures and attachments uploaded in place in the notice editor (issue 19), in Chromium against the whole platform:
 * a picture inserted with the "Ảnh" button (its description asked for, and required), a form attached under the
 * notice with its name and size, a file of a type the service does not take refused in words; the previews say
 * what each channel does with them; the campaign saved and submitted keeps the picture in its body (the sanitiser
 * took it) and lists the attachment, which downloads with the officer's session. axe-core and 375 px checks on the
 * wizard and the campaign page; screenshots under target/screenshots.
 */
class EditorUploadBrowserTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PICTURE = "/api/campaigns/attachments/att-[0-9a-f-]{36}";
    static final byte[] QUESTIONNAIRE = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Phiếu khảo sát mức độ hài lòng 2023\n"
            + "trailer\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
    static ChromeDriver browser;
    static String gateway;
    static Path files;

    @BeforeAll
    static void start() throws IOException {
        if (!Chromium.installed()) {
            return;
        }
        gateway = SharedPlatform.gateway();
        files = Files.createTempDirectory("govcomm-uploads");
        browser = Chromium.start(Files.createTempDirectory("govcomm-downloads"));
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @BeforeEach
    void skipWithoutChromium() {
        Chromium.assumeInstalled();
        org.junit.jupiter.api.Assumptions.assumeTrue(Chromium.noticeEditorBuilt(),
                "The gateway was built without npm: no notice editor to test (the console keeps its HTML textarea)");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPictureAndAnAttachmentUploadedInTheEditorAreKeptByTheSubmittedCampaign() throws IOException {
        Path picture = picture(files.resolve("hoi-nghi.png"));
        Path questionnaire = Files.write(files.resolve("Phiếu khảo sát 2023.pdf"), QUESTIONNAIRE);
        Path refused = Files.writeString(files.resolve("ghi-chu.txt"), "không phải PDF");

        Chromium.signIn(browser, gateway, "tran.thi.lan", PATIENCE);
        browser.get(gateway + "/console/campaigns/new");
        browser.findElement(By.id("code")).sendKeys("SNV-UPLOAD-" + System.nanoTime());
        browser.findElement(By.id("title")).sendKeys("Khảo sát mức độ hài lòng năm 2023");
        browser.findElement(By.id("ledText")).sendKeys("Khảo sát mức độ hài lòng 2023");
        browser.findElement(By.cssSelector("[data-testid='notice-editor']")).sendKeys("Mời các cơ quan điền phiếu khảo sát.");

        // the picture: its description is asked for, and required before anything is uploaded
        browser.findElement(By.cssSelector("[data-testid='editor-image']")).click();
        browser.findElement(By.cssSelector("[data-testid='editor-image-file']")).sendKeys(picture.toString());
        browser.findElement(By.cssSelector("[data-testid='editor-image-insert']")).click();
        assertThat(browser.findElement(By.cssSelector("[data-testid='editor-image-error']")).getText())
                .startsWith("Hãy nhập mô tả ảnh");
        assertThat(browser.executeScript("return document.activeElement.getAttribute('data-testid');")).isEqualTo("editor-image-alt");
        browser.findElement(By.cssSelector("[data-testid='editor-image-alt']")).sendKeys("Hội nghị tổng kết công tác năm 2023");
        browser.findElement(By.cssSelector("[data-testid='editor-image-insert']")).click();
        await().atMost(PATIENCE).until(() -> bodyHtml().contains("<img"));
        assertThat(bodyHtml()).matches("<p>Mời các cơ quan điền phiếu khảo sát.</p><img src=\"" + PICTURE
                + "\" alt=\"Hội nghị tổng kết công tác năm 2023\" />");
        // shown in the editor as stored (the console's session reads the platform's file)
        await().atMost(PATIENCE).until(() -> loaded("#bodyHtml-editor img"));

        // the attachment: listed with its name and size; a type the service does not take is refused in words
        browser.findElement(By.id("upload")).sendKeys(questionnaire.toString());
        WebElement listed = await().atMost(PATIENCE).ignoreExceptions().until(
                () -> browser.findElement(By.cssSelector("#attachment-list li")), li -> li.getText().contains("Phiếu khảo sát 2023.pdf"));
        assertThat(listed.findElement(By.className("attachment-size")).getText()).isEqualTo(QUESTIONNAIRE.length + " B");
        assertThat(listed.findElement(By.className("attachment-remove")).getAttribute("aria-label"))
                .isEqualTo("Bỏ tệp Phiếu khảo sát 2023.pdf");
        browser.findElement(By.id("upload")).sendKeys(refused.toString());
        await().atMost(PATIENCE).until(() -> browser.findElement(By.cssSelector("[data-testid='attachments-upload-error']"))
                .getText().contains("Loại tệp không được hỗ trợ"));
        assertThat(browser.findElements(By.cssSelector("#attachment-list li"))).hasSize(1);

        // the previews: the picture on the portal; Facebook and Zalo take the body's text only; the file listed
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(loaded("#pv-portal-body img")).isTrue();
            assertThat(browser.findElement(By.id("pv-portal-files")).getText()).contains("Phiếu khảo sát 2023.pdf");
            assertThat(browser.findElement(By.id("pv-facebook-note")).getText()).contains("ảnh trong bài không được đăng");
            assertThat(browser.findElement(By.id("pv-zalo-note")).getText()).contains("ảnh trong bài không được gửi");
            assertThat(browser.findElement(By.id("pv-led-note")).getText()).contains("chỉ hiện chữ");
        });
        PeoplesWords.check(browser, gateway, "editor-upload");
        String written = bodyHtml();

        browser.findElement(By.cssSelector("input[name='agencies'][value='so-y-te']")).click();
        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#campaign-status, #form-error")).isEmpty());
        assertThat(browser.findElements(By.id("form-error"))).as("the wizard's refusal").extracting(WebElement::getText).isEmpty();
        String id = browser.getCurrentUrl().replaceAll(".*/console/campaigns/([^/?#]+).*", "$1");
        browser.findElement(By.id("submit")).click();
        await().atMost(PATIENCE).until(() -> "SUBMITTED".equals(
                browser.findElement(By.id("campaign-status")).getAttribute("data-status")));

        JsonNode notice = stored(id).path("notice");
        assertThat(notice.path("bodyHtml").asString()).as("the sanitiser kept the picture as the editor wrote it")
                .isEqualTo(written).contains("alt=\"Hội nghị tổng kết công tác năm 2023\"");
        assertThat(notice.path("attachments")).hasSize(1);
        assertThat(notice.path("attachments").get(0).path("name").asString()).isEqualTo("Phiếu khảo sát 2023.pdf");
        assertThat(notice.path("attachments").get(0).path("mediaType").asString()).isEqualTo("application/pdf");

        // listed on the campaign's page, and downloaded with the officer's session as it was uploaded
        WebElement download = browser.findElement(By.cssSelector("[data-testid='campaign-attachment']"));
        assertThat(download.getText()).isEqualTo("Phiếu khảo sát 2023.pdf");
        @SuppressWarnings("unchecked")
        Map<String, Object> fetched = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(async r => done({ status: r.status, type: r.headers.get('Content-Type'),
                    text: await r.text() })).catch(e => done({ status: -1, type: String(e), text: '' }));""",
                download.getAttribute("href"));
        assertThat(fetched).containsEntry("status", 200L).containsEntry("type", "application/pdf");
        assertThat((String) fetched.get("text")).isEqualTo(new String(QUESTIONNAIRE, StandardCharsets.UTF_8));
        PeoplesWords.check(browser, gateway, "campaign-attachments");
    }

    @Test
    void aPictureDroppedOnTheEditorAsksForItsDescriptionThenIsPlacedWhereItWasDropped() throws IOException {
        byte[] png = Files.readAllBytes(picture(files.resolve("keo-tha.png")));
        Chromium.signIn(browser, gateway, "tran.thi.lan", PATIENCE);
        browser.get(gateway + "/console/campaigns/new");
        WebElement editor = browser.findElement(By.cssSelector("[data-testid='notice-editor']"));
        editor.sendKeys("Sơ đồ đường đi:");
        // what Chromium hands the page when a file from the desktop is dropped on the editor
        browser.executeScript("""
                const bytes = Uint8Array.from(atob(arguments[1]), c => c.charCodeAt(0));
                const data = new DataTransfer();
                data.items.add(new File([bytes], 'keo-tha.png', { type: 'image/png' }));
                const r = arguments[0].getBoundingClientRect();
                arguments[0].dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true,
                    clientX: r.left + r.width / 2, clientY: r.bottom - 5 }));""",
                editor, java.util.Base64.getEncoder().encodeToString(png));

        await().atMost(PATIENCE).until(() -> "editor-image-alt".equals(
                browser.executeScript("return document.activeElement.getAttribute('data-testid');")));
        assertThat(browser.executeScript("return document.querySelector(\"[data-testid='editor-image-file']\").files[0].name;"))
                .isEqualTo("keo-tha.png");
        assertThat(bodyHtml()).doesNotContain("<img");   // nothing uploaded before the description
        browser.switchTo().activeElement().sendKeys("Sơ đồ đường đến trụ sở Sở Nội vụ", org.openqa.selenium.Keys.ENTER);
        await().atMost(PATIENCE).until(() -> bodyHtml().contains("<img"));
        assertThat(bodyHtml()).matches("<p>Sơ đồ đường đi:</p><img src=\"" + PICTURE + "\" alt=\"Sơ đồ đường đến trụ sở Sở Nội vụ\" />");
    }

    /** The notice body as the form posts it: the hidden textarea the editor keeps filled. */
    static String bodyHtml() {
        return (String) browser.executeScript("return document.getElementById('bodyHtml').value;");
    }

    /** Whether every picture matched by {@code selector} is there and was read (the download answered an image). */
    static boolean loaded(String selector) {
        return Boolean.TRUE.equals(browser.executeScript("""
                const pictures = Array.from(document.querySelectorAll(arguments[0]));
                return pictures.length > 0 && pictures.every(p => p.complete && p.naturalWidth > 0);""", selector));
    }

    /** A small PNG drawn here (the service judges the type by the content). */
    static Path picture(Path file) throws IOException {
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x0969da));
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.WHITE);
        g.fillOval(30, 10, 60, 60);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    static JsonNode stored(String id) {
        String token = JSON.readTree(RestClient.builder().baseUrl(gateway).build().post().uri("/oauth2/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=tran.thi.lan&client_secret=demo")
                .retrieve().body(String.class)).path("access_token").asString();
        return JSON.readTree(RestClient.builder().baseUrl(gateway).build().get().uri("/api/campaigns/{id}", id)
                .headers(h -> h.setBearerAuth(token)).retrieve().body(String.class));
    }
}
