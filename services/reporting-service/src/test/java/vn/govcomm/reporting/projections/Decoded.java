package vn.govcomm.reporting.projections;

import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.events.IncomingEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Test data as the listeners hand it to the projections: its JSON decoded by the kit ({@link IncomingEvent#data}). */
public final class Decoded {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Decoded() {
    }

    public static <T> T as(Class<T> type, Document data) {
        return new IncomingEvent("test-event", "test", "/test", null, Instant.EPOCH, "test", null,
                data.toJson().getBytes(StandardCharsets.UTF_8)).data(JSON, type);
    }
}
