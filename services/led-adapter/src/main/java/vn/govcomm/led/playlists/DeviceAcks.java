package vn.govcomm.led.playlists;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * What a device acknowledges. Every ack is recorded once ({@value #COLLECTION}, id = deliveryId|state|at, so a
 * duplicate is recognised by insert-first); the status it implies is then reported through the kit, whose
 * state machine drops what would move a delivery backwards (out-of-order RECEIVED after DISPLAYED, a late
 * DISPLAYED for an EXPIRED delivery). DISPLAYED is reported only here (or from Xibo proof of play).
 */
@Component
public class DeviceAcks {

    static final String COLLECTION = "screen_acks";

    public enum State { RECEIVED, DISPLAYED, EXPIRED, ERROR }

    /** applied = the delivery moved; recorded = kept but moved nothing; duplicate = seen before; unknown = not this screen's. */
    public enum Outcome { APPLIED, RECORDED, DUPLICATE, UNKNOWN }

    private final MongoTemplate mongo;
    private final PlaylistItems items;
    private final AdapterDeliveries deliveries;
    private final Clock clock = Clock.systemUTC();

    DeviceAcks(MongoTemplate mongo, PlaylistItems items, AdapterDeliveries deliveries) {
        this.mongo = mongo;
        this.items = items;
        this.deliveries = deliveries;
    }

    public Outcome acknowledge(String screenId, String deliveryId, State state, Instant at) {
        Document item = items.find(deliveryId);
        Optional<AdapterDeliveries.Stored> stored = deliveries.find(deliveryId);
        if (item == null || !screenId.equals(item.getString("screenId")) || stored.isEmpty()) {
            return Outcome.UNKNOWN;
        }
        Instant windowEnd = item.getDate("windowEnd").toInstant();
        // Shown after the window closed, or after the item was taken off the playlist, is not a valid display.
        Date removedAt = item.getBoolean("removed", false) ? item.getDate("removedAt") : null;
        boolean afterWindow = at.isAfter(windowEnd) || (removedAt != null && at.isAfter(removedAt.toInstant()));
        try {
            mongo.insert(new Document("_id", deliveryId + "|" + state + "|" + at)
                    .append("screenId", screenId).append("deliveryId", deliveryId).append("state", state.name())
                    .append("at", Date.from(at)).append("receivedAt", Date.from(clock.instant()))
                    .append("afterWindow", afterWindow), COLLECTION);
        } catch (DuplicateKeyException e) {
            return Outcome.DUPLICATE;
        }
        DeliveryRef ref = Playlists.ref(stored.get());
        boolean moved = switch (state) {
            case RECEIVED -> deliveries.report(ref, DeliveryStatus.FETCHED, null, null, null, null);
            // Not a valid display of the notice (see afterWindow): recorded only.
            case DISPLAYED -> !afterWindow && deliveries.report(ref, DeliveryStatus.DISPLAYED, null, null,
                    "screen:" + screenId, null);
            // A device's own expiry counts only once the window really ended (not at closing time).
            case EXPIRED -> !at.isBefore(windowEnd) && deliveries.report(ref, DeliveryStatus.EXPIRED, "WINDOW_ENDED",
                    "Màn hình báo đã hết hạn hiển thị. / The screen reports the item expired.", null, null);
            case ERROR -> deliveries.report(ref, DeliveryStatus.FAILED, "DEVICE_ERROR",
                    "Màn hình báo lỗi khi hiển thị thông báo; kiểm tra thiết bị. / The screen could not show the notice;"
                            + " check the device.", null, null);
        };
        return moved ? Outcome.APPLIED : Outcome.RECORDED;
    }
}
