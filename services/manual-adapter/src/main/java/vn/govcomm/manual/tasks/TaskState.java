package vn.govcomm.manual.tasks;

/**
 * Where a manual task stands. The delivery status the adapter reports follows from it (README, status mapping):
 * AWAITING_CONFIRMATION → ACCEPTED, REJECTED → FAILED, ACCEPTED → PUBLISHED, CANCELLED → CANCELLED; AWAITING_REVIEW
 * reports nothing new (the stream stays where it was: ACCEPTED, or FAILED after a rejection).
 */
public enum TaskState {
    AWAITING_CONFIRMATION,
    AWAITING_REVIEW,
    REJECTED,
    ACCEPTED,
    CANCELLED;

    /** The target agency may submit evidence: nothing submitted yet for this attempt, or the last one rejected. */
    public boolean takesEvidence() {
        return this == AWAITING_CONFIRMATION || this == REJECTED;
    }
}
