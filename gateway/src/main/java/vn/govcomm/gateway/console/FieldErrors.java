package vn.govcomm.gateway.console;

import vn.govcomm.gateway.console.PlatformApi.ApiFailure;
import vn.govcomm.gateway.console.PlatformApi.FieldProblem;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A form's problems by the form's own field names, in the page's language: the console's own checks (message keys)
 * and the service's problem details ({@code errors[].field}, mapped to the form's field; unknown fields stay in the
 * page's general message only). Templates show them next to their fields ({@code fragments :: fieldError}).
 */
final class FieldErrors {

    private FieldErrors() {
    }

    static Map<String, String> of(ApiFailure failure, UnaryOperator<String> formField, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldProblem problem : failure.fields) {
            String field = formField.apply(problem.field());
            if (field != null) {
                errors.merge(field, problem.message(locale), (a, b) -> a + " " + b);
            }
        }
        return errors;
    }

    static Map<String, String> ofKeys(Map<String, String> keys, ConsolePages pages) {
        Map<String, String> errors = new LinkedHashMap<>();
        keys.forEach((field, key) -> errors.put(field, pages.message(key)));
        return errors;
    }
}
