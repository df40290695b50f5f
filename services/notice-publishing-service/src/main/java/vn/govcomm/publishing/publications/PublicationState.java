package vn.govcomm.publishing.publications;

import org.bson.Document;
import vn.govcomm.contracts.events.DeliveryRetracted;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a publication (one campaign version) is; its name is what the store and the API carry.
 * <pre>
 * SCHEDULED --publishAt--> EXPANDING --all targets--> EXPANDED --window end--> CLOSING --> CLOSED
 *     any of these --CampaignCancelled--> CANCELLING --> CANCELLED
 *     an older version: SCHEDULED --> SUPERSEDED, or EXPANDING/EXPANDED --> SUPERSEDING --> SUPERSEDED
 * </pre>
 */
public enum PublicationState {
    SCHEDULED, EXPANDING, EXPANDED, CLOSING, CLOSED, CANCELLING, CANCELLED, SUPERSEDING, SUPERSEDED;

    /** The state of a stored publication. */
    public static PublicationState of(Document publication) {
        return valueOf(publication.getString("state"));
    }

    /** The stored names of the states that pass the test, for queries. */
    static List<String> names(Predicate<PublicationState> test) {
        return Arrays.stream(values()).filter(test).map(PublicationState::name).toList();
    }

    /** A worker of one instance holds it under lease; another instance takes it over once the lease ran out. */
    boolean leased() {
        return this == EXPANDING || this == CANCELLING || this == CLOSING || this == SUPERSEDING;
    }

    /** Its deliveries are going out and stay on the channels (until the window end the scheduler may not have seen yet). */
    public boolean goingOut() {
        return this == EXPANDING || this == EXPANDED;
    }

    /** Its campaign was cancelled or a newer notice version replaced it. */
    public boolean stopped() {
        return this == CANCELLING || this == CANCELLED || this == SUPERSEDING || this == SUPERSEDED;
    }

    /** Its window ended: its deliveries are being (or were) expired and retracted. */
    public boolean windowEnded() {
        return this == CLOSING || this == CLOSED;
    }

    /**
     * The DeliveryRetracted reason that takes this publication's deliveries off the channels, or null while none
     * does (scheduled or going out).
     */
    public DeliveryRetracted.Reason retractionReason() {
        return switch (this) {
            case SCHEDULED, EXPANDING, EXPANDED -> null;
            case CANCELLING, CANCELLED -> DeliveryRetracted.Reason.CAMPAIGN_CANCELLED;
            case SUPERSEDING, SUPERSEDED -> DeliveryRetracted.Reason.SUPERSEDED;
            case CLOSING, CLOSED -> DeliveryRetracted.Reason.WINDOW_ENDED;
        };
    }
}
