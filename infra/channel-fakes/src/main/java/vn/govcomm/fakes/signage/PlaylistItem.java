package vn.govcomm.fakes.signage;

/** One item of a screen's playlist, as the platform's signage protocol serves it. */
public record PlaylistItem(String noticeId, String deliveryId, String text, String validFrom, String validTo,
                           int priority, int durationSec) {
}
