package vn.govcomm.browser;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an officer reads on a console page is in people's words (issue 19): every page a browser test visits is
 * saved as a screenshot under {@code target/screenshots/<name>.png} for review, then its visible text (what
 * {@code innerText} gives: no attributes, no input values) must hold no agency id of the directory, no campaign id, no
 * UTC ISO instant, no status name of the services' enums and no demo user's id (people are shown by name: who
 * approved, who sent the evidence, who replayed a dead letter). Then the page's accessibility and its rendering on a
 * phone are checked ({@link A11y}).
 */
final class PeoplesWords {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
    /** Delivery statuses (contracts), campaign statuses, compliance and manual-task states. */
    static final Pattern STATUS_NAME = Pattern.compile("(?<![\\p{L}\\p{N}_])(PENDING|DISPATCHED|RETRYING|ACCEPTED|PUBLISHED"
            + "|FETCHED|DISPLAYED|FAILED|CANCELLED|EXPIRED|DRAFT|SUBMITTED|APPROVED|SCHEDULED|RUNNING|COMPLETED|REJECTED"
            + "|COMPLIED|NON_COMPLIANT|IN_PROGRESS|NOT_REQUIRED|OVERDUE|AWAITING_CONFIRMATION|AWAITING_REVIEW)(?![\\p{L}\\p{N}_])");
    /** A campaign's id as the campaign service makes it ({@code cmp-} and a UUID): a thing's name for programs only. */
    static final Pattern CAMPAIGN_ID = Pattern.compile("(?<![\\p{L}\\p{N}_./-])cmp-\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Set<String> agencyIds;
    private static Set<String> userIds;
    /** A row of the local sign-in page's table of demo users: its first cell is the user id. */
    static final Pattern DEMO_USER_ROW = Pattern.compile("<tr>\\s*<td>([^<\\s]+)</td>\\s*<td>");

    private PeoplesWords() {
    }

    /**
     * Saves the page as {@code name}.png and fails on any raw agency id, UTC instant or status name in its text. A
     * campaign page is read once its board has loaded.
     */
    static void check(ChromeDriver browser, String gateway, String name) {
        // asked by script: the driver's implicit wait would spend seconds on every page without a board
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(browser.executeScript(
                "return !document.getElementById('board') || !!document.getElementById('board-content');")));
        screenshot(browser, name);
        String text = String.valueOf(browser.executeScript("return document.body.innerText;"));
        assertThat(text).as("the text of %s", name).contains("GovComm");   // the scan reads the page people see
        assertThat(problems(text, agencyIds(gateway), userIdsShownAsPeople(browser, gateway)))
                .as("people's words on %s (%s)", name, browser.getCurrentUrl()).isEmpty();
        A11y.check(browser, name);
    }

    /**
     * The demo users' ids to look for on the page shown: none on the sign-in page, whose table of demo users lists the
     * user names to type (what they are for there), all of them elsewhere.
     */
    private static Set<String> userIdsShownAsPeople(ChromeDriver browser, String gateway) {
        String path = java.net.URI.create(browser.getCurrentUrl()).getPath();
        return path != null && path.startsWith("/console/login") ? Set.of() : userIds(gateway);
    }

    /**
     * The same checks on a page made for printing (a campaign's or a scorecard's {@code export/print}), which has no
     * console header: its text must not be empty instead.
     */
    static void checkPrint(ChromeDriver browser, String gateway, String name) {
        screenshot(browser, name);
        String text = String.valueOf(browser.executeScript("return document.body.innerText;"));
        assertThat(text).as("the text of %s", name).isNotBlank();
        assertThat(problems(text, agencyIds(gateway), userIdsShownAsPeople(browser, gateway)))
                .as("people's words on %s (%s)", name, browser.getCurrentUrl()).isEmpty();
        A11y.check(browser, name);
    }

