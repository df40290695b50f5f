package vn.govcomm.gateway.edge;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.identity.RequestPaths;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own refusals (a request target it cannot parse, such as a raw backslash or an encoded NUL, before any
 * filter runs) in the same problem-details shape as the gateway's: a URI Tomcat refuses is {@code ambiguous-path}.
 * Errors the application answered itself are left alone (they have a body already).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean io = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, io);
        if (!io.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code;
        String detail;
        String uri = request.getRequestURI();
        if (status == 400 && (uri == null || RequestPaths.ambiguity(uri) != null)) {
            code = "ambiguous-path";
            detail = "Đường dẫn không hợp lệ. / Ambiguous or malformed request path.";
        } else {
            code = known == null ? "error" : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
            detail = known == null ? "HTTP " + status : known.getReasonPhrase();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://govcomm.khanhhoa.gov.vn/problems/" + code);
        body.put("title", known == null ? "Error" : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written: nothing to report to
        }
    }
}
