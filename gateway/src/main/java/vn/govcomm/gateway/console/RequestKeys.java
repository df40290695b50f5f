package vn.govcomm.gateway.console;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Idempotency-Key of a console form that creates something (a campaign, a copy): made when the page is
 * rendered, sent back by the form, relayed to the service. A double click, or a post repeated after a lost answer,
 * then finds what the first one created instead of creating a second draft.
 */
final class RequestKeys {

    /** The form field (and model attribute) that carries it. */
    static final String FIELD = "requestKey";
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RequestKeys() {
    }

    static String fresh() {
        return UUID.randomUUID().toString();
    }

    /** The key a form sent, or null when it sent none or something that is not one of ours (then no key is sent). */
    static String sent(String value) {
        return value != null && KEY.matcher(value).matches() ? value : null;
    }
}
