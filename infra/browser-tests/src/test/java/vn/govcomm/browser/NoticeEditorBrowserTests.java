package vn.govcomm.browser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.govcomm.browser.ConsoleBrowser.PATIENCE;
import static vn.govcomm.browser.PlatformApi.JSON;

/**
 * The wizard's notice editor (gateway src/main/frontend, TipTap) in Chromium: a notice written with the keyboard
 * only (a heading, bold, a list, a link; Tab leaves the editor), the live preview showing it, a Word clipboard
 * fragment pasted and cleaned, and the campaign the wizard saves holding exactly the editor's HTML (the campaign
 * service's sanitiser left it unchanged). Screenshots under target/screenshots.
 */
class NoticeEditorBrowserTests {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();
    static ChromeDriver browser;
    static String gateway;

    @BeforeEach
    void editorBuilt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Chromium.noticeEditorBuilt(),
                "The gateway was built without npm: no notice editor to test (the console keeps its HTML textarea)");
        browser = console.driver();
        gateway = console.gateway();
    }

    static String bodyHtml() {
        return bodyHtml(browser);
    }

    /** What the notice editor wrote into the wizard's (hidden) {@code bodyHtml} field. */
    static String bodyHtml(ChromeDriver browser) {
        return (String) browser.executeScript("return document.getElementById('bodyHtml').value;");
    }

    static void awaitFocus(String expected) {
        awaitFocus(browser, expected);
    }

    /** Focus moves by the editor's script (TipTap focuses after the command's transaction): waited for, not assumed. */
    static void awaitFocus(ChromeDriver browser, String expected) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(
                () -> assertThat(focused(browser)).isEqualTo(expected));
    }

    static String focused(ChromeDriver browser) {
        return (String) browser.executeScript("const a = document.activeElement; return a.id || a.getAttribute('data-testid') || a.tagName;");
    }

    static void press(CharSequence... keys) {
        press(browser, keys);
    }

    /** Keys sent to whatever has the focus, as a keyboard would. */
    static void press(ChromeDriver browser, CharSequence... keys) {
        browser.switchTo().activeElement().sendKeys(keys);
    }

    /**
     * Pastes the Word 365 clipboard fragment ({@code clipboard/word-365.html}) into {@code editor} where its caret is:
     * what Chromium hands a page when the officer presses Ctrl+V on a selection copied in Word (a {@code paste} event
     * with its {@code text/html}).
     */
    static void pasteFromWord(ChromeDriver browser, WebElement editor) {
        String word;
        try (InputStream in = NoticeEditorBrowserTests.class.getResourceAsStream("/clipboard/word-365.html")) {
            word = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        browser.executeScript("""
                const data = new DataTransfer();
                data.setData('text/html', arguments[1]);
                data.setData('text/plain', 'Đối tượng áp dụng');
                arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));""",
                editor, word);
    }

    /** The Word fragment as the editor keeps it: bold, italic and a real numbered list, nothing of Office left. */
    static final String WORD_FRAGMENT_CLEANED = "<p><strong>Đối tượng áp dụng:</strong> cán bộ, công chức, viên chức thuộc <em>Sở Nội vụ</em>.</p>"
            + "<ol><li><p>Nộp hồ sơ trước ngày 20/12/2026</p></li><li><p>Nhận kết quả tại Bộ phận Một cửa</p></li></ol>";

    @Test
    void aNoticeWrittenWithTheKeyboardIsPreviewedAndStoredExactlyAsTheEditorWroteIt() {
        console.signIn("tran.thi.lan");
        browser.get(gateway + "/console/campaigns/new");
        // the editor took the textarea's place; the textarea stays in the form, hidden
        WebElement editor = browser.findElement(By.cssSelector("[data-testid='notice-editor']"));
        assertThat(browser.findElement(By.id("bodyHtml")).isDisplayed()).isFalse();
        assertThat(editor.getAttribute("role")).isEqualTo("textbox");
        assertThat(browser.findElement(By.cssSelector("[data-testid='editor-bold']")).getAttribute("aria-label"))
                .isEqualTo("Chữ đậm (Ctrl+B)");

        browser.findElement(By.id("code")).sendKeys("SNV-EDITOR-" + System.nanoTime());
        browser.findElement(By.id("title")).sendKeys("Lịch tiếp công dân tháng 12");
        browser.findElement(By.id("summary")).sendKeys("Lịch tiếp công dân của lãnh đạo Sở.");

        // keyboard only: Tab from the summary reaches the toolbar's first button (heading), Enter presses it
        press(Keys.TAB);
        awaitFocus("editor-h2");
        press(Keys.ENTER);
        awaitFocus("bodyHtml-editor");
        press("Lịch tiếp công dân", Keys.ENTER);
        press(Keys.chord(Keys.CONTROL, "b"), "Quan trọng:", Keys.chord(Keys.CONTROL, "b"), " lãnh đạo Sở tiếp công dân.", Keys.ENTER);
        press(Keys.chord(Keys.CONTROL, Keys.SHIFT, "8"), "Thứ hai", Keys.ENTER, "Thứ tư", Keys.ENTER, Keys.ENTER);
        press("Xem chi tiết", Keys.chord(Keys.SHIFT, Keys.HOME), Keys.chord(Keys.CONTROL, "k"));
        awaitFocus("bodyHtml-link");
        press("https://sonoivu.khanhhoa.gov.vn/lich?thang=12", Keys.ENTER);
        awaitFocus("bodyHtml-editor");
        press(Keys.END);

        String written = "<h2>Lịch tiếp công dân</h2><p><strong>Quan trọng:</strong> lãnh đạo Sở tiếp công dân.</p>"
                + "<ul><li><p>Thứ hai</p></li><li><p>Thứ tư</p></li></ul>"
                + "<p><a href=\"https://sonoivu.khanhhoa.gov.vn/lich?thang&#61;12\" rel=\"nofollow\">Xem chi tiết</a></p>";
        assertThat(bodyHtml()).isEqualTo(written);

        // Tab leaves the editor for the next field
        press(Keys.TAB);
        awaitFocus("ledText");
        press("Tiếp công dân ngày 15 hằng tháng.");

        // the live preview (no button pressed): the feed item's HTML, the Facebook text
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector("#pv-portal-body h2")).getText()).isEqualTo("Lịch tiếp công dân");
            assertThat(browser.findElement(By.cssSelector("#pv-portal-body strong")).getText()).isEqualTo("Quan trọng:");
            assertThat(browser.findElements(By.cssSelector("#pv-portal-body ul li"))).hasSize(2);
            assertThat(browser.findElement(By.cssSelector("#pv-portal-body a")).getAttribute("href"))
                    .isEqualTo("https://sonoivu.khanhhoa.gov.vn/lich?thang=12");
            assertThat(browser.findElement(By.id("pv-facebook-text")).getText()).startsWith("Lịch tiếp công dân tháng 12");
        });
        PeoplesWords.check(browser, gateway, "editor-keyboard");

        browser.findElement(By.cssSelector("input[name='agencies'][value='so-y-te']")).click();
        browser.findElement(By.id("save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#campaign-status, #form-error")).isEmpty());
        assertThat(browser.findElements(By.id("form-error"))).as("the wizard's refusal").extracting(WebElement::getText).isEmpty();
        String id = browser.getCurrentUrl().replaceAll(".*/console/campaigns/([^/?#]+).*", "$1");
        assertThat(storedBody(id)).as("the sanitiser kept the editor's HTML unchanged").isEqualTo(written);
    }

    @Test
    void aWordFragmentIsPastedWithoutItsOfficeMarkup() {
        console.signIn("tran.thi.lan");
        browser.get(gateway + "/console/campaigns/new");
        WebElement editor = browser.findElement(By.cssSelector("[data-testid='notice-editor']"));
        editor.click();
        pasteFromWord(browser, editor);

        await().atMost(PATIENCE).until(() -> bodyHtml().contains("Bộ phận Một cửa"));
        String pasted = bodyHtml();
        assertThat(pasted).doesNotContainIgnoringCase("mso").doesNotContain("class=").doesNotContain("style=")
                .doesNotContain("<span").doesNotContain("o:p").doesNotContain("<!--").doesNotContain("supportLists")
                .doesNotContain("Times New Roman").doesNotContain("@font-face");
        assertThat(pasted).isEqualTo(WORD_FRAGMENT_CLEANED);
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
                browser.findElements(By.cssSelector("#pv-portal-body ol li"))).hasSize(2));
        PeoplesWords.screenshot(browser, "editor-word-paste");
    }

    @Test
    void aStoredBodyTheEditorCannotHoldStaysInTheTextareaOneItCanOpensInTheEditor() {
        console.signIn("tran.thi.lan");
        // a table (the API and the sanitiser take it; the editor has no table) → edited as HTML, nothing dropped
        String withTable = draft("<table><tbody><tr><td>Ô 1</td></tr></tbody></table><p>Ghi chú</p>");
        browser.get(gateway + "/console/campaigns/" + withTable + "/edit");
        await().atMost(PATIENCE).until(() -> browser.findElement(By.cssSelector("[data-notice-editor]"))
                .getAttribute("class").contains("kept-html"));
        assertThat(browser.findElements(By.cssSelector("[data-testid='notice-editor']"))).isEmpty();
        assertThat(browser.findElement(By.id("bodyHtml")).isDisplayed()).isTrue();
        assertThat(bodyHtml()).isEqualTo(storedBody(withTable));
        assertThat(browser.findElement(By.cssSelector(".kept-hint")).isDisplayed()).isTrue();
        PeoplesWords.screenshot(browser, "editor-kept-html");

        // what the editor holds opens in it, written in the editor's (the sanitiser's) form
        String plain = draft("<h2>Tiêu đề</h2><p><b>Đậm</b> và <a href=\"https://khanhhoa.gov.vn\">liên kết</a></p><ul><li>một</li></ul>");
        browser.get(gateway + "/console/campaigns/" + plain + "/edit");
        WebElement editor = browser.findElement(By.cssSelector("[data-testid='notice-editor']"));
        assertThat(editor.findElement(By.tagName("h2")).getText()).isEqualTo("Tiêu đề");
        assertThat(bodyHtml()).isEqualTo("<h2>Tiêu đề</h2><p><strong>Đậm</strong> và <a href=\"https://khanhhoa.gov.vn/\" rel=\"nofollow\">"
                + "liên kết</a></p><ul><li><p>một</p></li></ul>");
    }

    /** A draft of Sở Nội vụ with this body, through the API. */
    static String draft(String bodyHtml) {
        String body = """
                {"code": "SNV-EDITOR-%d", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo", "bodyHtml": %s, "ledText": "Thông báo"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}""".formatted(System.nanoTime(), JSON.writeValueAsString(bodyHtml),
                LocalDate.now(), LocalDate.now().plusDays(14));
        return PlatformApi.draft(body);
    }

    static String storedBody(String id) {
        return PlatformApi.campaign(id, "tran.thi.lan").path("notice").path("bodyHtml").asString();
    }
}
