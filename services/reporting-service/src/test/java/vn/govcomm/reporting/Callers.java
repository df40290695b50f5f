package vn.govcomm.reporting;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import vn.govcomm.identity.testing.TestCallers;

/**
 * Caller tokens for this service in tests (audience {@value #AUDIENCE}, signed with the test key the test context
 * trusts). Tokens live 60 s, so clients mint a fresh one for every request.
 */
public final class Callers {

    public static final String AUDIENCE = "reporting-service";
    /** The issuing agency of every {@link Scenario} campaign (not province-wide). */
    public static final String ISSUING = Scenario.ISSUING_AGENCY;
    /** An agency that has nothing to do with the scenario's campaigns. */
    public static final String OTHER = "so-cong-thuong";
    /** A target of the scenario's campaigns (it publishes the notice), not the issuer. */
    public static final String TARGET = "so-y-te";
    /** A province-wide oversight agency (default {@code govcomm.identity.province-wide-agencies}). */
    public static final String PROVINCE_WIDE = "ubnd-tinh";
    /**
     * A province-wide oversight agency of another province (Hà Nội; added to the test context's
     * {@code govcomm.identity.province-wide-agencies}, its snapshot in the replica: {@link ReportingServiceContext}).
     */
    public static final String PROVINCE_WIDE_ELSEWHERE = "ubnd-tp-ha-noi";
    public static final String ELSEWHERE = "ha-noi";

    private Callers() {
    }

    public static String bearer(String agency, String... roles) {
        return TestCallers.bearer(AUDIENCE, "user-of-" + agency, agency, roles);
    }

    /** Sets {@code Authorization} to a fresh caller token of this agency and roles on every request. */
    public static ClientHttpRequestInterceptor as(String agency, String... roles) {
        return (request, body, execution) -> {
            request.getHeaders().set(HttpHeaders.AUTHORIZATION, bearer(agency, roles));
            return execution.execute(request, body);
        };
    }
}
