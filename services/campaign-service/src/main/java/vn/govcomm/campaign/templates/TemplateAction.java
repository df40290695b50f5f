package vn.govcomm.campaign.templates;

import vn.govcomm.identity.Caller;
import vn.govcomm.kit.web.ApiProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * The actions on a template a reader may take, each with its one rule ({@link TemplateAccess}): {@link
 * TemplateManagement} enforces them through {@link #requireAccess}, and {@link #allowed} answers {@code allowedActions}
 * with the very same checks, so the console never copies a rule.
 */
enum TemplateAction {
    USE("use"), EDIT("edit"), DELETE("delete"), SHARE("share");

    /** The name in {@code allowedActions}. */
    final String wireName;

    TemplateAction(String wireName) {
        this.wireName = wireName;
    }

    /** 403 unless {@code caller}, who reads {@code t}, may take this action. */
    void requireAccess(Caller caller, Template t) {
        switch (this) {
            case USE -> TemplateAccess.requireOfficer(caller);
            case EDIT, DELETE -> TemplateAccess.requireWrite(caller, t);
            case SHARE -> TemplateAccess.requireAdmin(caller);
        }
    }

    /** What {@code caller}, who reads {@code t}, may do with it now: the actions whose checks pass. */
    static List<String> allowed(Caller caller, Template t) {
        List<String> out = new ArrayList<>();
        for (TemplateAction action : values()) {
            try {
                action.requireAccess(caller, t);
                out.add(action.wireName);
            } catch (ApiProblem refused) {
                // not this caller's to take
            }
        }
        return out;
    }
}
