package vn.govcomm.campaign.campaigns;

import vn.govcomm.identity.Caller;

import java.util.List;

/**
 * Actions on a campaign that another feature carries out (e.g. saving it as a template), added to the campaign's
 * {@code allowedActions} after {@link CampaignAction}'s own. The feature answers them from the very checks its endpoint
 * enforces, so the rule keeps one home; the campaigns feature never depends on it.
 */
public interface CampaignActionSource {

    /** The actions {@code caller}, who reads {@code campaign}, may take on it now (wire names). */
    List<String> allowed(Caller caller, Campaign campaign);
}
