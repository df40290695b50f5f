package vn.govcomm.gateway.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.gateway.security.Identity;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wizard's agency picker over a directory of 10,000 agencies (a province's 9 districts with about a thousand
 * communes each, and its departments): what a search, a group and a hierarchy offer, at most {@link AgencyPicker#LIMIT}
 * at a time, and the chosen targets in words.
 */
class AgencyPickerUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Identity OFFICER = new Identity("tran.thi.lan", "Trần Thị Lan", List.of("officer"), "so-noi-vu");
    static final ArrayNode DIRECTORY = directory();

    static ArrayNode directory() {
        ArrayNode all = JSON.createArrayNode();
        agency(all, "so-y-te", "Sở Y tế tỉnh Khánh Hòa", "Sở Y tế", "", "co-quan-chuyen-mon");
        agency(all, "so-noi-vu", "Sở Nội vụ tỉnh Khánh Hòa", "Sở Nội vụ", "", "co-quan-chuyen-mon");
        agency(all, "cong-an-tinh", "Công an tỉnh", "Công an tỉnh", "", "nganh-doc");
        for (int d = 0; d < 9; d++) {
            String district = "ubnd-huyen-" + d;
            agency(all, district, "UBND huyện số " + d, "UBND huyện " + d, "", "ubnd-cap-huyen");
            for (int x = 0; x < 1110; x++) {
                agency(all, "ubnd-xa-" + d + "-" + x, "UBND xã Phước Đồng " + d + "-" + x, "", district, "ubnd-cap-xa");
            }
        }
        return all;
    }

    static void agency(ArrayNode all, String id, String name, String shortName, String parent, String group) {
        ObjectNode a = all.addObject().put("agencyId", id).put("name", name).put("shortName", shortName);
        if (parent.isEmpty()) {
            a.putNull("parentId");
        } else {
            a.put("parentId", parent);
        }
        a.putArray("groups").add(group);
    }

    AgencyPicker picker;

    @BeforeEach
    void setUp() {
        ResourceBundleMessageSource bundles = new ResourceBundleMessageSource();
        bundles.setBasename("console-messages");
        bundles.setDefaultEncoding("UTF-8");
        bundles.setFallbackToSystemLocale(false);
        LocaleContextHolder.setLocale(Locale.forLanguageTag("vi"));
        AgencyNames names = new AgencyNames(reader -> DIRECTORY, Duration.ofSeconds(60), Clock.systemUTC());
        ConsolePages pages = new ConsolePages(bundles);
        picker = new AgencyPicker(names, pages, new ProvinceNames(names, pages, ProvinceNamesUnitTests.LIST));
    }

    @AfterEach
    void done() {
        LocaleContextHolder.resetLocaleContext();
    }

    static CampaignForm form(String query, String group, String browse, List<String> agencies, List<String> groups,
                             List<String> under, List<String> narrowed) {
        return new CampaignForm("", "", "", "", "", "", "", "", "", group, agencies, List.of("portal", "facebook", "zalo"),
                "2026-12-05", "2027-01-05", "", "NORMAL", null, null, 3, 24, "", "", "", groups, under, narrowed, query, browse);
    }

    @Test
    void aSearchWithoutAccentsFindsTheAgencyByNameOrShortNameInEveryGroup() {
        AgencyPicker.Results results = picker.search(OFFICER, form("so y te", "ubnd-cap-xa", "", List.of(), List.of(), List.of(), List.of()));

        assertThat(results.agencies()).extracting(AgencyPicker.Option::id).containsExactly("so-y-te");
        assertThat(results.agencies().getFirst().name()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        assertThat(results.groups()).isEmpty();
        assertThat(picker.search(OFFICER, form("CÔNG AN", "", "", List.of(), List.of(), List.of(), List.of())).agencies())
                .extracting(AgencyPicker.Option::id).containsExactly("cong-an-tinh");
    }

    @Test
    void neverOffersMoreThanAPageOfTenThousandAgenciesAndSaysHowManyMatched() {
        CampaignForm search = form("phuoc dong", "", "", List.of(), List.of(), List.of(), List.of());
        long started = System.nanoTime();
        picker.search(OFFICER, search);   // the first one reads the directory
        long first = (System.nanoTime() - started) / 1000;
        started = System.nanoTime();
        AgencyPicker.Results results = picker.search(OFFICER, search);
        long micros = (System.nanoTime() - started) / 1000;

        assertThat(DIRECTORY.size()).isGreaterThan(10_000);
        assertThat(results.agencies()).hasSize(AgencyPicker.LIMIT);
        assertThat(results.matched()).isEqualTo(9 * 1110);
        System.out.printf("AgencyPicker: a search over %d agencies (%d matched) took %d µs (the first, reading the "
                + "directory: %d µs)%n", DIRECTORY.size(), results.matched(), micros, first);
    }

    @Test
    void aGroupIsOfferedWholeAndAnAgencyWithUnitsOffersEveryUnitUnderIt() {
        AgencyPicker.Results group = picker.search(OFFICER, form("", "ubnd-cap-huyen", "", List.of(), List.of(), List.of(), List.of()));

        assertThat(group.groups()).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo("ubnd-cap-huyen");
            assertThat(g.name()).isEqualTo("UBND cấp huyện");
            assertThat(g.agencies()).isEqualTo(9);
        });
        assertThat(group.agencies()).hasSize(9).first().satisfies(d -> assertThat(d.units()).isEqualTo(1110));
        assertThat(picker.search(OFFICER, form("cap huyen", "", "", List.of(), List.of(), List.of(), List.of())).groups())
                .extracting(AgencyPicker.GroupOption::id).containsExactly("ubnd-cap-huyen");

        AgencyPicker.Results units = picker.search(OFFICER, form("", "ubnd-cap-huyen", "ubnd-huyen-3", List.of(), List.of(), List.of(), List.of()));
        assertThat(units.browsing().name()).isEqualTo("UBND huyện số 3");
        assertThat(units.matched()).isEqualTo(1110);
        assertThat(units.agencies()).allSatisfy(u -> assertThat(u.parentName()).isEqualTo("UBND huyện số 3"));
        assertThat(units.groups()).isEmpty();
    }

    @Test
    void aChosenGroupIsNoLongerOfferedAndTheChosenTargetsAreInWordsWithTheirChannels() {
        CampaignForm form = form("", "ubnd-cap-huyen", "", List.of("so-y-te"), List.of("ubnd-cap-huyen"), List.of("ubnd-huyen-3"),
                List.of("under:ubnd-huyen-3:zalo"));

        assertThat(picker.search(OFFICER, form).groups()).isEmpty();
        List<AgencyPicker.Chosen> chosen = picker.chosen(OFFICER, form);
        assertThat(chosen).extracting(AgencyPicker.Chosen::label).containsExactly("Sở Y tế tỉnh Khánh Hòa",
                "Cả nhóm: UBND cấp huyện", "Chọn tất cả đơn vị trực thuộc UBND huyện số 3");
        assertThat(chosen).extracting(AgencyPicker.Chosen::channelNames).containsExactly(
                "Cổng thông tin điện tử, Trang Facebook, Zalo OA", "Cổng thông tin điện tử, Trang Facebook, Zalo OA", "Zalo OA");
        assertThat(chosen).extracting(AgencyPicker.Chosen::narrowed).containsExactly(false, false, true);
        assertThat(chosen.get(2).detail()).isEqualTo("1.110 đơn vị hiện có, theo danh bạ lúc phê duyệt");
    }
}
