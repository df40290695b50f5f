package vn.govcomm.kit.directory;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;

/**
 * One {@code directory.agencies} record as a directory replica reads it: an {@link AgencyChanged} with an agency id,
 * and when it was published (a newer snapshot wins). Anything else is a poison event (dead-lettered by the kit).
 */
public record AgencySnapshot(AgencyChanged agency, Instant time) {

    public static AgencySnapshot of(ConsumerRecord<String, byte[]> record, JsonMapper json) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!EventTypes.AGENCY_CHANGED.equals(event.type())) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        AgencyChanged agency = event.data(json, AgencyChanged.class);
        if (agency.agencyId() == null) {
            throw new PoisonEventException("AgencyChanged " + event.id() + " has no agencyId");
        }
        return new AgencySnapshot(agency, event.time());
    }
}
