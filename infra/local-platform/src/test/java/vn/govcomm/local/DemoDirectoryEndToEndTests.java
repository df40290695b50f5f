package vn.govcomm.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo directory on the platform as the README's command starts it (demo data loaded): Khánh Hòa's structure
 * after 1 July 2025 (docs/directory-khanh-hoa-2025.md), reached through the public API, and demo campaigns that
 * target only agencies that still exist.
 */
class DemoDirectoryEndToEndTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static LocalPlatform platform;
    static String gateway;

    @BeforeAll
    static void start() {
        Path dataDir = Path.of("target", "demo-directory", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        platform = LocalPlatform.start(new LocalPlatform.Settings(true, dataDir, null, null, true));
        gateway = platform.url(PlatformService.GATEWAY);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static Map<String, JsonNode> directory() {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode agency : JSON.readTree(RestClient.create(gateway).get().uri("/api/agencies")
                .header("Authorization", DemoUsers.bearer(gateway, DemoUsers.OFFICER)).retrieve().body(String.class))) {
            byId.put(agency.path("agencyId").asString(), agency);
        }
        return byId;
    }

    @Test
    void theDirectoryHoldsTheNewDepartmentAndTheNewCommuneLevelUnits() {
        Map<String, JsonNode> directory = directory();

        for (String agencyId : new String[] {"so-nong-nghiep-moi-truong", "x-van-ninh", "x-dien-khanh", "dk-truong-sa"}) {
            JsonNode agency = directory.get(agencyId);
            assertThat(agency).as(agencyId).isNotNull();
            assertThat(agency.path("active").asBoolean()).as(agencyId).isTrue();
            // two tiers: a commune-level unit answers to the province
            assertThat(agency.path("parentId").asString()).as(agencyId).isEqualTo("ubnd-tinh");
        }
        assertThat(directory.get("x-van-ninh").path("groups").toString()).contains("ubnd-cap-xa");
    }

    @Test
    void mergedAgenciesAreInactiveWithTheirSuccessorAndNoDistrictCommitteeIsActive() {
        Map<String, JsonNode> directory = directory();

        Map<String, String> successors = Map.of("so-ke-hoach-dau-tu", "so-tai-chinh",
                "so-nong-nghiep", "so-nong-nghiep-moi-truong", "so-tai-nguyen-moi-truong", "so-nong-nghiep-moi-truong",
                "tt-van-gia", "x-van-ninh");
        successors.forEach((predecessor, successor) -> {
            JsonNode agency = directory.get(predecessor);
            assertThat(agency.path("active").asBoolean()).as(predecessor).isFalse();
            assertThat(agency.path("successorId").asString()).as(predecessor).isEqualTo(successor);
            assertThat(agency.path("successionKind").asString()).as(predecessor).isEqualTo("MERGED");
        });
        assertThat(directory.values()).filteredOn(a -> a.path("type").asString().equals("DISTRICT_PEOPLES_COMMITTEE"))
                .hasSize(9).noneMatch(a -> a.path("active").asBoolean());
    }

    @Test
    void theDemoCampaignsTargetOnlyActiveAgencies() {
        Map<String, JsonNode> directory = directory();
        JsonNode campaigns = JSON.readTree(RestClient.create(gateway).get().uri("/api/campaigns")
                .header("Authorization", DemoUsers.bearer(gateway, DemoUsers.OFFICER)).retrieve().body(String.class));

        assertThat(campaigns).extracting(c -> c.path("code").asString())
                .contains("SNV-CCHC-2023-KSHL", "SNV-CCHC-2025-CUOCTHI", "SNV-CCHC-2025-BOMAY");
        // the demo data's calls ran side by side, and were all answered before the platform said it was running:
        // two campaigns approved (and on their way), the restructuring notice submitted, waiting for approval
        Map<String, String> status = new LinkedHashMap<>();
        campaigns.forEach(c -> status.put(c.path("code").asString(), c.path("status").asString()));
        assertThat(status.get("SNV-CCHC-2023-KSHL")).isIn("APPROVED", "SCHEDULED", "RUNNING");
        assertThat(status.get("SNV-CCHC-2025-CUOCTHI")).isIn("APPROVED", "SCHEDULED", "RUNNING");
        assertThat(status.get("SNV-CCHC-2025-BOMAY")).isEqualTo("SUBMITTED");
        for (JsonNode campaign : campaigns) {
            assertThat(campaign.path("targets")).as(campaign.path("code").asString()).isNotEmpty();
            for (JsonNode target : campaign.path("targets")) {
                String agencyId = target.path("agencyId").asString();
                assertThat(directory.get(agencyId)).as(agencyId).isNotNull();
                assertThat(directory.get(agencyId).path("active").asBoolean()).as(agencyId).isTrue();
            }
        }
    }

    @Test
    void theNextStartChangesNothingInTheDirectory() {
        Map<String, Long> versions = new LinkedHashMap<>();
        directory().forEach((id, agency) -> versions.put(id, agency.path("version").asLong()));

        DemoDirectory.Result again;
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                DemoData.CALLS_SIDE_BY_SIDE)) {
            again = new DemoDirectory(RestClient.create(gateway), DemoUsers.bearer(gateway, DemoUsers.ADMIN), pool)
                    .apply();
        }

        assertThat(again.added() + again.succeeded() + again.deactivated()).isZero();
        Map<String, Long> after = new LinkedHashMap<>();
        directory().forEach((id, agency) -> after.put(id, agency.path("version").asLong()));
        assertThat(after).isEqualTo(versions);
    }
}
