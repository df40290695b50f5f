package vn.govcomm.browser;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19's "no raw ids or UTC ISO strings visible to an officer on any page": as an officer, an approver and an admin,
 * every console page reachable from the navigation and from the demo campaigns' pages (followed link by link, three
 * clicks deep) is read by {@link PeoplesWords} (no agency id, campaign id, UTC instant or status name; axe-core;
 * 375 px) and saved as {@code target/screenshots/pages-<user>-<page>.png}. Pages of one kind (the same path but for its
 * ids, the same query names) are visited once, except the demo campaigns' own pages (one per state: running, waiting
 * for approval).
 * Pages made for printing ({@code export/print}) have no console header and are read with
 * {@link PeoplesWords#checkPrint}. Downloads (CSV, XLSX, evidence files), the English switch and sign-out are not
 * followed. Every page's findings, and the pages a role should have reached but did not, are collected before the
 * test fails, so one run names them all.
 */
class ConsolePagesBrowserTests {

    static final int DEPTH = 3;
    /** The path segments that name a page rather than a thing: anything else is an id (campaign, plan, task, topic…). */
    static final Set<String> WORDS = Set.of("console", "campaigns", "new", "edit", "cancel", "template", "plans", "templates",
            "scorecards", "export", "print", "health", "addressed", "manual", "reviews", "tasks", "notifications",
            "dead-letters", "directory", "evidence");
    static final Pattern NOT_A_PAGE = Pattern.compile("^/console/(logout|login|static/).*|.*/export/(?!print$)[^/]+$|.*/file$");

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();

    /** The kind of a console address: its path with ids as {@code *}, and its query's names. */
    static String kind(URI address) {
        String path = Arrays.stream(address.getPath().split("/")).map(s -> s.isEmpty() || WORDS.contains(s) ? s : "*")
                .collect(Collectors.joining("/"));
        String query = address.getQuery() == null ? "" : Arrays.stream(address.getQuery().split("&"))
                .map(p -> p.replaceAll("=.*", "")).sorted().collect(Collectors.joining("&", "?", ""));
        return path + query;
    }

    /** The console's own addresses among the page's links (no fragment), without downloads and other sites. */
    static List<URI> links(ChromeDriver browser, String gateway) {
        @SuppressWarnings("unchecked")
        List<String> hrefs = (List<String>) browser.executeScript("""
                return Array.from(document.querySelectorAll('a[href]')).filter(a => !a.hasAttribute('download'))
                  .map(a => a.href.split('#')[0]);""");
        List<URI> links = new ArrayList<>();
        for (String href : hrefs) {
            URI uri = URI.create(href);
            if (href.startsWith(gateway + "/console") && !NOT_A_PAGE.matcher(uri.getPath()).matches()
                    && (uri.getQuery() == null || !uri.getQuery().contains("lang="))) {
                links.add(uri);
            }
        }
        return links;
    }

    /** The demo campaigns' pages (the launcher's demo data: Sở Nội vụ's campaigns coded SNV-CCHC-…). */
    static List<String> demoCampaignPages() {
        List<String> pages = new ArrayList<>();
        for (JsonNode c : PlatformApi.get("tran.thi.lan", "/api/campaigns")) {
            if (c.path("code").asString().startsWith("SNV-CCHC-")) {
                pages.add("/console/campaigns/" + c.path("id").asString());
            }
        }
        assertThat(pages).as("the demo campaigns").hasSizeGreaterThanOrEqualTo(3);
        return pages;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "tran.thi.lan,   /console|/console/campaigns/new|/console/campaigns/*|/console/campaigns/*/edit|/console/campaigns/*/cancel|/console/plans|/console/plans/*|/console/templates|/console/scorecards|/console/health|/console/notifications|/console/addressed|/console/manual|/console/manual/reviews",
            "nguyen.van.minh, /console|/console/campaigns/*|/console/plans|/console/plans/*|/console/templates|/console/scorecards|/console/health|/console/notifications|/console/manual/reviews",
            "hoang.quoc.bao, /console|/console/plans|/console/templates|/console/scorecards|/console/health|/console/notifications|/console/dead-letters|/console/directory"})
    void everyPageReachableFromTheNavigationAndTheDemoCampaignsIsInPeoplesWords(String user, String expected) {
        ChromeDriver browser = console.driver();
        String gateway = console.gateway();
        console.signIn(user);
        Map<String, String> visited = new LinkedHashMap<>();   // what was visited (kind or demo page) → its address
        Set<String> kinds = new TreeSet<>();                   // the kinds of the pages visited, demo pages included
        Deque<Map.Entry<URI, Integer>> queue = new ArrayDeque<>();
        queue.add(Map.entry(URI.create(gateway + "/console"), 0));
        List<URI> demoCampaigns = demoCampaignPages().stream().map(p -> URI.create(gateway + p)).toList();
        demoCampaigns.forEach(p -> queue.add(Map.entry(p, 1)));
        SoftAssertions softly = new SoftAssertions();
        while (!queue.isEmpty()) {
            Map.Entry<URI, Integer> next = queue.poll();
            URI address = next.getKey();
            boolean demoCampaign = demoCampaigns.contains(address);
            String key = demoCampaign ? address.getPath() : kind(address);
            if (visited.containsKey(key)) {
                continue;
            }
            visited.put(key, address.toString());
            kinds.add(kind(address));
            browser.get(address.toString());
            settle(browser);
            String name = "pages-" + user.replace('.', '-') + (demoCampaign ? "-demo-campaign-" + visited.size()
                    : key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-$", ""));
            if (address.getPath().endsWith("/export/print")) {
                softly.check(() -> PeoplesWords.checkPrint(browser, gateway, name));
            } else {
                softly.check(() -> PeoplesWords.check(browser, gateway, name));
            }
            if (next.getValue() < DEPTH) {
                links(browser, gateway).forEach(l -> queue.add(Map.entry(l, next.getValue() + 1)));
            }
        }
        System.out.printf("%s visited %d pages:%n  %s%n", user, visited.size(), String.join("\n  ", visited.values()));
        softly.assertThat(kinds).as("the pages %s reached", user)
                .containsAll(Arrays.stream(expected.split("\\|")).map(String::strip).toList());
        softly.assertAll();
    }

    /** The parts a page loads after it arrives (the board's charts, the wizard's preview) are read once they are there. */
    static void settle(ChromeDriver browser) {
        // asked by script: the driver's implicit wait would spend its 5 s on every page without them
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(browser.executeScript("""
                const charts = document.getElementById('board-charts'), preview = document.getElementById('preview');
                return (!charts || !!document.getElementById('charts-content')) && (!preview || preview.children.length > 0);""")));
    }
}
