package vn.govcomm.led.playlists;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.contracts.events.Priority;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.kit.delivery.ChannelAdapter;
import vn.govcomm.kit.delivery.DeliveryRequestDispatcher;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.kafka.BatchListeners;
import vn.govcomm.led.screens.ScreenCameBack;
import vn.govcomm.led.screens.ScreenRegistry;
import vn.govcomm.led.screens.ScreenStatus;
import vn.govcomm.led.screens.ScreenWentOffline;
import vn.govcomm.led.xibo.XiboBridge;
import vn.govcomm.led.xibo.XiboPublication;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Queues each delivery as an item of its screen's playlist, a batch of requests at a time ({@link #publishAll}). Being queued is only ACCEPTED (RETRYING with
 * DEVICE_OFFLINE if the screen is known to be offline): the screen proves FETCHED by pulling it and DISPLAYED
 * by acknowledging it. Screens managed by Xibo are handed to the {@link XiboBridge} instead.
 */
@Component
class PlaylistScheduler implements ChannelAdapter {

    static final String DEVICE_OFFLINE = "DEVICE_OFFLINE";
    static final String TOO_LONG = "LED_TEXT_TOO_LONG";
    static final String OFFLINE_REASON = "Màn hình mất kết nối (không gửi tín hiệu định kỳ); thông báo sẽ hiển thị khi "
            + "màn hình hoạt động lại. / The screen stopped sending heartbeats; the notice is queued until it is back.";

    private final PlaylistItems items;
    private final AdapterDeliveries deliveries;
    private final DeliveryRequestDispatcher dispatcher;
    private final ScreenRegistry screens;
    private final XiboBridge xibo;
    private final PlaylistProperties properties;

    PlaylistScheduler(PlaylistItems items, AdapterDeliveries deliveries, DeliveryRequestDispatcher dispatcher,
                      ScreenRegistry screens, XiboBridge xibo, PlaylistProperties properties) {
        this.items = items;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.screens = screens;
        this.xibo = xibo;
        this.properties = properties;
    }

    // This channel's request topic, named by the contracts through the kit (infra/deployment-checks resolves it); a
    // poll at a time (the kit's batch intake: one bulk insert of the requests, then publishAll).
    @KafkaListener(topics = ChannelAdapter.REQUESTS_TOPIC,
            groupId = "led-adapter", containerFactory = BatchListeners.FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        dispatcher.dispatch(records, this);
    }

    /** A window and opening hours the playlist can read, checked before the request is recorded. */
    @Override
    public void check(DeliveryRequested request) {
        if (request.window() == null || request.window().startsAt() == null || request.window().endsAt() == null) {
            throw new PoisonEventException("DeliveryRequested " + request.deliveryId() + " has no window");
        }
        try {
            PlaylistItems.timetable(PlaylistItems.fields(request, properties.defaultDurationSec()));
        } catch (DateTimeException | IllegalArgumentException invalid) {
            throw new PoisonEventException("DeliveryRequested " + request.deliveryId() + " has an unreadable window or"
                    + " opening hours: " + invalid.getMessage(), invalid);
        }
    }

    @Override
    public void publish(DeliveryRequested request) {
        DeliveryRef ref = DeliveryRef.of(request);
        String screenId = request.externalId();
        int duration = duration(request);
        Rendering.Rendered rendered;
        try {
            rendered = Rendering.render(request.content().text(), request.content().lines(), screens.size(screenId),
                    duration, properties.maxPages());
        } catch (Rendering.TooLong tooLong) {
            deliveries.report(ref, DeliveryStatus.FAILED, TOO_LONG, tooLong(tooLong), null, null);
            return;
        }
        boolean viaXibo = xibo.manages(screenId);
        boolean offline = !viaXibo && screens.status(screenId) == ScreenStatus.OFFLINE;
        items.save(request, viaXibo ? "xibo" : null, offline, properties.defaultDurationSec());
        if (viaXibo) {
            xibo.publish(new XiboPublication(ref, screenId, request.campaignId() + ":v" + request.noticeVersion(),
                    rendered.lines(), duration, request.priority() == Priority.URGENT,
                    PlaylistItems.instant(request.window().startsAt()), PlaylistItems.instant(request.window().endsAt())));
        } else if (offline) {
            deliveries.report(ref, DeliveryStatus.RETRYING, DEVICE_OFFLINE, OFFLINE_REASON, null, null);
        } else {
            deliveries.report(ref, DeliveryStatus.ACCEPTED, null, null, request.deliveryId(), null);
        }
    }

