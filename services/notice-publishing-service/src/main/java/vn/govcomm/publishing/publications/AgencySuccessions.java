package vn.govcomm.publishing.publications;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.govcomm.kit.kafka.ArrivedEarly;
import vn.govcomm.kit.kafka.ConcurrentChange;
import vn.govcomm.publishing.deliveries.Deliveries;
import vn.govcomm.publishing.deliveries.Rendering;
import vn.govcomm.publishing.directory.AgencyReplica;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Open deliveries follow the successor of a merged or renamed agency ({@link AgencyReplica.Succeeded}, in the directory
 * listener's thread once the snapshot is stored). For each publication still going out (not stopped, window not
 * ended), each of the predecessor's deliveries that has not reached its channel ({@link Deliveries#READDRESSABLE}:
 * PENDING, DISPATCHED, RETRYING, FAILED) is re-addressed:
 * <ul>
 * <li>the successor has an endpoint on that channel: a delivery for each such endpoint is requested (unless the
 * successor already has a delivery of that campaign version and channel), then the predecessor's one is retracted
 * and CANCELLED with a reason naming the successor, both through the deliveries' own outbox;</li>
 * <li>the successor's endpoint is the same place (after a rename: same endpoint id, or same external id on the
 * channel): nothing is retracted or re-sent, the delivery is already going where it should; it is noted;</li>
 * <li>the successor has no endpoint on that channel: the delivery stays (retracting it would leave that audience with
 * nothing while the old page or screen still reaches it); it is noted, and the reports credit the successor.</li>
 * </ul>
 * Deliveries that reached their channel (ACCEPTED, achieved) are history and stay. Every step is idempotent: the new
 * delivery's id is the fan-out's for that endpoint (insert-first), the retraction a compare-and-set on the
 * delivery's state as read; a crash midway is finished by the snapshot's redelivery, and a replay finds nothing to do.
 */
@Component
class AgencySuccessions {

    private static final Logger log = LoggerFactory.getLogger(AgencySuccessions.class);
    private static final int PAGE = 500;
    private static final int TRIES = 5;

    private final AgencyReplica agencies;
    private final Deliveries deliveries;
    private final Publications publications;

    AgencySuccessions(AgencyReplica agencies, Deliveries deliveries, Publications publications) {
        this.agencies = agencies;
        this.deliveries = deliveries;
        this.publications = publications;
    }

    /** A plan's targets with merged agencies replaced by their successors, channels united per agency. */
    static List<Document> attributed(List<Document> targets, Map<String, String> successors) {
        if (successors.isEmpty()) {
            return targets;
        }
        Map<String, Set<String>> channels = new LinkedHashMap<>();
        for (Document target : targets) {
            String agencyId = successors.getOrDefault(target.getString("agencyId"), target.getString("agencyId"));
            channels.computeIfAbsent(agencyId, a -> new LinkedHashSet<>()).addAll(target.getList("channels", String.class));
        }
        List<Document> attributed = new ArrayList<>();
        channels.forEach((agencyId, c) -> attributed.add(new Document("agencyId", agencyId).append("channels", List.copyOf(c))));
        return attributed;
    }

    @EventListener
    void on(AgencyReplica.Succeeded succeeded) {
        String predecessor = succeeded.predecessorId();
        String successorId = agencies.successors(List.of(succeeded.successorId()))
                .getOrDefault(succeeded.successorId(), succeeded.successorId());
        if (successorId.equals(predecessor)) {
            log.warn("Agency {} names a successor chain that leads back to it; its deliveries stay", predecessor);
            return;
        }
        Document successor = agencies.agency(successorId);
        if (successor == null) {
            // Its snapshot is on its own key of the topic: the predecessor's snapshot is retried until it is here.
            throw new ArrivedEarly("Successor " + successorId + " of " + predecessor + " is not in the directory yet");
        }
        String afterId = "";
        Map<String, Document> publicationsById = new HashMap<>();
        Map<String, Set<String>> successorChannels = new HashMap<>();
        int readdressed = 0;
        int kept = 0;
        while (true) {
            List<Document> page = deliveries.ofAgency(predecessor, Deliveries.READDRESSABLE, afterId, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Document delivery : page) {
                String key = delivery.getString("campaignId") + ":v" + delivery.getInteger("noticeVersion");
                Document publication = publicationsById.computeIfAbsent(key, k -> publications.publication(
                        delivery.getString("campaignId"), delivery.getInteger("noticeVersion")));
                if (!goingOut(publication)) {
                    continue; // stopped or past its window: its own retraction pass or the window end settles it
                }
                switch (readdress(delivery, publication, predecessor, succeeded.kind(), successor, successorChannels.computeIfAbsent(key,
                        k -> deliveries.channelsOf(delivery.getString("campaignId"), delivery.getInteger("noticeVersion"),
                                successorId)))) {
                    case READDRESSED -> readdressed++;
                    case KEPT -> kept++;
                }
            }
            afterId = page.getLast().getString("_id");
        }
        log.info("Agency {} succeeded by {}: {} open deliveries re-addressed, {} kept where they are", predecessor,
                successorId, readdressed, kept);
    }

