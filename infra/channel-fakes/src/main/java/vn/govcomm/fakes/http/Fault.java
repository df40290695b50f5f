package vn.govcomm.fakes.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** What a scripted failure does to one request. Built with the static factories. */
public sealed interface Fault {

    /** Answer with this response instead of handling the request (nothing changes in the fake's state). */
    record Respond(Supplier<Response> response, String description) implements Fault {
    }

    /** Close the connection without any response, before handling: nothing changes in the fake's state. */
    record Drop() implements Fault {
    }

    /**
     * Handle the request (state changes, e.g. the post IS created) and then close the connection without a response:
     * the case that makes a blind retry double-post.
     */
    record DropAfterProcessing() implements Fault {
    }

    /** Handle the request, then wait before answering: a client with a shorter timeout gives up although it worked. */
    record Delay(Duration delay) implements Fault {
        public Delay {
            Objects.requireNonNull(delay);
        }
    }

    static Fault respond(Response response) {
        return new Respond(() -> response, "HTTP " + response.status());
    }

    /** A fresh response per failure (e.g. a new fbtrace_id each time). */
    static Fault respondWith(Supplier<Response> response, String description) {
        return new Respond(response, description);
    }

    /** A bare status with a body like the one a proxy in front of the API would send. */
    static Fault status(int status) {
        return respond(Response.of(status, "text/html; charset=UTF-8",
                "<html><body><h1>" + status + "</h1></body></html>"));
    }

    static Fault drop() {
        return new Drop();
    }

    static Fault dropAfterProcessing() {
        return new DropAfterProcessing();
    }

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    default String describe() {
        return switch (this) {
            case Respond r -> r.description();
            case Drop d -> "dropped";
            case DropAfterProcessing d -> "dropped after processing";
            case Delay d -> "delayed " + d.delay().toMillis() + " ms";
        };
    }
}
