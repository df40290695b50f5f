package vn.govcomm.portal;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;

import java.util.List;
import java.util.regex.Pattern;

/** Identifiers in paths follow the contracts' id pattern (_common.v1.json#/$defs/id). */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,119}");

    private Ids() {
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String require(String field, String id) {
        if (!valid(id)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed",
                    "Mã không hợp lệ. / Invalid identifier.", List.of(new ApiProblem.FieldProblem(field,
                    "invalid-id", "Mã chỉ gồm chữ, số, '.', '_', ':', '-' (tối đa 120 ký tự)",
                    "Letters, digits, '.', '_', ':', '-' only (at most 120 characters)")));
        }
        return id;
    }
}
