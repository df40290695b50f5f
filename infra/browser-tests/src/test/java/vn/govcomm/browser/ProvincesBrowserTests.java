package vn.govcomm.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Provinces in the console (issue 20 item 4) in Chromium. The directory gets a Hà Nội department and Hà Nội's People's
 * Committee (through the API, as an admin); the admin finds the department in the agency list filtered by "Thành phố
 * Hà Nội" (the province named from the directory, never its code), moves it to the national tier and back. Then Sở Nội
 * vụ's officer (Khánh Hòa) opens the wizard: the picker says it offers only agencies of Tỉnh Khánh Hòa, finds Sở Tư
 * pháp tỉnh Khánh Hòa by typing "so tu phap" and does not offer Hà Nội's Sở Tư pháp. Each page passes the people's
 * words, axe-core and 375 px checks ({@link PeoplesWords}).
 */
class ProvincesBrowserTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String HANOI_DEPARTMENT = "tn-hn-so-tu-phap";
    static ChromeDriver browser;
    static String gateway;
    static RestClient api;

    @BeforeAll
    static void start() throws IOException {
        if (!Chromium.installed()) {
            return;
        }
        gateway = SharedPlatform.gateway();
        api = RestClient.builder().baseUrl(gateway).build();
        browser = Chromium.start(Files.createTempDirectory("govcomm-downloads"));
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @BeforeEach
    void skipWithoutChromium() {
        Chromium.assumeInstalled();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Adds an agency of Hà Nội as an admin (201), or finds it there already (409 from an earlier test of this JVM). */
    static void addHanoiAgency(String id, String name, String type, String group) {
        String token = PlatformApi.token("hoang.quoc.bao");
        int status = api.post().uri("/api/agencies").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("agencyId", id, "name", name, "type", type, "groups", java.util.List.of(group),
                        "provinceId", "ha-noi", "endpoints", java.util.List.of()))
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(status).as("adding %s", id).isIn(201, 409);
    }

    static void moveTo(String tenancyLabel) {
        browser.findElement(By.cssSelector("tr[data-agency='" + HANOI_DEPARTMENT + "'] a")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("agency-tenancy-form")).isEmpty());
        new Select(browser.findElement(By.id("tenancy"))).selectByVisibleText(tenancyLabel);
        browser.findElement(By.id("agency-tenancy-save")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("directory-done")).isEmpty()
                || !browser.findElements(By.id("directory-error")).isEmpty());
        assertThat(browser.findElements(By.id("directory-error"))).as("the service's refusal").isEmpty();
    }

    @Test
    void anAdminSeesAgenciesByProvinceAndAProvincialOfficerIsOfferedOnlyItsProvince() {
        addHanoiAgency("tn-hn-ubnd", "Ủy ban nhân dân Thành phố Hà Nội", "PROVINCIAL_PEOPLES_COMMITTEE", "ubnd-tinh");
        addHanoiAgency(HANOI_DEPARTMENT, "Sở Tư pháp Thành phố Hà Nội", "DEPARTMENT", "co-quan-chuyen-mon");

        // the admin: Hà Nội's agencies, the province in words; the department moved to the national tier and back
        Chromium.signIn(browser, gateway, "hoang.quoc.bao", PATIENCE);
        browser.get(gateway + "/console/directory/agencies");
        new Select(browser.findElement(By.id("province"))).selectByVisibleText("Thành phố Hà Nội");
        browser.findElement(By.id("directory-filter-button")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().contains("province=ha-noi"));
        WebElement row = browser.findElement(By.cssSelector("tr[data-agency='" + HANOI_DEPARTMENT + "']"));
        assertThat(row.getText()).contains("Sở Tư pháp Thành phố Hà Nội").contains("Thành phố Hà Nội");
        assertThat(browser.findElement(By.id("directory-agencies")).getText()).doesNotContain("Sở Tư pháp tỉnh Khánh Hòa");
        PeoplesWords.check(browser, gateway, "directory-agencies-ha-noi");

        moveTo("Cơ quan trung ương");
        assertThat(browser.getCurrentUrl()).contains("province=national");
        assertThat(browser.findElement(By.id("directory-done")).getText())
                .isEqualTo("Đã lưu: Sở Tư pháp Thành phố Hà Nội thuộc Cơ quan trung ương.");
        assertThat(browser.findElement(By.cssSelector("tr[data-agency='" + HANOI_DEPARTMENT + "'] [data-testid='agency-province']"))
                .getText()).isEqualTo("Cơ quan trung ương");
        browser.findElement(By.cssSelector("tr[data-agency='" + HANOI_DEPARTMENT + "'] a")).click();
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("agency-tenancy-form")).isEmpty());
        assertThat(browser.findElement(By.id("agency-where")).getText()).isEqualTo("Hiện thuộc: Cơ quan trung ương");
        PeoplesWords.check(browser, gateway, "directory-agency-tenancy");
        browser.navigate().back();
        moveTo("Thành phố Hà Nội");
        assertThat(browser.findElement(By.cssSelector("tr[data-agency='" + HANOI_DEPARTMENT + "'] [data-testid='agency-province']"))
                .getText()).isEqualTo("Thành phố Hà Nội");
        Chromium.signOut(browser, PATIENCE);

        // Sở Nội vụ's officer (Khánh Hòa): only Khánh Hòa's agencies, and told so
        Chromium.signIn(browser, gateway, "tran.thi.lan", PATIENCE);
        browser.get(gateway + "/console/campaigns/new");
        assertThat(browser.findElement(By.id("picker-province")).getText()).startsWith("Chỉ các cơ quan thuộc Tỉnh Khánh Hòa");
        WebElement query = browser.findElement(By.id("agencyQuery"));
        query.sendKeys("so tu phap");
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.cssSelector("#picker-results #target-agency-so-tu-phap")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#picker-results #target-agency-" + HANOI_DEPARTMENT))).isEmpty();
        assertThat(browser.findElement(By.id("picker-results")).getText()).contains("Sở Tư pháp tỉnh Khánh Hòa")
                .doesNotContain("Thành phố Hà Nội");
        query.clear();
        query.sendKeys("ha noi");
        await().atMost(PATIENCE).until(() -> !browser.findElements(By.id("picker-none")).isEmpty());
        PeoplesWords.check(browser, gateway, "wizard-picker-province");
        Chromium.signOut(browser, PATIENCE);
    }
}
