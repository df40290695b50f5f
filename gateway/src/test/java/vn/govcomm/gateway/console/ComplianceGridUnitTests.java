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
        ConsoleController.Grid grid = ConsoleController.Grid.of(json);
        assertThat(grid.headers()).containsExactly("agency", "state", "portal", "led");
        assertThat(grid.rows()).containsExactly(List.of("Sở Y tế", "IN_PROGRESS", "PUBLISHED", "PENDING"),
                List.of("BHXH tỉnh", "NON_COMPLIANT", "FAILED", ""));
    }

    @Test
    void showsAnyOtherTableAsItsColumns() {
        var json = JsonMapper.builder().build().readTree("[{\"a\": 1, \"b\": \"x\"}]");
        assertThat(ConsoleController.Grid.of(json).headers()).containsExactly("a", "b");
        assertThat(ConsoleController.Grid.of(json).rows()).containsExactly(List.of("1", "x"));
    }
}
