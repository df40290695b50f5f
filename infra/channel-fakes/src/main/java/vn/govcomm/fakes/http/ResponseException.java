package vn.govcomm.fakes.http;

/** Thrown by handlers to answer early (auth failures, validation errors) with a ready response. */
public final class ResponseException extends RuntimeException {

    private final transient Response response;

    public ResponseException(Response response) {
        super("HTTP " + response.status(), null, false, false);
        this.response = response;
    }

    public Response response() {
        return response;
    }
}
