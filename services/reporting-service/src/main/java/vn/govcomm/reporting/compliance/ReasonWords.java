package vn.govcomm.reporting.compliance;

import vn.govcomm.kit.delivery.DeliveryStatus;

/**
 * Why a required channel is not (yet) complied with, in words an official reads (Vietnamese, then English), from a
 * delivery's status and the channel's {@code reasonCode}/{@code reason}. The adapters' reasons are already words
 * (often Vietnamese); a code without a reason gets a generic sentence naming the code.
 */
public final class ReasonWords {

    /** The manual channel: a task created, the agency has not had evidence accepted yet. */
    public static final String MANUAL_AWAITING_CONFIRMATION = "MANUAL_AWAITING_CONFIRMATION";
    /** The manual channel: the issuing agency rejected the evidence (reason = the reviewer's words). */
    public static final String EVIDENCE_REJECTED = "EVIDENCE_REJECTED";
    /** Nothing was ever dispatched on a required channel. */
    public static final String NO_DELIVERY = "NO_DELIVERY";

    public record Words(String code, String vi, String en) {
    }

    private ReasonWords() {
    }

    /** A required channel on which the agency has no delivery at all. */
    public static Words noDelivery() {
        return new Words(NO_DELIVERY,
                "Chưa có lượt phát hành nào trên kênh này (cơ quan chưa khai báo kênh hoặc chưa được gửi).",
                "Nothing was ever sent on this channel (no endpoint registered, or not dispatched).");
    }

    /** A failed delivery: the adapter's reason, or the reviewer's words for rejected evidence. */
    public static Words failed(String reasonCode, String reason) {
        String code = reasonCode == null ? DeliveryStatus.FAILED.name() : reasonCode;
        if (EVIDENCE_REJECTED.equals(code)) {
            return new Words(code, "Minh chứng bị từ chối: " + orElse(reason, "không nêu lý do") + ".",
                    "Evidence rejected: " + orElse(reason, "no reason given") + ".");
        }
        if (reason != null && !reason.isBlank()) {
            return new Words(code, reason, reason);
        }
        return reasonCode == null
                ? new Words(code, "Kênh báo gửi thất bại, không có lý do chi tiết.", "The channel reported a failure without details.")
                : new Words(code, "Kênh báo gửi thất bại (mã " + code + ").", "The channel reported a failure (code " + code + ").");
    }

    /** The most advanced delivery of a channel that is neither achieved nor cancelled. */
    public static Words of(DeliveryStatus status, String reasonCode, String reason) {
        return switch (status) {
            case FAILED -> failed(reasonCode, reason);
            case EXPIRED -> new Words(reasonCode == null ? status.name() : reasonCode,
                    "Hết thời gian đăng mà kênh chưa xác nhận đã đăng" + detail(reason) + ".",
                    "The window ended before the channel confirmed publication" + detail(reason) + ".");
            case ACCEPTED -> MANUAL_AWAITING_CONFIRMATION.equals(reasonCode)
                    ? new Words(reasonCode, "Chưa có minh chứng được chấp nhận (cơ quan chưa xác nhận, hoặc minh chứng đang chờ duyệt).",
                    "No accepted evidence yet (not confirmed by the agency, or awaiting review).")
                    : new Words(reasonCode == null ? status.name() : reasonCode,
                    "Kênh đã tiếp nhận nhưng chưa xác nhận đã đăng" + detail(reason) + ".",
                    "The channel accepted the notice but has not confirmed publication" + detail(reason) + ".");
            case RETRYING -> new Words(reasonCode == null ? status.name() : reasonCode,
                    "Đang gửi lại" + detail(reason) + ".", "Being retried" + detail(reason) + ".");
            case PENDING, DISPATCHED -> new Words(status.name(), "Đã chuyển đến kênh, chưa có kết quả.",
                    "Handed to the channel, no result yet.");
            case PUBLISHED, FETCHED, DISPLAYED, CANCELLED -> new Words(status.name(), status.name(), status.name());
        };
    }

    private static String detail(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + withoutFullStop(reason);
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : withoutFullStop(value);
    }

    /** The sentence is ended by the caller ("...: the reviewer's words." not "words.."). */
    private static String withoutFullStop(String text) {
        String t = text.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
