package vn.govcomm.campaign.templates;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import vn.govcomm.identity.Caller;

import java.util.List;

/** A template as the API answers it to a caller: its fields and what the caller may do with it. Never stored. */
record TemplateAnswer(@JsonUnwrapped Template template,
                      @Schema(description = "What the caller may do with the template now, from the checks the endpoints "
                              + "enforce: use (draft a campaign from it), edit, delete, share")
                      List<String> allowedActions) {

    static TemplateAnswer of(Template t, Caller caller) {
        return new TemplateAnswer(t, TemplateAction.allowed(caller, t));
    }
}
