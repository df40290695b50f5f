package vn.govcomm.campaign.directory;

import java.util.List;

/** What an admin sends to add or replace an agency ({@code active} defaults to true; the version is the server's). */
record AgencyInput(String agencyId, String name, String shortName, String type, String parentId, List<String> groups,
                   Boolean active, List<Agency.Endpoint> endpoints) {

    Agency toAgency(String id) {
        return new Agency(id, name, shortName, type, parentId, groups, active == null || active, endpoints, 0);
    }
}
