package vn.govcomm.notification.compliance;

import vn.govcomm.contracts.Channels;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who has complied. A required channel of an agency is done when one of its deliveries there is achieved
 * (PUBLISHED, FETCHED, DISPLAYED: {@link DeliveryStatus#isAchieved()}) or when all of them were CANCELLED (a
 * cancelled delivery needs nothing). A required channel without any delivery is missing: nothing reached it.
 */
public final class Compliance {

    private Compliance() {
    }

    /** The current state of one delivery. */
    public record Delivery(String agencyId, String channel, DeliveryStatus status) {
    }

    /** An agency that has not complied, and on which channels (in {@link Channels#ALL} order). */
    public record Missing(String agencyId, List<String> channels) {
    }

    public static List<Missing> nonCompliant(Map<String, List<String>> targets, Collection<Delivery> deliveries) {
        Map<String, List<DeliveryStatus>> byAgencyChannel = new HashMap<>();
        for (Delivery d : deliveries) {
            byAgencyChannel.computeIfAbsent(d.agencyId() + "|" + d.channel(), k -> new ArrayList<>()).add(d.status());
        }
        List<Missing> missing = new ArrayList<>();
        targets.forEach((agencyId, required) -> {
            List<String> channels = required.stream().distinct()
                    .filter(channel -> !done(byAgencyChannel.getOrDefault(agencyId + "|" + channel, List.of())))
                    .sorted(Comparator.comparingInt(Channels::order)).toList();
            if (!channels.isEmpty()) {
                missing.add(new Missing(agencyId, channels));
            }
        });
        return missing;
    }

    static boolean done(List<DeliveryStatus> statuses) {
        if (statuses.stream().anyMatch(DeliveryStatus::isAchieved)) {
            return true;
        }
        return !statuses.isEmpty() && statuses.stream().allMatch(s -> s == DeliveryStatus.CANCELLED);
    }
}
