package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ComplianceGridUnitTests {

    @Test
    void turnsTheReportingComplianceViewIntoOneRowPerAgencyAndOneCellPerChannel() {
        var json = JsonMapper.builder().build().readTree("""
                {"campaignId": "c1", "channels": ["portal", "led"],
                 "agencies": [{"agencyId": "so-y-te", "name": "Sở Y tế", "state": "IN_PROGRESS",
                               "cells": {"portal": {"state": "PUBLISHED"}, "led": {"state": "PENDING"}}},
                              {"agencyId": "bhxh-tinh", "name": "BHXH tỉnh", "state": "NON_COMPLIANT",
                               "cells": {"portal": {"state": "FAILED"}}}]}""");
        CampaignBoardController.Grid grid = CampaignBoardController.Grid.of(json);
        assertThat(grid.channels()).containsExactly("portal", "led");
        assertThat(grid.rows()).containsExactly(
                new CampaignBoardController.Grid.Row("so-y-te", "Sở Y tế", "IN_PROGRESS", List.of("PUBLISHED", "PENDING")),
                new CampaignBoardController.Grid.Row("bhxh-tinh", "BHXH tỉnh", "NON_COMPLIANT", List.of("FAILED", "")));
    }

    @Test
    void namesAnAgencyWithoutANameByItsId() {
        var json = JsonMapper.builder().build().readTree("""
                {"channels": ["portal"], "agencies": [{"agencyId": "so-y-te", "state": "COMPLIED",
                                                       "cells": {"portal": {"state": "PUBLISHED"}}}]}""");
        assertThat(CampaignBoardController.Grid.of(json).rows())
                .containsExactly(new CampaignBoardController.Grid.Row("so-y-te", "so-y-te", "COMPLIED", List.of("PUBLISHED")));
    }
}
