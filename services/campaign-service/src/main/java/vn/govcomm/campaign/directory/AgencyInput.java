package vn.govcomm.campaign.directory;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What an admin sends to add or replace an agency ({@code active} defaults to true; the version is the server's). */
record AgencyInput(String agencyId, String name, String shortName, String type, String parentId, List<String> groups,
                   @Schema(maxLength = 254, example = "vanphong@syt.khanhhoa.gov.vn",
                           description = "Official mailbox for notifications (reminders, approval news); optional")
                   String contactEmail,
                   Boolean active, List<Agency.Endpoint> endpoints) {

    Agency toAgency(String id) {
        return new Agency(id, name, shortName, type, parentId, groups, contactEmail, active == null || active, endpoints, 0, null, null,
                null);
    }
}
