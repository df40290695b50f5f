package vn.govcomm.email.sending;

/** Reasons travel in DeliveryStatusChanged, whose {@code reason} holds at most 1000 characters. */
final class Reasons {

    static final int MAX = 1000;

    private Reasons() {
    }

    static String cut(String reason) {
        if (reason == null || reason.length() <= MAX) {
            return reason;
        }
        return reason.substring(0, MAX - 1) + "…";
    }
}
