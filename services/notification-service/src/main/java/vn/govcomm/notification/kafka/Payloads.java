package vn.govcomm.notification.kafka;

import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

/**
 * What this service cannot do without in a decoded payload (the contracts' records, read by the kit's
 * {@link IncomingEvent#data}): an absent or blank field is poison.
 */
public final class Payloads {

    private Payloads() {
    }

    public static String required(IncomingEvent event, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") without " + field);
        }
        return value;
    }
}
