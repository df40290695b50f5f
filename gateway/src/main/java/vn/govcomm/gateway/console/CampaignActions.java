package vn.govcomm.gateway.console;

import tools.jackson.databind.JsonNode;
import vn.govcomm.gateway.security.Identity;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a campaign's buttons the console shows the signed-in user: what the campaign service says the caller
 * may do ({@code allowedActions} in its campaign JSON: edit, submit, approve, reject, cancel, copy, save-as-template),
 * so the console keeps no copy of its rule. Only decides what is shown; the service decides again when asked.
 */
record CampaignActions(boolean edit, boolean submit, boolean approve, boolean reject, boolean cancel, boolean copy,
                       boolean saveAsTemplate) {

    /** The states the campaign service cancels from (everything but COMPLETED and CANCELLED): the fallback only. */
    static final Set<String> CANCELLABLE = Set.of("DRAFT", "SUBMITTED", "APPROVED", "SCHEDULED", "RUNNING", "REJECTED");

    static CampaignActions of(Identity me, JsonNode campaign) {
        JsonNode allowed = campaign.path("allowedActions");
        if (allowed.isArray()) {
            Set<String> actions = new HashSet<>();
            allowed.forEach(a -> actions.add(a.asString("")));
            return new CampaignActions(actions.contains("edit"), actions.contains("submit"), actions.contains("approve"),
                    actions.contains("reject"), actions.contains("cancel"), actions.contains("copy"),
                    actions.contains("save-as-template"));
        }
        // A campaign service older than allowedActions: the console's former reading of its rules (roles and
        // states as the service had them), until every service sends the field; copying and saving as a template were
        // offered to every reader then (the service refusing them in its words).
        String status = campaign.path("status").asString("");
        boolean draft = me.hasRole("officer") && (status.equals("DRAFT") || status.equals("REJECTED"));
        boolean deciding = me.hasRole("approver") && status.equals("SUBMITTED");
        return new CampaignActions(draft, draft, deciding, deciding, mayCancel(me, campaign, status), true, true);
    }

    /**
     * The fallback for cancel (the service's {@code CampaignAccess.requireCancel} and the states it cancels from): a
     * user of the issuing agency who wrote it or is an officer or approver there.
     */
    private static boolean mayCancel(Identity me, JsonNode campaign, String status) {
        String agency = campaign.path("issuingAgencyId").asString("");
        return me.agency() != null && me.agency().equals(agency)
                && (me.hasAnyRole(List.of("officer", "approver")) || me.userId().equals(campaign.path("createdBy").asString("")))
                && CANCELLABLE.contains(status);
    }
}
