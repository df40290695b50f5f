package vn.govcomm.notification.directory;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.notification.kafka.Batches;
import vn.govcomm.notification.kafka.NotificationTopics;
import vn.govcomm.notification.kafka.Payloads;

import java.util.List;

/** directory.agencies (compacted, full snapshots) in batches: one read and one bulk write per batch. */
@Component
class DirectoryListener {

    private final Directory directory;
    private final JsonMapper json;

    DirectoryListener(Directory directory, JsonMapper json) {
        this.directory = directory;
        this.json = json;
    }

    @KafkaListener(topics = EventTypes.TOPIC_AGENCY_DIRECTORY, containerFactory = NotificationTopics.BATCH_FACTORY,
            groupId = "${govcomm.notifications.group-prefix:notification-service}.agencies")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        Batches.apply(records, this::parse, directory::apply);
    }

    Directory.Snapshot parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null; // a compaction tombstone: the directory never deletes, agencies are deactivated instead
        }
        IncomingEvent event = IncomingEvent.from(record);
        if (!EventTypes.AGENCY_CHANGED.equals(event.type())) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        AgencyChanged data = event.data(json, AgencyChanged.class);
        String agencyId = Payloads.required(event, data.agencyId(), "agencyId");
        String name = Payloads.required(event, data.name(), "name");
        String emailAddress = data.endpoints() == null ? null : data.endpoints().stream()
                .filter(e -> e != null && Channels.EMAIL.equals(e.channel()) && e.externalId() != null)
                .map(AgencyChanged.Endpoint::externalId).findFirst().orElse(null);
        return new Directory.Snapshot(agencyId, name, data.shortName(), data.contactEmail(), emailAddress,
                data.active() == null || data.active(), event.occurredAt(data.occurredAt()));
    }
}