    /**
     * A batch: the screens looked up with one read, the signage items written with one bulk, their first statuses
     * (ACCEPTED, RETRYING when the screen is offline, FAILED when the text does not fit) reported in one bulk; screens
     * driven by Xibo go through the bridge one delivery at a time, after.
     */
    @Override
    public void publishAll(List<DeliveryRequested> requests, Waits waits) {
        List<DeliveryRequested> viaXibo = requests.stream().filter(r -> xibo.manages(r.externalId())).toList();
        List<DeliveryRequested> signage = requests.stream().filter(r -> !xibo.manages(r.externalId())).toList();
        Map<String, ScreenRegistry.Screen> known = screens.lookUp(signage.stream().map(DeliveryRequested::externalId)
                .collect(Collectors.toSet()));
        List<PlaylistItems.Queued> queued = new ArrayList<>();
        List<AdapterDeliveries.Report> reports = new ArrayList<>();
        for (DeliveryRequested request : signage) {
            ScreenRegistry.Screen screen = known.get(request.externalId());
            DeliveryRef ref = DeliveryRef.of(request);
            try {
                Rendering.render(request.content().text(), request.content().lines(), screen.size(), duration(request),
                        properties.maxPages());
            } catch (Rendering.TooLong tooLong) {
                reports.add(new AdapterDeliveries.Report(ref, DeliveryStatus.FAILED, TOO_LONG, tooLong(tooLong), null, null));
                continue;
            }
            boolean offline = screen.status() == ScreenStatus.OFFLINE;
            queued.add(new PlaylistItems.Queued(request, offline));
            reports.add(offline
                    ? new AdapterDeliveries.Report(ref, DeliveryStatus.RETRYING, DEVICE_OFFLINE, OFFLINE_REASON, null, null)
                    : new AdapterDeliveries.Report(ref, DeliveryStatus.ACCEPTED, null, null, request.deliveryId(), null));
        }
        items.saveAll(queued, properties.defaultDurationSec());
        deliveries.reportAll(reports);
        // Xibo screens one at a time, with the kit's per-delivery failure handling
        ChannelAdapter.super.publishAll(viaXibo, waits);
    }

    private int duration(DeliveryRequested request) {
        return request.ledSchedule() == null || request.ledSchedule().durationSec() == null
                ? properties.defaultDurationSec() : request.ledSchedule().durationSec();
    }

    private String tooLong(Rendering.TooLong tooLong) {
        return "Nội dung quá dài cho màn hình (cần " + tooLong.pages + " trang, tối đa " + properties.maxPages()
                + "); hãy rút gọn nội dung LED. / The text needs " + tooLong.pages + " pages on this screen"
                + " (at most " + properties.maxPages() + "); shorten the LED text.";
    }

    @Override
    public void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
        if (!items.exists(request.deliveryId())) {
            publish(request);
        } else if (xibo.manages(request.externalId())) {
            if (!xibo.resume(request.deliveryId())) {
                publish(request); // the item was saved but the process died before the bridge recorded it
            }
        } else if (stored.status() == DeliveryStatus.DISPATCHED) {
            // The item was saved but the process died before its status was reported: report it now, or the
            // delivery would wait for ever (LauncherCrashTests).
            DeliveryRef ref = DeliveryRef.of(request);
            if (screens.status(request.externalId()) == ScreenStatus.OFFLINE) {
                deliveries.report(ref, DeliveryStatus.RETRYING, DEVICE_OFFLINE, OFFLINE_REASON, null, null);
            } else {
                deliveries.report(ref, DeliveryStatus.ACCEPTED, null, null, request.deliveryId(), null);
            }
        }
    }

    /**
     * WINDOW_ENDED: off the playlist, EXPIRED (never over DISPLAYED: the kit's state machine decides);
     * CAMPAIGN_CANCELLED and SUPERSEDED: off the playlist, CANCELLED.
     */
    @Override
    public void retract(DeliveryRetracted retraction) {
        Document item = items.remove(retraction.deliveryId(), retraction.reason().name());
        if (item != null && "xibo".equals(item.getString("bridge"))) {
            xibo.retract(retraction.deliveryId());
        }
        deliveries.find(retraction.deliveryId()).ifPresent(stored -> {
            DeliveryRef ref = new DeliveryRef(retraction.deliveryId(), retraction.campaignId(), retraction.agencyId(),
                    retraction.endpointId(), stored.attempt());
            if (retraction.reason() == DeliveryRetracted.Reason.WINDOW_ENDED) {
                deliveries.report(ref, DeliveryStatus.EXPIRED, "WINDOW_ENDED",
                        "Hết thời gian đăng, đã gỡ khỏi danh sách phát. / The window ended; removed from the playlist.",
                        null, null);
            } else {
                deliveries.report(ref, DeliveryStatus.CANCELLED, retraction.reason().name(),
                        "Đã gỡ khỏi danh sách phát. / Removed from the playlist.", null, null);
            }
        });
    }

    /**
     * Deliveries queued on a screen that went silent: RETRYING/DEVICE_OFFLINE where the state machine allows it
     * (a delivery already ACCEPTED or FETCHED cannot move back to RETRYING; it is flagged here and shown by
     * GET /api/led/screens).
     */
    @EventListener
    void on(ScreenWentOffline offline) {
        for (Document item : items.queuedOn(offline.screenId())) {
            String id = item.getString("_id");
            items.flagOffline(id, true);
            deliveries.find(id).ifPresent(stored -> deliveries.report(Playlists.ref(stored), DeliveryStatus.RETRYING,
                    DEVICE_OFFLINE, OFFLINE_REASON, null, null));
        }
    }

    /** The screen is back: what waited for it is queued (ACCEPTED) again. */
    @EventListener
    void on(ScreenCameBack back) {
        for (Document item : items.flaggedOffline(back.screenId())) {
            String id = item.getString("_id");
            items.flagOffline(id, false);
            deliveries.find(id).filter(stored -> stored.status() == DeliveryStatus.RETRYING)
                    .ifPresent(stored -> deliveries.report(Playlists.ref(stored), DeliveryStatus.ACCEPTED, null, null,
                            id, null));
        }
    }
}
