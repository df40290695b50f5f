package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.gateway.security.Identity;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign's buttons: the campaign service's {@code allowedActions} when it sends them (whatever the console
 * would have guessed from roles and states), the former reading of its rules when it does not (an older service).
 */
class CampaignActionsUnitTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Identity OFFICER = new Identity("tran.thi.lan", "Trần Thị Lan", List.of("officer"), "so-noi-vu");
    static final Identity APPROVER = new Identity("nguyen.van.minh", "Nguyễn Văn Minh", List.of("approver"), "so-noi-vu");
    static final Identity VIEWER = new Identity("vo.thi.mai", "Võ Thị Mai", List.of("viewer"), "so-noi-vu");
    static final Identity OTHER_OFFICER = new Identity("le.thi.hoa", "Lê Thị Hoa", List.of("officer"), "so-y-te");

    static JsonNode campaign(String status, String allowedActions) {
        return JSON.readTree("{\"id\":\"c-1\",\"status\":\"" + status + "\",\"issuingAgencyId\":\"so-noi-vu\",\"createdBy\":\"tran.thi.lan\""
                + (allowedActions == null ? "" : ",\"allowedActions\":" + allowedActions) + "}");
    }

    @Test
    void showsExactlyWhatTheCampaignServiceAllowsWhenItSaysSo() {
        // a running campaign the fallback would let this officer cancel: the service says no
        assertThat(CampaignActions.of(OFFICER, campaign("RUNNING", "[]")))
                .isEqualTo(new CampaignActions(false, false, false, false, false, false, false));
        // an approved campaign: edit (a new version) and cancel, which the fallback never offered for editing
        assertThat(CampaignActions.of(OFFICER, campaign("APPROVED", "[\"edit\",\"cancel\"]")))
                .isEqualTo(new CampaignActions(true, false, false, false, true, false, false));
        assertThat(CampaignActions.of(APPROVER, campaign("SUBMITTED", "[\"approve\",\"reject\",\"cancel\"]")))
                .isEqualTo(new CampaignActions(false, false, true, true, true, false, false));
        assertThat(CampaignActions.of(OFFICER, campaign("DRAFT", "[\"edit\",\"submit\",\"unknown-later\"]")))
                .isEqualTo(new CampaignActions(true, true, false, false, false, false, false));
        // copying and saving as a template, each on its own
        assertThat(CampaignActions.of(OFFICER, campaign("COMPLETED", "[\"copy\"]")))
                .isEqualTo(new CampaignActions(false, false, false, false, false, true, false));
        assertThat(CampaignActions.of(OFFICER, campaign("COMPLETED", "[\"save-as-template\"]")))
                .isEqualTo(new CampaignActions(false, false, false, false, false, false, true));
    }

    @ParameterizedTest(name = "{0} on a {1} campaign without allowedActions")
    @CsvSource({
            // user,        status,    edit,  submit, approve, reject, cancel
            "officer,       DRAFT,     true,  true,   false,   false,  true",
            "officer,       REJECTED,  true,  true,   false,   false,  true",
            "officer,       SUBMITTED, false, false,  false,   false,  true",
            "officer,       RUNNING,   false, false,  false,   false,  true",
            "officer,       COMPLETED, false, false,  false,   false,  false",
            "approver,      SUBMITTED, false, false,  true,    true,   true",
            "approver,      APPROVED,  false, false,  false,   false,  true",
            "viewer,        RUNNING,   false, false,  false,   false,  false",
            "other-officer, DRAFT,     true,  true,   false,   false,  false",
    })
    void fallsBackToTheFormerRulesWhenTheServiceDoesNotSendThem(String user, String status, boolean edit, boolean submit,
                                                                 boolean approve, boolean reject, boolean cancel) {
        Identity me = switch (user) {
            case "officer" -> OFFICER;
            case "approver" -> APPROVER;
            case "viewer" -> VIEWER;
            default -> OTHER_OFFICER;
        };
        // copying and saving as a template were offered to every reader then (the service refusing in its words)
        assertThat(CampaignActions.of(me, campaign(status, null)))
                .isEqualTo(new CampaignActions(edit, submit, approve, reject, cancel, true, true));
    }
}
