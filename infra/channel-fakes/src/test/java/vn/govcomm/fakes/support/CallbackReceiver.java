package vn.govcomm.fakes.support;

import java.util.function.Function;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.Router;

/**
 * Stands in for OUR webhook receiver in the fakes' own tests: every request goes to one function. Being a
 * {@link FakeHttpServer}, it records requests and can be made slow with its fault script.
 */
public final class CallbackReceiver extends FakeHttpServer<CallbackReceiver> {

    private final Function<Request, Response> handler;

    public CallbackReceiver(Function<Request, Response> handler) {
        super("callback-receiver");
        this.handler = handler;
    }

    public String url(String path) {
        return baseUrl() + path;
    }

    @Override
    protected void routes(Router router) {
        // no routes: everything falls through to notFound(), i.e. to the handler
    }

    @Override
    protected Response notFound(Request request) {
        return handler.apply(request);
    }
}
