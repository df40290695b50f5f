package vn.govcomm.gateway.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.security.Identity;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's one formatting helper: times and dates in Vietnam whatever the zone of the answer (and of this
 * machine), the same in English; statuses as words, sign and colour in the page's language; agency names from the
 * directory, read with the page's user and kept, ids only while it cannot be read.
 */
class ConsoleWordsUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Identity OFFICER = new Identity("le.thi.hoa", "Lê Thị Hoa", List.of("officer"), "so-y-te");
    static final String DIRECTORY = """
            [{"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế",
              "endpoints":[{"endpointId":"so-y-te.facebook","channel":"facebook","displayName":"Fanpage Sở Y tế"}]},
             {"agencyId":"ban-dan-toc","name":"Ban Dân tộc tỉnh Khánh Hòa","shortName":"Ban Dân tộc tỉnh"},
             {"agencyId":"dai-ptth","name":"Đài Phát thanh và Truyền hình Khánh Hòa"}]""";

    final AtomicInteger reads = new AtomicInteger();
    final List<Identity> readers = new ArrayList<>();
    JsonNode answer = JSON.readTree(DIRECTORY);
    Instant now = Instant.parse("2026-12-04T10:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    final AgencyNames names = new AgencyNames(reader -> {
        reads.incrementAndGet();
        readers.add(reader);
        if (answer == null) {
            throw new ApiFailure(503, "down");
        }
        return answer;
    }, Duration.ofSeconds(60), clock);
    ConsoleWords words;

    @BeforeEach
    void page() {
        ResourceBundleMessageSource bundles = new ResourceBundleMessageSource();
        bundles.setBasename("console-messages");
        bundles.setDefaultEncoding("UTF-8");
        bundles.setFallbackToSystemLocale(false);
        words = new ConsoleWords(bundles, names, new ProvinceNames(names, new ConsolePages(bundles), ProvinceNamesUnitTests.LIST));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(ConsolePages.IDENTITY, OFFICER);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        LocaleContextHolder.setLocale(Locale.forLanguageTag("vi"));
    }

    @AfterEach
    void done() {
        RequestContextHolder.resetRequestAttributes();
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void ratesArePercentagesWithOneDecimalInThePagesLanguageAndADashWhenNothingWasDue() {
        assertThat(words.percent(JSON.readTree("0.875"))).isEqualTo("87,5\u00a0%");
        assertThat(words.percent(JSON.readTree("1"))).isEqualTo("100,0\u00a0%");
        assertThat(words.percent(JSON.readTree("0.8333"))).isEqualTo("83,3\u00a0%");
        assertThat(words.percent(JSON.readTree("null"))).isEqualTo("–");
        assertThat(words.percent(JSON.missingNode())).isEqualTo("–");

        LocaleContextHolder.setLocale(Locale.ENGLISH);

        assertThat(words.percent(JSON.readTree("0.875"))).isEqualTo("87.5\u00a0%");
    }

    @Test
    void aWindowStartingAtMidnightInVietnamShowsThatDayNotTheUtcDayBefore() {
        // 2026-12-05T00:00+07:00 as the campaign service sends it: in UTC it is still the 4th
        JsonNode startsAt = JSON.readTree("\"2026-12-04T17:00:00Z\"");
        JsonNode endsAt = JSON.readTree("\"2027-03-04T17:00:00Z\"");   // exclusive: the window's last day is 04/03

        assertThat(words.day(startsAt)).isEqualTo("05/12/2026");
        assertThat(words.when(startsAt)).isEqualTo("05/12/2026 00:00");
        assertThat(words.window(startsAt, endsAt)).isEqualTo("05/12/2026 – 04/03/2027");
        assertThat(words.window("2026-12-05T00:00:00+07:00", "2027-03-05T00:00:00+07:00")).isEqualTo("05/12/2026 – 04/03/2027");
        // the calendar marks the same days
        assertThat(ConsoleWords.lastDay(Instant.parse("2027-03-04T17:00:00Z"))).hasToString("2027-03-04");
        assertThat(ConsoleWords.lastDay(Instant.parse("2027-03-04T10:00:00Z"))).hasToString("2027-03-04");
    }

    @Test
    void timesAreVietnamsInEveryShapeTheServicesSendAndTheSameInEnglish() {
        Instant at = Instant.parse("2026-12-04T17:05:09Z");
        for (Object value : List.of("2026-12-04T17:05:09Z", "2026-12-05T00:05:09+07:00", "2026-12-04T17:05:09.000Z",
                JSON.readTree("\"2026-12-04T17:05:09Z\""), JSON.readTree(String.valueOf(at.toEpochMilli())), at,
                Date.from(at), OffsetDateTime.parse("2026-12-04T12:05:09-05:00"), "2026-12-05T00:05:09")) {
            assertThat(words.when(value)).as(String.valueOf(value)).isEqualTo("05/12/2026 00:05");
        }
        assertThat(words.time(at)).isEqualTo("00:05:09");
        assertThat(words.day("2026-12-06")).isEqualTo("06/12/2026");
        assertThat(words.when("2026-12-06")).isEqualTo("06/12/2026");
        assertThat(words.month(YearMonth.of(2026, 12))).isEqualTo("12/2026");

        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(words.when("2026-12-04T17:05:09Z")).isEqualTo("05/12/2026 00:05");
        assertThat(words.window("2026-12-04T17:00:00Z", "2027-03-04T17:00:00Z")).isEqualTo("05/12/2026 – 04/03/2027");
    }

    @Test
    void aDeadlineAtTheEndOfADayIsThatDayAndAnyOtherHasItsTime() {
        assertThat(words.deadline("2027-03-04")).isEqualTo("04/03/2027");
        assertThat(words.deadline("2027-03-04T17:00:00Z")).isEqualTo("04/03/2027");        // 05/03 00:00 in Vietnam
        assertThat(words.deadline("2027-03-04T23:59:59+07:00")).isEqualTo("04/03/2027");
        assertThat(words.deadline("2027-03-04T23:59:59.999+07:00")).isEqualTo("04/03/2027");
        assertThat(words.deadline("2027-03-04T23:58:00+07:00")).isEqualTo("04/03/2027 23:58");
        assertThat(words.deadline("2027-03-04T10:00:00Z")).isEqualTo("04/03/2027 17:00");
    }

    @Test
    void nothingOrNoTimeIsShownAsItIsNeverAsAnIsoInstant() {
        assertThat(words.when(null)).isEmpty();
        assertThat(words.when(JSON.missingNode())).isEmpty();
        assertThat(words.when(JSON.nullNode())).isEmpty();
        assertThat(words.when("hôm nay")).isEqualTo("hôm nay");
        assertThat(words.window(JSON.missingNode(), "2027-03-04T17:00:00Z")).isEmpty();
    }

    @Test
    void statusesAreWordsWithASignAndAColourInThePagesLanguage() {
        assertThat(words.label("status", "FAILED")).isEqualTo("Lỗi");
        assertThat(words.icon("status", "FAILED")).isEqualTo("✗");
        assertThat(words.tone("status", "FAILED")).isEqualTo("tone-bad");
        assertThat(words.label("status", "PUBLISHED")).isEqualTo("Đã đăng");
        assertThat(words.tone("status", "PUBLISHED")).isEqualTo("tone-ok");
        assertThat(words.label("campaign", "SUBMITTED")).isEqualTo("Chờ phê duyệt");
        assertThat(words.label("cell", "NON_COMPLIANT")).isEqualTo("Chưa thực hiện");
        assertThat(words.label("manual.state", "AWAITING_REVIEW")).isEqualTo("Chờ duyệt minh chứng");
        assertThat(words.roles(List.of("officer", "approver"))).isEqualTo("Cán bộ, Người phê duyệt");

        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(words.label("status", "FAILED")).isEqualTo("Failed");
        assertThat(words.icon("status", "FAILED")).isEqualTo("✗");
        assertThat(words.label("campaign", "SUBMITTED")).isEqualTo("Awaiting approval");
        assertThat(words.label("channel", "facebook")).isEqualTo("Facebook Page");
    }

    @Test
    void peopleAreTheirNamesTheirIdOnlyWhenNoNameWasRecordedAndTheClockIsWords() {
        JsonNode named = JSON.readTree("{\"actor\":\"nguyen.van.minh\",\"actorName\":\"Nguyễn Văn Minh\"}");
        JsonNode older = JSON.readTree("{\"actor\":\"nguyen.van.minh\"}");
        JsonNode blankName = JSON.readTree("{\"actor\":\"nguyen.van.minh\",\"actorName\":\" \"}");
        JsonNode clock = JSON.readTree("{\"actor\":\"system\"}");

        assertThat(words.person(named, "actor", "actorName")).isEqualTo("Nguyễn Văn Minh");
        assertThat(words.person(older, "actor", "actorName")).isEqualTo("nguyen.van.minh");
        assertThat(words.person(blankName, "actor", "actorName")).isEqualTo("nguyen.van.minh");
        assertThat(words.person(clock, "actor", "actorName")).isEqualTo("Hệ thống (tự động)");
        assertThat(words.person(JSON.readTree("{}"), "by", "byName")).isEmpty();
        assertThat(words.person(null, "by", "byName")).isEmpty();
        assertThat(ConsoleWords.personOf("le.thi.hoa", "Lê Thị Hoa")).isEqualTo("Lê Thị Hoa");
        assertThat(ConsoleWords.personOf("le.thi.hoa", "")).isEqualTo("le.thi.hoa");

        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(words.person(clock, "actor", "actorName")).isEqualTo("System (automatic)");
        assertThat(words.person(named, "actor", "actorName")).isEqualTo("Nguyễn Văn Minh");
    }

    /** Every delivery status of the contracts, every campaign status, cell and task state has words and a sign. */
    @Test
    void everyKnownStateHasWordsInBothLanguagesAndASign() throws IOException {
        List<String> contract;
        try (InputStream schema = getClass().getResourceAsStream("/contracts/schemas/_common.v1.json")) {
            List<String> statuses = new ArrayList<>();
            JSON.readTree(schema).findValues("enum").stream().filter(e -> e.toString().contains("PUBLISHED"))
                    .findFirst().orElseThrow().forEach(s -> statuses.add(s.asString()));
            contract = statuses;
        }
        assertThat(ConsoleWords.DELIVERY_STATUSES).containsExactlyElementsOf(contract);
        List<String> keys = new ArrayList<>();
        contract.forEach(s -> keys.add("status." + s));
        List.of("DRAFT", "SUBMITTED", "APPROVED", "SCHEDULED", "RUNNING", "COMPLETED", "REJECTED", "CANCELLED")
                .forEach(s -> keys.add("campaign." + s));
        List.of("COMPLIED", "NON_COMPLIANT", "IN_PROGRESS", "NOT_REQUIRED", "PUBLISHED", "FAILED", "OVERDUE", "PENDING",
                "CANCELLED").forEach(s -> keys.add("cell." + s));
        ManualTask.STATES.forEach(s -> keys.add("manual.state." + s));
        for (Locale locale : List.of(Locale.forLanguageTag("vi"), Locale.ENGLISH)) {
            LocaleContextHolder.setLocale(locale);
            for (String key : keys) {
                String kind = key.substring(0, key.lastIndexOf('.'));
                String value = key.substring(key.lastIndexOf('.') + 1);
                assertThat(words.label(kind, value)).as(key).isNotEqualTo(value).isNotBlank();
                assertThat(words.icon(kind, value)).as(key).isNotEqualTo("•");
                assertThat(words.tone(kind, value)).as(key).startsWith("tone-");
            }
        }
    }

    @Test
    void agenciesAreNamedFromTheDirectoryReadWithThePagesUserAndKept() {
        assertThat(words.agency("so-y-te")).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        assertThat(words.agencyShort("so-y-te")).isEqualTo("Sở Y tế");
        assertThat(words.agencyShort("ban-dan-toc")).isEqualTo("Ban Dân tộc tỉnh");
        assertThat(words.agencyShort("dai-ptth")).isEqualTo("Đài Phát thanh và Truyền hình Khánh Hòa"); // no short name
        assertThat(words.endpoint("so-y-te", "so-y-te.facebook", "facebook")).isEqualTo("Fanpage Sở Y tế");
        assertThat(words.endpoint("so-y-te", "so-y-te.zalo", "zalo")).isEqualTo("Zalo OA");   // not in the directory
        assertThat(reads).hasValue(1);
        assertThat(readers).containsOnly(OFFICER);

        now = now.plusSeconds(61);
        answer = JSON.readTree("[{\"agencyId\":\"so-y-te\",\"name\":\"Sở Y tế (tên mới)\"}]");
        assertThat(words.agency("so-y-te")).isEqualTo("Sở Y tế (tên mới)");
        assertThat(reads).hasValue(2);
    }

    @Test
    void whileTheDirectoryCannotBeReadTheLastCopyStaysAndItIsNotAskedByEveryPage() {
        answer = null;
        assertThat(words.agency("so-y-te")).isEqualTo("so-y-te");
        assertThat(words.agency("so-y-te")).isEqualTo("so-y-te");
        assertThat(reads).hasValue(1);

        now = now.plusSeconds(11);
        answer = JSON.readTree(DIRECTORY);
        assertThat(words.agency("so-y-te")).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        now = now.plusSeconds(61);
        answer = null;
        assertThat(words.agencyShort("so-y-te")).isEqualTo("Sở Y tế");
        assertThat(words.agencyShort("unknown-agency", "Tên trong báo cáo")).isEqualTo("Tên trong báo cáo");
    }

    @Test
    void aPageWithoutASignedInUserAsksNothingUnlessItNamesAReader() {
        MockHttpServletRequest anonymous = new MockHttpServletRequest();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(anonymous));
        assertThat(words.agency("so-y-te")).isEqualTo("so-y-te");
        assertThat(reads).hasValue(0);

        Identity demo = new Identity("tran.thi.lan", "Trần Thị Lan", List.of("officer"), "so-noi-vu");
        anonymous.setAttribute(ConsoleWords.DIRECTORY_READER, demo);
        assertThat(words.agency("so-y-te")).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        assertThat(readers).containsExactly(demo);
    }

    @Test
    void theAgencySearchForgivesCaseAndDiacritics() {
        assertThat(names.matching(OFFICER, "so y te")).containsExactly("so-y-te");
        assertThat(names.matching(OFFICER, "DÂN TỘC")).containsExactly("ban-dan-toc");
        assertThat(names.matching(OFFICER, "dai phat thanh")).containsExactly("dai-ptth");
        assertThat(names.matching(OFFICER, "khánh hòa")).containsExactly("ban-dan-toc", "dai-ptth", "so-y-te");
        assertThat(names.matching(OFFICER, "không có")).isEmpty();
    }
}
