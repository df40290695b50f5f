package vn.govcomm.facebook.graph;

import tools.jackson.databind.JsonNode;

import java.util.Set;

/** Classifies Graph's error envelope by {@code error.code} (see /work/shared/channels/facebook.md). */
public final class GraphErrors {

    /** Rate limits: app (4), user (17), Page (32), application (341), API-specific (613), BUC (80001-80014). */
    static final Set<Integer> RATE_LIMITS = Set.of(4, 17, 32, 341, 613);
    static final Set<Integer> TEMPORARY = Set.of(1, 2);

    private GraphErrors() {
    }

    public static boolean isRateLimit(int code) {
        return RATE_LIMITS.contains(code) || (code >= 80001 && code <= 80014);
    }

    /** @param error the {@code error} object of the envelope */
    public static GraphFailure classify(JsonNode error) {
        int code = error.path("code").asInt(-1);
        Integer subcode = error.path("error_subcode").isNumber() ? error.path("error_subcode").asInt() : null;
        boolean transientFlag = error.path("is_transient").asBoolean(false);
        String message = error.path("message").asString("");
        GraphFailure.Kind kind = kindOf(code, transientFlag);
        return new GraphFailure(kind, code, subcode, isRateLimit(code), message);
    }

    static GraphFailure.Kind kindOf(int code, boolean isTransient) {
        if (isRateLimit(code) || TEMPORARY.contains(code)) {
            return GraphFailure.Kind.RETRYABLE;
        }
        // Known permanent ones first: a transient flag does not make an expired token or a duplicate retryable.
        if (code == 190 || code == 102 || code == 104 || code == 10 || (code >= 200 && code <= 299) || code == 368
                || code == 506 || code == 1609005 || code == 100) {
            return GraphFailure.Kind.PERMANENT;
        }
        return isTransient ? GraphFailure.Kind.RETRYABLE : GraphFailure.Kind.PERMANENT;
    }
}
