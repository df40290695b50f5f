package vn.govcomm.notification.kafka;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.util.ArrayList;
import java.util.List;

/** Reading consumed payloads: what is not a JSON object, or lacks what the contract requires, is poison. */
public final class Payloads {

    private Payloads() {
    }

    public static JsonNode object(IncomingEvent event, JsonMapper json) {
        JsonNode data = event.data(json, JsonNode.class);
        if (data == null || !data.isObject()) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") has no JSON object as data");
        }
        return data;
    }

    /** The text of {@code field}, null when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    public static String required(IncomingEvent event, JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") without " + field);
        }
        return value;
    }

    public static List<String> texts(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : node.path(field)) {
            if (!item.isNull()) {
                values.add(item.asString());
            }
        }
        return values;
    }
}
