package vn.govcomm.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.gateway.GatewayApplication;
import vn.govcomm.gateway.console.FakeOidcProvider;
import vn.govcomm.local.LocalPlatform;
import vn.govcomm.local.PlatformService;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's OpenID Connect sign-in in real Chromium, which applies the SameSite rules a plain HTTP client does
 * not: the provider ({@code 127.0.0.1}) and the gateway ({@code localhost}) are different sites, so the way back
 * from the provider is a cross-site navigation. The sign-in's Lax cookie must survive it, and the Strict session
 * cookie must be sent on the console page that follows; then sign-out ends the provider's session too.
 */
class ConsoleOidcSignInBrowserTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static FakeOidcProvider provider;
    static EmbeddedMongo store;
    static ConfigurableApplicationContext gatewayContext;
    static ChromeDriver browser;
    static String gateway;

    @BeforeAll
    static void start() throws IOException {
        if (!Chromium.installed()) {
            return;
        }
        provider = new FakeOidcProvider(true); // with its own sign-in page: the way back is cross-site
        store = EmbeddedMongo.inMemory();
        Map<String, Object> properties = new LinkedHashMap<>(LocalPlatform.serviceProperties(PlatformService.GATEWAY, 0,
                "127.0.0.1:9", store.uri("").replaceAll("/$", ""), Map.of(), Map.of(), vn.govcomm.identity.CallerKeys.generate()));
        properties.put("OIDC_ISSUER_URI", provider.url());
        properties.put("OIDC_CLIENT_ID", FakeOidcProvider.CLIENT_ID);
        properties.put("OIDC_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET);
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        gatewayContext = new SpringApplicationBuilder(GatewayApplication.class).run(args);
        // "localhost", not 127.0.0.1 (the provider's host): another site for the browser.
        gateway = "http://localhost:" + gatewayContext.getEnvironment().getProperty("local.server.port");
        browser = Chromium.start(Files.createTempDirectory("govcomm-oidc-downloads"));
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
        if (gatewayContext != null) {
            gatewayContext.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void anOfficerSignsInAtTheProviderAndOutAgainAcrossSites() {
        provider.reset();
        provider.nextUser = new FakeOidcProvider.User("le.thi.hoa", "Lê Thị Hoa", List.of("officer"), "so-y-te");

        browser.get(gateway + "/console");
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().startsWith(provider.url() + "/authorize"));
        browser.findElement(By.id("provider-sign-in")).click(); // the way back starts on the provider's site

        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().equals(gateway + "/console"));
        assertThat(browser.findElement(By.id("who-am-i")).getText()).contains("Lê Thị Hoa").contains("Cán bộ");   // role in words
        assertThat(provider.tokenAnswers).containsExactly("ok");

        browser.findElement(By.cssSelector("form[action='/console/logout'] button")).click();

        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().startsWith(gateway + "/console/signed-out"));
        assertThat(browser.findElement(By.id("signed-out")).getText()).isNotBlank();
        assertThat(provider.endSessions).singleElement()
                .satisfies(q -> assertThat(q.get("id_token_hint")).isNotBlank());
        browser.get(gateway + "/console/campaigns/new");
        // Signed out here: the console sends the browser to the provider to sign in again.
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().startsWith(provider.url() + "/authorize"));
    }

    @Test
    void aRefusalIsExplainedInTheBrowser() {
        provider.reset();
        provider.denyNext = true;

        browser.get(gateway + "/console/login");
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().startsWith(provider.url() + "/authorize"));
        browser.findElement(By.id("provider-sign-in")).click();

        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().startsWith(gateway + "/console/login/callback"));
        assertThat(browser.findElement(By.id("signin-error")).getAttribute("data-reason")).isEqualTo("access-denied");
        assertThat(browser.findElements(By.id("who-am-i"))).isEmpty();
    }
}
