package vn.govcomm.campaign.directory;

import org.junit.jupiter.api.Test;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import static org.assertj.core.api.Assertions.assertThat;

/** Violations of the AgencyChanged contract become problems on the input field they come from. */
class AgencyValidationUnitTests {

    @Test
    void namesTheInputFieldOfAContractViolation() {
        FieldProblem p = AgencyValidation.contractProblem("/endpoints/4/externalId: must be at most 200 characters long");
        assertThat(p.field()).isEqualTo("endpoints[4].externalId");
        assertThat(p.code()).isEqualTo("contract-violation");
        assertThat(p.messageEn()).isEqualTo("Does not fit the AgencyChanged event contract: must be at most 200 characters long");
        assertThat(p.messageVi()).startsWith("Không phù hợp với hợp đồng sự kiện AgencyChanged");
        assertThat(AgencyValidation.contractProblem("/endpoints/0/screen/lines: must have a maximum value of 100").field())
                .isEqualTo("endpoints[0].screen.lines");
        assertThat(AgencyValidation.contractProblem("/groups/12: must be at most 80 characters long").field())
                .isEqualTo("groups[12]");
    }

    @Test
    void aContactEmailTheContractRefusesIsAnInvalidEmail() {
        FieldProblem p = AgencyValidation.contractProblem("/contactEmail: does not match the email pattern must be a valid RFC 5321 Mailbox");
        assertThat(p.field()).isEqualTo("contactEmail");
        assertThat(p.code()).isEqualTo("invalid-email");
    }
}