    /** What is not in people's words in {@code text}: each raw agency id, campaign id, UTC instant and status name, as found. */
    static List<String> problems(String text, Set<String> agencyIds) {
        return problems(text, agencyIds, Set.of());
    }

    /** As above, and each demo user's id ({@code tran.thi.lan}) where the page should name the person. */
    static List<String> problems(String text, Set<String> agencyIds, Set<String> userIds) {
        List<String> found = new ArrayList<>();
        Matcher instant = ISO_INSTANT.matcher(text);
        while (instant.find()) {
            found.add("UTC instant " + instant.group());
        }
        Matcher campaign = CAMPAIGN_ID.matcher(text);
        while (campaign.find()) {
            found.add("campaign id " + campaign.group());
        }
        Matcher status = STATUS_NAME.matcher(text);
        while (status.find()) {
            found.add("status name " + status.group());
        }
        for (String id : agencyIds) {
            // a word of its own: not part of a longer id, a code, or a web address's path or host
            if (Pattern.compile("(?<![\\p{L}\\p{N}_./@-])" + Pattern.quote(id) + "(?![\\p{L}\\p{N}_-])").matcher(text).find()) {
                found.add("agency id " + id);
            }
        }
        for (String id : userIds) {
            // a word of its own: not inside an e-mail address, a longer id or a web address
            if (Pattern.compile("(?<![\\p{L}\\p{N}_./@-])" + Pattern.quote(id) + "(?![\\p{L}\\p{N}_@-]|\\.[\\p{L}\\p{N}])")
                    .matcher(text).find()) {
                found.add("user id " + id);
            }
        }
        return found;
    }

    /**
     * The demo users' ids, read once from the local sign-in page's table of demo users (the gateway's local issuer, their
     * one home: {@code govcomm.security.local-issuer.users}).
     */
    static synchronized Set<String> userIds(String gateway) {
        if (userIds == null) {
            String login = RestClient.builder().baseUrl(gateway).build().get().uri("/console/login").retrieve()
                    .body(String.class);
            userIds = demoUserIds(login);
            assertThat(userIds).as("the demo users of the sign-in page").contains("tran.thi.lan", "nguyen.van.minh");
        }
        return userIds;
    }

    /** The user ids of the demo users' table of a sign-in page. */
    static Set<String> demoUserIds(String loginPage) {
        Set<String> ids = new TreeSet<>();
        Matcher row = DEMO_USER_ROW.matcher(loginPage == null ? "" : loginPage);
        while (row.find()) {
            ids.add(row.group(1));
        }
        return ids;
    }

    /** The directory's agency ids, read once through the gateway with a demo user's token. */
    static synchronized Set<String> agencyIds(String gateway) {
        if (agencyIds == null) {
            RestClient api = RestClient.builder().baseUrl(gateway).build();
            String token = JSON.readTree(api.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body("grant_type=client_credentials&client_id=vo.thi.mai&client_secret=demo")
                    .retrieve().body(String.class)).path("access_token").asString();
            Set<String> ids = new TreeSet<>();
            JSON.readTree(api.get().uri("/api/agencies").headers(h -> h.setBearerAuth(token)).retrieve().body(String.class))
                    .forEach(a -> ids.add(a.path("agencyId").asString()));
            assertThat(ids).as("the directory's agencies").hasSizeGreaterThan(10);
            agencyIds = ids;
        }
        return agencyIds;
    }

    /** The whole page (not only the window) as a PNG, for people to review; the window alone if Chromium cannot. */
    static void screenshot(ChromeDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> size = (Map<String, Object>) browser.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                        .get("cssContentSize");
                Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "scale", 1,
                                "width", ((Number) size.get("width")).doubleValue(),
                                "height", ((Number) size.get("height")).doubleValue())));
                png = Base64.getDecoder().decode(String.valueOf(shot.get("data")));
            } catch (RuntimeException noFullPage) {
                png = browser.getScreenshotAs(OutputType.BYTES);
            }
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