    private enum Outcome { READDRESSED, KEPT }

    /** Why a delivery went to the successor, in the words of the succession's kind (both when it is not known). */
    static String readdressedReason(String kind, String predecessor, String name, String successorId) {
        String vi = switch (kind == null ? "" : kind) {
            case "MERGED" -> "Cơ quan đã sáp nhập vào ";
            case "RENAMED" -> "Cơ quan đã đổi tên thành ";
            default -> "Cơ quan đã sáp nhập vào hoặc đổi tên thành ";
        };
        String en = switch (kind == null ? "" : kind) {
            case "MERGED" -> " merged into ";
            case "RENAMED" -> " renamed to ";
            default -> " merged into or renamed to ";
        };
        return vi + name + " (" + successorId + "); gửi lại cho cơ quan kế thừa. / Agency " + predecessor + en + name
                + " (" + successorId + "); re-addressed to the successor.";
    }

    private Outcome readdress(Document delivery, Document publication, String predecessor, String kind, Document successor,
                              Set<String> successorHas) {
        String successorId = successor.getString("_id");
        String channel = delivery.getString("channel");
        List<Document> endpoints = successor.getList("endpoints", Document.class, List.of()).stream()
                .filter(e -> channel.equals(e.getString("channel"))).toList();
        String name = Objects.requireNonNullElse(successor.getString("name"), successorId);
        if (endpoints.isEmpty()) {
            deliveries.keepForSuccessor(delivery, successorId, "Cơ quan kế thừa " + name + " (" + successorId
                    + ") chưa có kênh " + channel + ": giữ lượt phát hành cũ. / Successor " + name + " (" + successorId
                    + ") has no " + channel + " endpoint: kept.");
            return Outcome.KEPT;
        }
        boolean samePlace = endpoints.stream().anyMatch(e -> Objects.equals(e.getString("endpointId"), delivery.getString("endpointId"))
                || e.getString("externalId") != null && e.getString("externalId").equals(delivery.getString("externalId")));
        if (samePlace) {
            deliveries.keepForSuccessor(delivery, successorId, "Cùng kênh với cơ quan kế thừa " + name + " (" + successorId
                    + "). / Same endpoint as successor " + name + " (" + successorId + ").");
            return Outcome.KEPT;
        }
        if (!successorHas.contains(channel)) {
            Document campaign = publications.campaign(publication);
            Rendering.Renderer renderer = Rendering.forNotice(campaign.get("notice", Document.class));
            for (Document endpoint : endpoints) {
                deliveries.requestForSuccessor(campaign, renderer, successorId, endpoint, delivery);
            }
            successorHas.add(channel);
        }
        String reason = readdressedReason(kind, predecessor, name, successorId);
        Document current = delivery;
        for (int tries = 0; tries < TRIES && current != null; tries++) {
            if (!Deliveries.READDRESSABLE.contains(current.getString("status"))) {
                return Outcome.KEPT; // it reached its channel meanwhile: history
            }
            if (deliveries.readdress(current, successorId, reason)) {
                return Outcome.READDRESSED;
            }
            current = deliveries.find(current.getString("_id")); // a status or a re-send came first: read it again
        }
        throw new ConcurrentChange("Delivery " + delivery.getString("_id") + " kept changing while it was re-addressed");
    }

    /** A publication whose deliveries still go out: not stopped, window not ended (by state or by the clock). */
    private boolean goingOut(Document publication) {
        if (publication == null) {
            return false;
        }
        PublicationState state = PublicationState.of(publication);
        Date windowEndsAt = publication.getDate("windowEndsAt");
        return !state.stopped() && !state.windowEnded() && windowEndsAt != null
                && publications.now().isBefore(windowEndsAt.toInstant());
    }
}
