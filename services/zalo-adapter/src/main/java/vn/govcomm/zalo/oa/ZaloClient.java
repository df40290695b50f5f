package vn.govcomm.zalo.oa;

import tools.jackson.databind.JsonNode;

import java.util.function.Function;

/**
 * Zalo OpenAPI calls on behalf of one OA: the OA's access token in the {@code access_token} header, one refresh
 * and one repeat on -216 (then permanent, OA marked), all inside the OA's resilience envelope.
 */
public class ZaloClient {

    /** What a call is (the {@code operation} metric tag) and whether resending it blindly is harmless. */
    public enum Operation {
        ARTICLE_CREATE("article_create", false),
        ARTICLE_VERIFY("article_verify", true),
        ARTICLE_LIST("article_list", true),
        ARTICLE_DETAIL("article_detail", true),
        ARTICLE_REMOVE("article_remove", true),
        QUOTA("quota", true),
        BROADCAST("broadcast", false);

        final String tag;
        final boolean idempotent;

        Operation(String tag, boolean idempotent) {
            this.tag = tag;
            this.idempotent = idempotent;
        }
    }

    private final ZaloHttp http;
    private final OaTokens tokens;
    private final OaResilience resilience;
    private final ZaloProperties properties;

    ZaloClient(ZaloHttp http, OaTokens tokens, OaResilience resilience, ZaloProperties properties) {
        this.http = http;
        this.tokens = tokens;
        this.resilience = resilience;
        this.properties = properties;
    }

    /** POST {@code /<version><path>} with a JSON body. */
    public JsonNode post(String oaId, Operation op, String path, Object body) {
        String url = properties.openapiBaseUrl() + "/" + properties.apiVersion() + path;
        return call(oaId, op, token -> http.postJson(url, body));
    }

    /** GET {@code /<version><pathAndQuery>}. */
    public JsonNode get(String oaId, Operation op, String pathAndQuery) {
        String url = properties.openapiBaseUrl() + "/" + properties.apiVersion() + pathAndQuery;
        return call(oaId, op, token -> http.get(url));
    }

    private JsonNode call(String oaId, Operation op, Function<OaTokens.Token, ZaloHttp.Request> request) {
        return resilience.call(oaId, op.idempotent, () -> {
            OaTokens.Token token = tokens.current(oaId);
            try {
                return http.exchange(op.tag, request.apply(token).header("access_token", token.value()));
            } catch (ZaloCallException e) {
                if (!ZaloHttp.tokenRejected(e.code())) {
                    throw e;
                }
            }
            // -216/-124: the call was refused, so repeating it after one refresh cannot double anything.
            OaTokens.Token fresh = tokens.afterRejection(token);
            try {
                return http.exchange(op.tag, request.apply(fresh).header("access_token", fresh.value()));
            } catch (ZaloCallException e) {
                if (ZaloHttp.tokenRejected(e.code())) {
                    throw tokens.rejectedAgain(fresh);
                }
                throw e;
            }
        });
    }

    /**
     * Ends the calls in flight of interrupted threads as {@link ZaloInterrupted} (a stop's {@code shutdownNow}): the
     * HTTP client's blocking reads do not notice an interrupt by themselves.
     */
    public void cancelInterruptedCalls() {
        http.cancelInterruptedCalls();
    }

    /** The connection this OA's calls go through ({@link OaTokens#connectionId}). */
    public String connectionId(String oaId) {
        return tokens.connectionId(oaId);
    }

    public String breakerState(String oaId) {
        return resilience.breakerState(oaId).name();
    }
}
