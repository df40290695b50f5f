package vn.govcomm.campaign.templates;

import org.springframework.stereotype.Component;
import vn.govcomm.campaign.campaigns.Campaign;
import vn.govcomm.campaign.campaigns.CampaignActionSource;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.util.List;

/**
 * {@code save-as-template} in a campaign's {@code allowedActions}: {@code POST /api/campaigns/{id}/template}'s own check
 * ({@link TemplateManagement#saveCampaign}: a reader of the campaign who is an officer of an agency).
 */
@Component
class SaveAsTemplateAction implements CampaignActionSource {

    static final String NAME = "save-as-template";

    /** 403 unless {@code caller}, who reads the campaign, may save it as a template of their agency. */
    static void requireAccess(Caller caller) {
        TemplateAccess.requireOfficer(caller);
    }

    @Override
    public List<String> allowed(Caller caller, Campaign campaign) {
        try {
            requireAccess(caller);
            return List.of(NAME);
        } catch (ApiProblem refused) {
            return List.of();
        }
    }
}
