package vn.govcomm.campaign.directory;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What an admin sends to add or replace an agency ({@code active} defaults to true; the version is the server's). */
record AgencyInput(String agencyId, String name, String shortName, String type, String parentId, List<String> groups,
                   @Schema(maxLength = 254, example = "vanphong@syt.khanhhoa.gov.vn",
                           description = "Official mailbox for notifications (reminders, approval news); optional")
                   String contactEmail,
                   Boolean active, List<Agency.Endpoint> endpoints,
                   @Schema(example = "khanh-hoa", description = "One of the 34 province codes; absent: the home province "
                           + "when adding, unchanged when replacing (unless national is sent)")
                   String provinceId,
                   @Schema(description = "true for a central body (no province); absent: false when adding, unchanged "
                           + "when replacing (unless provinceId is sent)")
                   Boolean national) {

    /**
     * The agency as described; its tenancy as sent, or when neither {@code provinceId} nor {@code national} is sent,
     * {@code unsent} (the home province for a new agency, the stored tenancy for a replaced one).
     */
    Agency toAgency(String id, Tenant unsent) {
        boolean sent = (provinceId != null && !provinceId.isBlank()) || national != null;
        return new Agency(id, name, shortName, type, parentId, groups, contactEmail, active == null || active, endpoints, 0, null, null,
                null, sent ? blankToNull(provinceId) : unsent.provinceId(), sent ? Boolean.TRUE.equals(national) : unsent.national());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
