package vn.govcomm.campaign.web;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;

/** Versions as strong ETags: {@code "7"}. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version in an If-Match header ({@code "7"}, {@code W/"7"} or {@code 7}); 400 if it is not one. */
    public static long parse(String ifMatch) {
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "").trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-if-match",
                    "If-Match phải là phiên bản đã nhận trong ETag. / If-Match must be a version received as ETag.");
        }
    }
}
