package vn.govcomm.facebook.credentials;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.identity.Caller;
import vn.govcomm.kit.directory.AgencySnapshot;
import vn.govcomm.kit.directory.EndpointOwners;
import vn.govcomm.kit.directory.ProvinceScope;

import java.util.Set;

/**
 * Which agency lists each Page (its facebook endpoints' {@code externalId}): the kit's {@link EndpointOwners} over
 * this adapter's small directory replica ({@value #COLLECTION}), fed from the {@code directory.agencies} snapshots
 * by this adapter's own consumer group. Read through the kit's {@link ProvinceScope}: a caller sees the Pages of
 * its own agency and of the agencies the kit opens to it (admins every agency, a viewer of a province-wide agency its
 * province's).
 */
@Component
class PageOwners {

    static final String COLLECTION = "agencies";

    private final JsonMapper json;
    private final EndpointOwners owners;

    PageOwners(MongoTemplate mongo, JsonMapper json, @Value(ProvinceScope.HOME_PROVINCE) String homeProvince) {
        this.json = json;
        this.owners = new EndpointOwners(mongo, COLLECTION, Channels.FACEBOOK, homeProvince);
    }

    @KafkaListener(topics = EventTypes.TOPIC_AGENCY_DIRECTORY, groupId = "facebook-adapter.directory")
    void on(ConsumerRecord<String, byte[]> record) {
        AgencySnapshot snapshot = AgencySnapshot.of(record, json);
        owners.record(snapshot.agency(), snapshot.time());
    }

    /** The Pages {@code caller} may see: null for an admin (every one), else those of the agencies it reads. */
    Set<String> readableBy(Caller caller) {
        return owners.readableBy(caller);
    }
}
