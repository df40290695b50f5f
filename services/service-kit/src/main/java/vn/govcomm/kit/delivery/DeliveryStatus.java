package vn.govcomm.kit.delivery;

import vn.govcomm.contracts.events.DeliveryStatusChanged;

/**
 * The one delivery state vocabulary shared by all channels (contracts: _common.v1.json#/$defs/deliveryStatus; on
 * the wire {@link DeliveryStatusChanged.Status}, same names: {@link #wire()}, {@link #of}).
 * A delivery only moves forward: {@link #canMoveTo} is what every projection applies, so duplicate and
 * out-of-order status events never move a delivery backwards.
 */
public enum DeliveryStatus {
    PENDING(0, false),
    DISPATCHED(10, false),
    RETRYING(20, false),
    ACCEPTED(30, false),
    PUBLISHED(50, false),
    FETCHED(60, false),
    DISPLAYED(70, false),
    FAILED(40, true),
    EXPIRED(80, true),
    CANCELLED(90, true);

    private final int rank;
    private final boolean terminal;

    DeliveryStatus(int rank, boolean terminal) {
        this.rank = rank;
        this.terminal = terminal;
    }

    /** The status a DeliveryStatusChanged names. */
    public static DeliveryStatus of(DeliveryStatusChanged.Status wire) {
        return valueOf(wire.name());
    }

    /** This status as DeliveryStatusChanged names it. */
    public DeliveryStatusChanged.Status wire() {
        return DeliveryStatusChanged.Status.valueOf(name());
    }

    public int rank() {
        return rank;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** Reached the audience as far as the channel can prove it. */
    public boolean isAchieved() {
        return this == PUBLISHED || this == FETCHED || this == DISPLAYED;
    }

    /**
     * Whether a delivery in this status (for attempt {@code fromAttempt}) may take {@code next} reported for
     * attempt {@code nextAttempt}. A newer attempt (an officer's re-send) starts over; within an attempt the
     * status only climbs; FAILED and EXPIRED can still be overtaken by proof of publication; EXPIRED never
     * overrides an achieved delivery; CANCELLED ends everything.
     */
    public boolean canMoveTo(DeliveryStatus next, int fromAttempt, int nextAttempt) {
        if (this == CANCELLED) {
            return false;
        }
        if (next == CANCELLED) {
            return true;
        }
        if (nextAttempt != fromAttempt) {
            return nextAttempt > fromAttempt;
        }
        if (next == EXPIRED) {
            return !isAchieved() && this != EXPIRED;
        }
        if (this == EXPIRED || this == FAILED) {
            // Proof of publication wins over an expiry or failure recorded for the same attempt, so the final
            // state does not depend on the order in which events arrive (a post made just before the window end).
            return next.isAchieved();
        }
        return next.rank > rank;
    }
}
