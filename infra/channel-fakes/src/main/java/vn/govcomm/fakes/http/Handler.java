package vn.govcomm.fakes.http;

/** Handles one routed request. May throw {@link ResponseException} to answer early. */
@FunctionalInterface
public interface Handler {

    Response handle(Request request);
}
